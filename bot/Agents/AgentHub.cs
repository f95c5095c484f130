using System.Text.Json;
using ComplaintBot.Dialogs.Handoff;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.State;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace ComplaintBot.Bot.Agents;

/// <summary>
/// Live updates for the console (/agent/hub). Server → client only, apart from choosing which conversation to
/// watch; everything that changes state goes through the anti-forgery-protected HTTP API.
/// Client methods: <c>queueChanged(conversationId)</c>, <c>message(ConversationMessage)</c>.
/// </summary>
[Authorize(Policy = AgentAuth.Policy)]
public sealed class AgentHub : Hub
{
    public const string Path = "/agent/hub";
    public const string AllAgents = "agents";

    public static string ConversationGroup(string conversationId) => "conv:" + conversationId;

    public override async Task OnConnectedAsync()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, AllAgents);
        await base.OnConnectedAsync();
    }

    public Task Watch(string conversationId) => Groups.AddToGroupAsync(Context.ConnectionId, ConversationGroup(conversationId));

    public Task Unwatch(string conversationId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, ConversationGroup(conversationId));
}

/// <summary>Forwards hand-off notifications (possibly from other bot instances) to connected consoles.</summary>
public sealed class AgentHubRelay(INotificationBus bus, IHubContext<AgentHub> hub, ILogger<AgentHubRelay> log) : IHostedService
{
    private IDisposable[] _subscriptions = [];

    public Task StartAsync(CancellationToken ct)
    {
        _subscriptions =
        [
            bus.Subscribe(HandoffTopics.QueueChanged, id => hub.Clients.Group(AgentHub.AllAgents).SendAsync("queueChanged", id)),
            bus.Subscribe(HandoffTopics.Message, async payload =>
            {
                var message = JsonSerializer.Deserialize<ConversationMessage>(payload, ActivityJson.Options);
                if (message is null) return;
                log.LogDebug("relaying a {Role} message on {Conversation} to the console", message.Role, message.ConversationId);
                await hub.Clients.Group(AgentHub.ConversationGroup(message.ConversationId)).SendAsync("message", message);
                // Queue rows show the latest customer activity too.
                await hub.Clients.Group(AgentHub.AllAgents).SendAsync("activity", message.ConversationId);
            }),
        ];
        return Task.CompletedTask;
    }

    /// <summary>
    /// May run twice at once: a host started by WebApplicationFactory is stopped by the factory's dispose and, as
    /// soon as that signals ApplicationStopping, again by Program's <c>app.Run()</c>. (The first version iterated a
    /// list the other call was clearing — the NullReferenceException seen in CI.) Whichever call comes first takes the
    /// subscriptions; the other finds none.
    /// </summary>
    public Task StopAsync(CancellationToken ct)
    {
        foreach (var subscription in Interlocked.Exchange(ref _subscriptions, [])) subscription.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>Looks for conversations nobody took in time (Agents:QueueTimeout) and promises the customer a call back.</summary>
public sealed class HandoffTimeoutService(HandoffService handoff, HandoffOptions options, TimeProvider clock, ILogger<HandoffTimeoutService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.QueueSweepInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var n = await handoff.SweepTimeoutsAsync(stoppingToken);
                    if (n > 0) log.LogInformation("{Count} waiting conversation(s) timed out; callback promised", n);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    log.LogWarning(ex, "queue timeout sweep failed");
                }
            }
        }
        catch (OperationCanceledException) { }
    }
}

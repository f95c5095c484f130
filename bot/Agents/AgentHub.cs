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
    private readonly List<IDisposable> _subscriptions = new();

    public Task StartAsync(CancellationToken ct)
    {
        lock (_subscriptions) _subscriptions.Add(bus.Subscribe(HandoffTopics.QueueChanged, id => hub.Clients.Group(AgentHub.AllAgents).SendAsync("queueChanged", id)));
        lock (_subscriptions) _subscriptions.Add(bus.Subscribe(HandoffTopics.Message, async payload =>
        {
            var message = JsonSerializer.Deserialize<ConversationMessage>(payload, ActivityJson.Options);
            if (message is null) return;
            log.LogDebug("relaying a {Role} message on {Conversation} to the console", message.Role, message.ConversationId);
            await hub.Clients.Group(AgentHub.ConversationGroup(message.ConversationId)).SendAsync("message", message);
            // Queue rows show the latest customer activity too.
            await hub.Clients.Group(AgentHub.AllAgents).SendAsync("activity", message.ConversationId);
        }));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct)
    {
        IDisposable[] subscriptions;
        lock (_subscriptions)
        {
            subscriptions = _subscriptions.ToArray();
            _subscriptions.Clear();
        }
        // Shutting down must finish even if one unsubscribe fails (seen once in CI as a NullReferenceException).
        foreach (var s in subscriptions)
        {
            try { s?.Dispose(); }
            catch (Exception ex) { log.LogWarning(ex, "unsubscribing the agent console relay failed during shutdown"); }
        }
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

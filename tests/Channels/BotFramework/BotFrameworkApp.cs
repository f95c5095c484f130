using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using ComplaintBot.Bot.Channels.BotFramework;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Dialogs.Turns;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using IMiddleware = ComplaintBot.Dialogs.Turns.IMiddleware;

namespace ComplaintBot.Tests.Channels.BotFramework;

/// <summary>
/// The real host (Program) with configuration overrides and a small scripted bot in place of the dialogs, so
/// the channel is tested on its own. Every turn that gets past the channel is recorded by <see cref="TurnLog"/>.
/// </summary>
public sealed class BotFrameworkApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "complaintbot-bf-" + Guid.NewGuid().ToString("N"));

    public ScriptedBot Bot { get; } = new();
    public TurnLog Turns { get; } = new();

    private readonly bool _realBot;
    private readonly Action<IServiceCollection>? _services;

    /// <param name="realBot">true: keep the product's own bot (the complaint dialogs) instead of <see cref="ScriptedBot"/>.</param>
    /// <param name="services">Runs after the app's registrations (e.g. a test clock).</param>
    public BotFrameworkApp(Dictionary<string, string?>? settings = null, bool realBot = false, Action<IServiceCollection>? services = null)
    {
        _realBot = realBot;
        _services = services;
        _settings = new Dictionary<string, string?>
        {
            ["Storage:Sqlite:Path"] = Path.Combine(_dataDir, "complaintbot.db"),
            ["Bot:ConnectorRetry:BaseDelayMilliseconds"] = "5",
        };
        foreach (var kv in settings ?? new()) _settings[kv.Key] = kv.Value;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var kv in _settings) builder.UseSetting(kv.Key, kv.Value);
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(_settings));
        builder.ConfigureTestServices(services =>
        {
            if (!_realBot)
            {
                services.AddSingleton<IBot>(sp =>
                {
                    Bot.State = sp.GetRequiredService<ConversationState>();
                    return Bot;
                });
            }
            services.AddSingleton<IMiddleware>(Turns);
            services.AddKeyedSingleton<TokenCredential>(ConnectorClient.CredentialKey, new FixedTokenCredential());
            _services?.Invoke(services);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try { Directory.Delete(_dataDir, recursive: true); } catch (DirectoryNotFoundException) { }
    }

    /// <summary>What a turn leaves behind: the conversation's stored state and its transcript.</summary>
    public async Task<(bool HasState, int TranscriptEntries)> StoredAsync(string conversationId, string channelId = "webchat")
    {
        var key = $"{channelId}/conversations/{conversationId}";
        var state = await Services.GetRequiredService<IStorage>().ReadAsync([key]);
        var transcript = await Services.GetRequiredService<ITranscriptStore>().ReadAsync(ConversationKey.Of(channelId, conversationId));
        return (state.ContainsKey(key), transcript.Count);
    }

    public async Task<HttpResponseMessage> PostAsync(Activity activity, string? bearer = null)
        => await PostRawAsync(ActivityJson.Serialize(activity), bearer);

    public async Task<HttpResponseMessage> PostRawAsync(string json, string? bearer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return await CreateClient().SendAsync(request);
    }

    public static Activity Message(string text, string conversationId = "conv-1", string channelId = "webchat",
        string? serviceUrl = "http://127.0.0.1:9/", bool expectReplies = true) => new()
    {
        Type = ActivityTypes.Message,
        Id = "act-" + Guid.NewGuid().ToString("N")[..8],
        ChannelId = channelId,
        ServiceUrl = serviceUrl,
        Conversation = new ConversationAccount { Id = conversationId },
        From = new ChannelAccount { Id = "user-1", Name = "Customer" },
        Recipient = new ChannelAccount { Id = "bot-1", Name = "ComplaintBot" },
        Text = text,
        Locale = "en-US",
        DeliveryMode = expectReplies ? DeliveryModes.ExpectReplies : null,
    };

    public static async Task<List<Activity>> RepliesAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        return JsonSerializer.Deserialize<ExpectedReplies>(body, ActivityJson.Options)!.Activities;
    }

    public sealed class FixedTokenCredential : TokenCredential
    {
        public const string Token = "token-for-the-connector";
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
            => new(Token, DateTimeOffset.UtcNow.AddHours(1));
        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
            => ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}

/// <summary>Records each turn that reaches the middleware pipeline (i.e. could have touched state).</summary>
public sealed class TurnLog : IMiddleware
{
    public ConcurrentQueue<Activity> Seen { get; } = new();

    public Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken ct)
    {
        Seen.Enqueue(turnContext.Activity.Clone());
        return next(ct);
    }
}

/// <summary>
/// A tiny bot on the real conversation state: counts messages, echoes, greets new members, offers five choices on
/// "choices", fails (after saving) on a message starting with "boom".
/// </summary>
public sealed class ScriptedBot : IBot
{
    public ConcurrentQueue<Activity> Received { get; } = new();
    public ConversationState? State { get; set; }

    public async Task OnTurnAsync(ITurnContext turnContext, CancellationToken ct = default)
    {
        var a = turnContext.Activity;
        Received.Enqueue(a.Clone());
        if (State is not null)
        {
            var messages = State.CreateProperty<int>("messages");
            await messages.SetAsync(turnContext, await messages.GetAsync(turnContext, () => 0, ct) + 1, ct);
            await State.SaveChangesAsync(turnContext, ct: ct);
        }
        switch (a.Type)
        {
            case ActivityTypes.ConversationUpdate when a.MembersAdded?.Any(m => m.Id != a.Recipient?.Id) == true:
                await turnContext.SendActivityAsync("Welcome", ct);
                break;
            case ActivityTypes.Message when a.Text?.StartsWith("boom", StringComparison.Ordinal) == true:
                throw new InvalidOperationException("scripted failure");
            case ActivityTypes.Message when a.Text == "choices":
                var reply = Activity.CreateMessage("Pick one");
                reply.SuggestedActions = new SuggestedActions { Actions = Enumerable.Range(1, 5).Select(i => CardAction.ImBack($"Option {i}")).ToList() };
                await turnContext.SendActivityAsync(reply, ct);
                break;
            case ActivityTypes.Message:
                await turnContext.SendActivityAsync("echo: " + a.Text, ct);
                break;
            case ActivityTypes.Invoke:
                await turnContext.SendActivityAsync(new Activity
                {
                    Type = BotFrameworkAdapter.InvokeResponseType,
                    Value = new JsonObject { ["status"] = 200, ["body"] = new JsonObject { ["handled"] = a.Name } },
                }, ct);
                break;
        }
    }
}

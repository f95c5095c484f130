using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ComplaintBot.Bot.Agents;
using ComplaintBot.Dialogs.Handoff;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.Turns;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.State;

namespace ComplaintBot.Tests.Agents;

/// <summary>
/// The whole bot on Kestrel (127.0.0.1, random port) with its own SQLite file, a manual clock, and a recording
/// channel standing in for the customer's channel, so tests see exactly what the customer would receive.
/// </summary>
public sealed class AgentConsoleHost : WebApplicationFactory<Program>
{
    public string DbPath { get; } = Path.Combine(Path.GetTempPath(), $"handoff-{Guid.NewGuid():N}.db");
    public TestClock Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.FromHours(8)));
    private RecordingChannel? _channel;
    /// <summary>The customer's channel, running the app's real middleware (turn serialization, transcript, hand-off).</summary>
    public RecordingChannel Channel => _channel ??= new RecordingChannel(Services.GetServices<ComplaintBot.Dialogs.Turns.IMiddleware>());
    public const string ConfiguredAgentId = "alice";
    public const string ConfiguredAgentPassword = "correct horse battery staple";
    private readonly string _environment;
    private readonly Action<IServiceCollection>? _services;
    private readonly IReadOnlyDictionary<string, string?> _settings;

    public AgentConsoleHost(string environment = "Development", Action<IServiceCollection>? services = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        _environment = environment;
        _services = services;
        _settings = settings ?? new Dictionary<string, string?>();
        UseKestrel(0);
    }

    public Uri BaseAddress
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address.Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1") + "/");
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        builder.UseSetting("Storage:Sqlite:Path", DbPath);
        builder.UseSetting("Urls", "http://127.0.0.1:0");
        builder.UseSetting("Agents:Accounts:0:Id", ConfiguredAgentId);
        builder.UseSetting("Agents:Accounts:0:DisplayName", "Alice");
        builder.UseSetting("Agents:Accounts:0:Role", "Agent");
        builder.UseSetting("Agents:Accounts:0:Locale", "en-US");
        builder.UseSetting("Agents:Accounts:0:PasswordHash", AgentPasswordHasher.Hash(ConfiguredAgentPassword, 10_000));
        // Tests drive the sweep themselves with the manual clock.
        builder.UseSetting("Agents:QueueSweepInterval", "1.00:00:00");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(s =>
        {
            s.AddSingleton<TimeProvider>(Clock);
            s.AddSingleton(new ProactiveRoute("test", _ => true, () => Channel));
            s.TryAddSingleton<ICaseStore>(sp => new SqliteCaseStore(sp.GetRequiredService<SqliteDatabase>(), Clock));
            s.AddSingleton<IHandoffTexts, KeyTexts>();
            _services?.Invoke(s);
        });
    }

    public HandoffService Handoff => Services.GetRequiredService<HandoffService>();

    /// <summary>An HTTP client with its own cookie jar (one browser).</summary>
    public (HttpClient Http, CookieContainer Cookies) NewClient()
    {
        var cookies = new CookieContainer();
        return (new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = BaseAddress }, cookies);
    }

    public async Task<AgentSession> SignInAsync(string id, string password)
    {
        var (http, cookies) = NewClient();
        var session = new AgentSession(this, http, cookies);
        var token = await session.AntiforgeryTokenAsync();
        using var req = new HttpRequestMessage(HttpMethod.Post, "agent/api/signin") { Content = JsonContent.Create(new { id, password }) };
        req.Headers.Add(AgentAuth.AntiforgeryHeader, token);
        var res = await http.SendAsync(req);
        if (res.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"sign-in failed: {res.StatusCode}");
        // The token is bound to the identity: get a new one after signing in, as the console does.
        session.Token = await session.AntiforgeryTokenAsync();
        return session;
    }

    public Task<AgentSession> SignInDemoAsync() => SignInAsync("demo", "demo");

    /// <summary>
    /// Runs one customer turn through the channel's middleware; if the turn reaches the bot, the default bot
    /// answers "bot: TEXT" (or <paramref name="bot"/> runs instead).
    /// </summary>
    public Task CustomerSaysAsync(string conversationId, string text, string locale = "en-US", IList<Attachment>? attachments = null, BotCallback? bot = null)
        => Channel.RunTurnAsync(Channel.CustomerMessage(conversationId, text, locale, attachments), bot ?? ((turn, ct) => turn.SendActivityAsync("bot: " + turn.Activity.Text, ct)));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var f in new[] { DbPath, DbPath + "-wal", DbPath + "-shm" })
            try { File.Delete(f); } catch { /* best effort */ }
    }
}

public sealed class AgentSession(AgentConsoleHost host, HttpClient http, CookieContainer cookies) : IAsyncDisposable
{
    public HttpClient Http { get; } = http;
    public string Token { get; set; } = "";

    public async Task<string> AntiforgeryTokenAsync()
    {
        var json = await Http.GetFromJsonAsync<JsonElement>("agent/api/antiforgery");
        return json.GetProperty("token").GetString()!;
    }

    public Task<HttpResponseMessage> PostAsync(string path, object body)
    {
        var req = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        req.Headers.Add(AgentAuth.AntiforgeryHeader, Token);
        return Http.SendAsync(req);
    }

    public async Task<JsonElement> GetJsonAsync(string path) => await Http.GetFromJsonAsync<JsonElement>(path);

    /// <summary>A SignalR connection to the hub carrying this session's cookie.</summary>
    public async Task<HubConnection> ConnectHubAsync()
    {
        var header = cookies.GetCookieHeader(new Uri(host.BaseAddress, "agent/hub"));
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(host.BaseAddress, "agent/hub"), o => o.Headers["Cookie"] = header)
            .Build();
        await hub.StartAsync();
        return hub;
    }

    public ValueTask DisposeAsync()
    {
        Http.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>A TimeProvider the test moves by hand.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;
    public override DateTimeOffset GetUtcNow() => _now;
    public void Advance(TimeSpan by) => _now += by;
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}

/// <summary>
/// A channel adapter that keeps what it sends (per conversation) and whether the bot's own logic ran.
/// It runs the same middleware the real channels run before the bot.
/// </summary>
public sealed class RecordingChannel : BotAdapter
{
    public RecordingChannel(IEnumerable<ComplaintBot.Dialogs.Turns.IMiddleware> middleware)
    {
        foreach (var m in middleware) Use(m);
    }

    private readonly object _gate = new();
    private readonly List<Activity> _sent = new();
    private readonly List<string> _botTurns = new();

    public IReadOnlyList<Activity> SentTo(string conversationId)
    {
        lock (_gate) return _sent.Where(a => a.Conversation?.Id == conversationId).ToList();
    }

    public IReadOnlyList<string> TextsTo(string conversationId) => SentTo(conversationId).Where(a => a.Type == ActivityTypes.Message).Select(a => a.Text ?? "").ToList();

    /// <summary>Texts of the customer messages the bot logic was asked to answer.</summary>
    public IReadOnlyList<string> BotTurns(string conversationId)
    {
        lock (_gate) return _botTurns.Where(t => t.StartsWith(conversationId + "|")).Select(t => t[(conversationId.Length + 1)..]).ToList();
    }

    public Activity CustomerMessage(string conversationId, string text, string locale, IList<Attachment>? attachments = null) => new()
    {
        Type = ActivityTypes.Message,
        Id = Guid.NewGuid().ToString("N"),
        Text = text,
        Locale = locale,
        ChannelId = "test",
        ServiceUrl = "http://127.0.0.1/test-channel",
        Timestamp = DateTimeOffset.UtcNow,
        Conversation = new ConversationAccount { Id = conversationId },
        From = new ChannelAccount { Id = "customer-" + conversationId, Name = "Customer", Role = "user" },
        Recipient = new ChannelAccount { Id = "complaintbot", Name = "ComplaintBot", Role = "bot" },
        Attachments = attachments?.ToList(),
    };

    public Task RunTurnAsync(Activity activity, BotCallback bot) => RunPipelineAsync(new TurnContext(this, activity), async (turn, ct) =>
    {
        lock (_gate) _botTurns.Add(activity.Conversation!.Id + "|" + activity.Text);
        await bot(turn, ct);
    }, CancellationToken.None);

    public override Task<IReadOnlyList<ResourceResponse>> SendActivitiesAsync(ITurnContext turnContext, IReadOnlyList<Activity> activities, CancellationToken ct)
    {
        lock (_gate) _sent.AddRange(activities.Select(a => a.Clone()));
        return Task.FromResult<IReadOnlyList<ResourceResponse>>(activities.Select(_ => new ResourceResponse { Id = Guid.NewGuid().ToString("N") }).ToList());
    }
}

/// <summary>Renders "key|name=value|…" so tests can assert which message was chosen and with what values.</summary>
public sealed class KeyTexts : IHandoffTexts
{
    public string Render(string template, string locale, IReadOnlyDictionary<string, object?> variables)
        => string.Join("|", new[] { template, locale }.Concat(variables.OrderBy(v => v.Key).Select(v => $"{v.Key}={v.Value}")));
}

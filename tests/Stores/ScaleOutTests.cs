using System.Net;
using System.Text;
using System.Text.Json;
using ComplaintBot.Bot.Hosting;
using ComplaintBot.Bot.Stores;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Dialogs.Turns;
using ComplaintBot.Tests.Runtime;
using ComplaintBot.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using IMiddleware = ComplaintBot.Dialogs.Turns.IMiddleware;

namespace ComplaintBot.Tests.Stores;

/// <summary>
/// Two real hosts (the whole Program) configured with the same PostgreSQL schema, as two instances behind a load
/// balancer that does not pin conversations: the turns of one conversation alternate between them.
/// </summary>
public sealed class ScaleOutTests : IAsyncLifetime
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);   // only stops a broken build from hanging
    private readonly PostgresTestSchema _schema = new();
    private readonly PostgresTestSchema _referenceSchema = new();
    private BotInstance? _a, _b, _reference;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_a is not null) await _a.DisposeAsync();
        if (_b is not null) await _b.DisposeAsync();
        if (_reference is not null) await _reference.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var schema in new[] { _schema, _referenceSchema })
        {
            await schema.DisposeAsync();
            try { Directory.Delete(BotInstance.ShopDirectory(schema), recursive: true); } catch (DirectoryNotFoundException) { }
        }
    }

    [PostgresFact]
    public async Task ConversationAlternatingBetweenTwoInstancesKeepsItsDialogState()
    {
        _a = new BotInstance(_schema);
        _b = new BotInstance(_schema);
        const string conversation = "scale-out-1";

        Assert.Equal(new[] { RuntimeDemoDialog.Greeting }, await _a.SayAsync(conversation, "hello"));
        Assert.Equal(new[] { RuntimeDemoDialog.AskOrder }, await _b.SayAsync(conversation, "the box arrived crushed"));
        Assert.Equal(new[] { RuntimeDemoDialog.RetryOrder }, await _a.SayAsync(conversation, "12"));
        Assert.Equal(new[] { RuntimeDemoDialog.Restatement("the box arrived crushed", "654321") }, await _b.SayAsync(conversation, "654321"));
        Assert.Equal(new[] { RuntimeDemoDialog.Closing }, await _a.SayAsync(conversation, "yes"));

        Assert.IsType<PostgresStorage>(_a.Services.GetRequiredService<IStorage>());
        Assert.IsType<PostgresStorage>(_b.Services.GetRequiredService<IStorage>());

        // Both instances logged into one transcript: one sequence, inbound and outbound interleaved in order.
        var transcript = await _b.Services.GetRequiredService<ITranscriptStore>().ReadAsync(ComplaintBot.Dialogs.Schema.ConversationKey.Of("webchat", conversation));
        Assert.Equal(Enumerable.Range(1, transcript.Count).Select(i => (long)i), transcript.Select(e => e.Sequence));
        var userTexts = transcript.Where(e => e.Activity.From?.Id == "user-1").Select(e => e.Activity.Text);
        Assert.Equal(new[] { "hello", "the box arrived crushed", "12", "654321", "yes" }, userTexts);
        Assert.Contains(transcript, e => e.Activity.Text == RuntimeDemoDialog.Closing);
    }

    [PostgresFact]
    public async Task ComplaintFlowAnswersTheSameWhenItsTurnsAlternateBetweenInstances()
    {
        // The real complaint dialog, once on a single instance and once spread over two: any state an instance
        // kept to itself would change an answer.
        _reference = new BotInstance(_referenceSchema, demoDialog: false);
        _a = new BotInstance(_schema, demoDialog: false);
        _b = new BotInstance(_schema, demoDialog: false);
        string[] customer =
        [
            "My mug from order SO10000001 arrived broken, I want an exchange",
            Complaints.ComplaintHarness.Last4("SO10000001"), // proves the order (issue 13.10)
            "Yes, that's right",
            "1",
            "5",
        ];

        var answers = new List<string?[]>();
        for (var turn = 0; turn < customer.Length; turn++)
        {
            var single = await _reference.SayAsync("complaint-1", customer[turn]);
            var spread = await (turn % 2 == 0 ? _a : _b).SayAsync("complaint-1", customer[turn]);
            Assert.NotEmpty(single);
            Assert.Equal(single, spread);
            answers.Add(spread);
        }

        // The case the bot opened is the same record from either instance, CSAT included.
        var fromA = Assert.Single(await _a.Services.GetRequiredService<ICaseStore>().QueryAsync(new CaseQuery(ConversationId: "complaint-1")));
        var fromB = (await _b.Services.GetRequiredService<ICaseStore>().GetAsync(fromA.Number))!;
        Assert.IsType<PostgresCaseStore>(_b.Services.GetRequiredService<ICaseStore>());
        Assert.Equal(5, fromB.Csat);
        Assert.Contains(answers[3], text => text?.Contains(fromA.Number) == true);   // the written confirmation
        Assert.Equal(fromA.Version, fromB.Version);
    }

    [PostgresFact]
    public async Task DirectLineStreamOnOneInstanceCarriesTheReplyToAMessagePostedOnTheOther()
    {
        _a = new BotInstance(_schema);
        _b = new BotInstance(_schema);
        var http = _a.CreateClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", BotInstance.DirectLineSecret);
        var started = await http.PostAsync("/v3/directline/conversations", null);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        using var conversation = JsonDocument.Parse(await started.Content.ReadAsStringAsync());
        var conversationId = conversation.RootElement.GetProperty("conversationId").GetString()!;
        var streamUrl = new Uri(conversation.RootElement.GetProperty("streamUrl").GetString()!);

        // The customer's browser streams from instance B (the load balancer's choice) ...
        _b.CreateClient();
        await _b.Services.GetRequiredService<PostgresNotificationBus>().WhenListeningAsync().WaitAsync(Guard);
        using var guard = new CancellationTokenSource(Guard);
        using var socket = await _b.Server.CreateWebSocketClient().ConnectAsync(new Uri("ws://localhost" + streamUrl.PathAndQuery), guard.Token);

        // ... while its message is posted to instance A.
        var message = new { type = "message", from = new { id = "customer-7" }, text = "my parcel never arrived", locale = "en-US" };
        var posted = await http.PostAsync($"/v3/directline/conversations/{conversationId}/activities",
            new StringContent(JsonSerializer.Serialize(message), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        using var postedBody = JsonDocument.Parse(await posted.Content.ReadAsStringAsync());
        var postedId = postedBody.RootElement.GetProperty("id").GetString();

        var seen = new List<Activity>();
        while (!seen.Any(a => a.ReplyToId == postedId && a.From?.Id != "customer-7"))
            seen.AddRange(await ReceiveActivitiesAsync(socket, guard.Token));

        Assert.Contains(seen, a => a.Id == postedId && a.Text == "my parcel never arrived");
        var reply = seen.First(a => a.ReplyToId == postedId && a.From?.Id != "customer-7");
        Assert.Equal(ActivityTypes.Message, reply.Type);
        Assert.False(string.IsNullOrEmpty(reply.Text));
    }

    private static async Task<List<Activity>> ReceiveActivitiesAsync(System.Net.WebSockets.WebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        System.Net.WebSockets.WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, ct);
            Assert.NotEqual(System.Net.WebSockets.WebSocketMessageType.Close, result.MessageType);
            message.Write(buffer, 0, result.Count);
        } while (!result.EndOfMessage);
        if (message.Length == 0) return new();   // keep-alive
        using var set = JsonDocument.Parse(message.ToArray());
        return set.RootElement.GetProperty("activities").EnumerateArray()
            .Select(a => ActivityJson.Parse(a.GetRawText())!).ToList();
    }

    [PostgresFact]
    public async Task NotificationPublishedOnOneHostReachesSubscribersOnTheOther()
    {
        _a = new BotInstance(_schema);
        _b = new BotInstance(_schema);
        _a.CreateClient();   // builds and starts the hosts (and their listeners)
        _b.CreateClient();
        await _a.Services.GetRequiredService<PostgresNotificationBus>().WhenListeningAsync().WaitAsync(Guard);
        await _b.Services.GetRequiredService<PostgresNotificationBus>().WhenListeningAsync().WaitAsync(Guard);

        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var _ = _b.Services.GetRequiredService<INotificationBus>().Subscribe("agents.queue", p => { received.TrySetResult(p); return Task.CompletedTask; });
        await _a.Services.GetRequiredService<INotificationBus>().PublishAsync("agents.queue", "conversation scale-out-2 waiting");

        Assert.Equal("conversation scale-out-2 waiting", await received.Task.WaitAsync(Guard));
    }

    [PostgresFact]
    public async Task TurnsOfOneConversationOnTwoInstancesAreSerializedNotFailed()
    {
        var gate = new HoldReplies("the box arrived crushed");
        _a = new BotInstance(_schema, gate);
        _b = new BotInstance(_schema);
        const string conversation = "scale-out-3";
        Assert.Equal(new[] { RuntimeDemoDialog.Greeting }, await _a.SayAsync(conversation, "hello"));

        // Instance A's turn stops inside the dialog (state loaded, not yet saved) while B gets the next message.
        var onA = _a.SayAsync(conversation, "the box arrived crushed");
        await gate.Entered.Task.WaitAsync(Guard);
        var onB = _b.SayAsync(conversation, "654321");
        var queued = WaitForAdvisoryLockWaiterAsync();
        if (await Task.WhenAny(queued, onB) == onB)
            Assert.Fail($"B's turn ran beside A's instead of waiting for it; it answered: {string.Join(" | ", await onB)}");
        await queued;
        gate.Release.SetResult();

        Assert.Equal(new[] { RuntimeDemoDialog.AskOrder }, await onA.WaitAsync(Guard));
        Assert.Equal(new[] { RuntimeDemoDialog.Restatement("the box arrived crushed", "654321") }, await onB.WaitAsync(Guard));
    }

    /// <summary>Until B's turn is seen queued on the conversation's advisory lock (state polled, nothing timed).</summary>
    private async Task WaitForAdvisoryLockWaiterAsync()
    {
        await using var admin = Npgsql.NpgsqlDataSource.Create(PostgresTestSchema.ConnectionString);
        using var guard = new CancellationTokenSource(Guard);
        while (true)
        {
            await using var cmd = admin.CreateCommand("""
                SELECT count(*) FROM pg_locks
                WHERE locktype = 'advisory' AND NOT granted AND classid = hashtext(@space)::oid AND objid = hashtext(@key)::oid
                """);
            cmd.Parameters.AddWithValue("space", "turn:" + _schema.Name);
            cmd.Parameters.AddWithValue("key", "webchat/scale-out-3");
            if ((long)(await cmd.ExecuteScalarAsync(guard.Token))! == 1) return;
            await Task.Delay(20, guard.Token);
        }
    }

    /// <summary>Holds the replies of the turn whose text is <paramref name="text"/> until released.</summary>
    private sealed class HoldReplies(string text) : IMiddleware
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken ct)
        {
            if (turnContext.Activity.Text == text)
                turnContext.OnSendActivities(async (_, _, send) =>
                {
                    Entered.TrySetResult();
                    await Release.Task;
                    return await send();
                });
            return next(ct);
        }
    }

    /// <summary>The real host with Storage:Provider=Postgres on the test's schema; the runtime's demo dialog as root unless told.</summary>
    private sealed class BotInstance(PostgresTestSchema schema, IMiddleware? extra = null, bool demoDialog = true) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            var settings = schema.HostSettings(ShopDirectory(schema));
            // Instances share the Direct Line secret, so tokens and stream URLs of one are valid on the other.
            settings["DirectLine:Secret"] = DirectLineSecret;
            // A stream also re-reads on its keep-alive tick; pushed long out so only a notification can wake it.
            settings["DirectLine:KeepAliveInterval"] = "00:10:00";
            foreach (var kv in settings) builder.UseSetting(kv.Key, kv.Value);
            builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(settings));
            builder.ConfigureTestServices(services =>
            {
                if (demoDialog) services.AddRootDialog<RuntimeDemoDialog>();
                if (extra is not null) services.AddSingleton(extra);
            });
        }

        public const string DirectLineSecret = "scale-out-test-secret";

        public static string ShopDirectory(PostgresTestSchema schema) => Path.Combine(Path.GetTempPath(), "complaintbot-scaleout-" + schema.Name);

        public async Task<string?[]> SayAsync(string conversationId, string text)
        {
            var activity = new Activity
            {
                Type = ActivityTypes.Message,
                Id = "act-" + Guid.NewGuid().ToString("N")[..8],
                ChannelId = "webchat",
                ServiceUrl = "http://127.0.0.1:9/",
                Conversation = new ConversationAccount { Id = conversationId },
                From = new ChannelAccount { Id = "user-1", Name = "Customer" },
                Recipient = new ChannelAccount { Id = "bot-1", Name = "ComplaintBot" },
                Text = text,
                Locale = "en-US",
                DeliveryMode = DeliveryModes.ExpectReplies,
            };
            using var content = new StringContent(ActivityJson.Serialize(activity), Encoding.UTF8, "application/json");
            var response = await CreateClient().PostAsync("/api/messages", content);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {body}");
            return JsonSerializer.Deserialize<ExpectedReplies>(body, ActivityJson.Options)!.Activities
                .Where(r => r.Type == ActivityTypes.Message).Select(r => r.Text).ToArray();
        }
    }
}

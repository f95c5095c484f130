using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ComplaintBot.Bot.Channels.DirectLine;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Tests.Channels.DirectLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ComplaintBot.Tests.Channels.BotFramework;

/// <summary>
/// Who /api/messages believes (issue 14.1): without an app id, Production refuses everyone unless Bot:AllowAnonymous
/// says otherwise; anonymous callers reply only to loopback; nobody but Azure's Connector may speak as channel
/// "directline"; and no caller of this endpoint can write into one of our own Direct Line conversations.
/// </summary>
public sealed class CallerTrustTests
{
    private static async Task AssertUnauthorizedWithoutATurnAsync(BotFrameworkApp app, HttpResponseMessage response, string conversationId, string channelId)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Unauthorized", error["error"]!["code"]!.GetValue<string>());
        Assert.Empty(app.Turns.Seen);
        Assert.Equal((false, 0), await app.StoredAsync(conversationId, channelId));
    }

    [Fact]
    public async Task In_production_an_empty_app_id_refuses_every_caller_with_401_and_start_up_says_so()
    {
        var logs = new LogLines();
        using var app = new BotFrameworkApp(new() { ["environment"] = "Production" },
            services: s => s.AddSingleton<ILoggerProvider>(logs));

        var response = await app.PostAsync(BotFrameworkApp.Message("my parcel arrived broken"));

        await AssertUnauthorizedWithoutATurnAsync(app, response, "conv-1", "webchat");
        Assert.Contains(logs.Lines, l => l.Contains("Bot:MicrosoftAppId is empty") && l.Contains("401") && l.Contains("Bot:AllowAnonymous"));
    }

    [Fact]
    public async Task In_production_allow_anonymous_accepts_callers_but_replies_only_to_loopback()
    {
        using var app = new BotFrameworkApp(new() { ["environment"] = "Production", ["Bot:AllowAnonymous"] = "true" });

        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync(BotFrameworkApp.Message("hello", serviceUrl: "http://127.0.0.1:9/"))).StatusCode);
        Assert.Single(app.Turns.Seen);

        var ssrf = BotFrameworkApp.Message("hello", conversationId: "conv-2", serviceUrl: "http://169.254.169.254/latest/", expectReplies: false);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.PostAsync(ssrf)).StatusCode);
        Assert.Single(app.Turns.Seen);
        Assert.Equal((false, 0), await app.StoredAsync("conv-2"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task In_development_an_anonymous_caller_may_not_name_a_non_loopback_service_url_even_with_expect_replies(bool expectReplies)
    {
        // The serviceUrl is kept with the conversation: agent replies and follow-ups would POST there later.
        using var app = new BotFrameworkApp();
        var activity = BotFrameworkApp.Message("I want a person", serviceUrl: "http://10.1.2.3:8080/", expectReplies: expectReplies);

        await AssertUnauthorizedWithoutATurnAsync(app, await app.PostAsync(activity), "conv-1", "webchat");
    }

    [Fact]
    public async Task An_anonymous_caller_cannot_speak_as_channel_directline_nor_claim_a_signed_in_customer()
    {
        using var app = new BotFrameworkApp();
        var forged = BotFrameworkApp.Message("hello", channelId: "directline");
        forged.From!.SetSignedInCustomerId("C-10086");

        await AssertUnauthorizedWithoutATurnAsync(app, await app.PostAsync(forged), "conv-1", "directline");
    }

    [Fact]
    public async Task An_api_messages_caller_cannot_write_into_a_direct_line_conversation_whose_id_it_knows()
    {
        using var app = new BotFrameworkApp();
        var http = app.CreateClient();
        var minted = await (await http.PostAsJsonAsync("/api/directline/token", new { })).Content.ReadFromJsonAsync<JsonObject>();
        var (token, conversationId) = (minted!["token"]!.GetValue<string>(), minted["conversationId"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, (await http.SendAsync(HttpMethod.Post, "/v3/directline/conversations", token)).Response.StatusCode);
        await http.PostMessageAsync(conversationId, token, "my own words");

        var injected = BotFrameworkApp.Message("injected by someone else", conversationId: conversationId, channelId: "emulator");
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync(injected)).StatusCode);

        var (activities, _) = await http.GetActivitiesAsync(conversationId, token);
        var texts = activities.Select(a => a!["text"]?.GetValue<string>()).ToList();
        Assert.Contains("my own words", texts);
        Assert.DoesNotContain(texts, t => t?.Contains("injected") == true);
        // The other channel's turn has its own transcript under its own key.
        var emulatorLog = await app.Services.GetRequiredService<ITranscriptStore>().ReadAsync(ConversationKey.Of("emulator", conversationId));
        Assert.Contains(emulatorLog, e => e.Activity.Text == "injected by someone else");
        Assert.DoesNotContain(emulatorLog, e => e.Activity.Text == "my own words");
    }

    private sealed class LogLines : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();
        public ILogger CreateLogger(string categoryName) => new Logger(Lines);
        public void Dispose() { }

        private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
                => lines.Enqueue(formatter(state, exception));
        }
    }
}

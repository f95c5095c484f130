using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ComplaintBot.Bot.Agents;
using ComplaintBot.Tests.Agents;
using ComplaintBot.Tests.Complaints;
using ComplaintBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintBot.Tests.Hosting;

/// <summary>
/// Issue 14.7: the configured limits (RateLimits section) refuse with 429, Retry-After and an error body; each limit
/// counts only its own requests and keys. Windows are an hour long so no test depends on how fast the machine is.
/// </summary>
public sealed class RateLimitTests
{
    private static BotServer Start(params (string Key, string Value)[] limits) => Start(null, limits);

    private static BotServer Start(TimeProvider? clock, params (string Key, string Value)[] limits)
    {
        var settings = limits.ToDictionary(l => l.Key, l => (string?)l.Value);
        foreach (var l in limits.Where(l => l.Key.EndsWith(":PermitLimit")))
            settings[l.Key.Replace(":PermitLimit", ":Window")] = "01:00:00";
        settings["DirectLine:Secret"] = Secret;
        return BotServer.Start(settings, clock is null ? null : s => s.AddSingleton(clock));
    }

    private const string Secret = "rate-limit-test-secret";

    private static async Task AssertTooManyAsync(HttpResponseMessage r)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, r.StatusCode);
        Assert.True(r.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 }, "Retry-After: " + r.Headers.RetryAfter);
        using var body = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        Assert.Equal("TooManyRequests", body.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    private static Task<HttpResponseMessage> StorefrontTokenAsync(HttpClient http) => http.PostAsync("api/directline/token", null);

    private static async Task<(string Id, string Token)> ConversationAsync(HttpClient http)
    {
        var issued = await (await StorefrontTokenAsync(http)).Content.ReadFromJsonAsync<JsonElement>();
        return (issued.GetProperty("conversationId").GetString()!, issued.GetProperty("token").GetString()!);
    }

    private static Task<HttpResponseMessage> SayAsync(HttpClient http, string conversationId, string token, string text)
    {
        var req = new HttpRequestMessage(HttpMethod.Post, $"v3/directline/conversations/{conversationId}/activities")
        {
            Content = JsonContent.Create(new { type = "message", text, from = new { id = "x" } }),
        };
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http.SendAsync(req);
    }

    [Fact]
    public async Task Token_minting_beyond_the_limit_is_refused_with_429_and_retry_after()
    {
        await using var server = Start(("RateLimits:TokenMinting:PermitLimit", "3"));
        using var http = server.CreateClient();
        var (id, token) = await ConversationAsync(http);
        var refresh = new HttpRequestMessage(HttpMethod.Post, "v3/directline/tokens/refresh");
        refresh.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(refresh)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await StorefrontTokenAsync(http)).StatusCode);

        await AssertTooManyAsync(await StorefrontTokenAsync(http));
        var again = new HttpRequestMessage(HttpMethod.Post, "v3/directline/tokens/refresh");
        again.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await AssertTooManyAsync(await http.SendAsync(again));
        // Talking in a conversation already open is not minting.
        Assert.Equal(HttpStatusCode.OK, (await SayAsync(http, id, token, "hello")).StatusCode);
    }

    [Fact]
    public async Task New_conversations_beyond_the_limit_are_refused_but_refreshing_a_token_is_not_a_new_conversation()
    {
        await using var server = Start(("RateLimits:NewConversations:PermitLimit", "2"));
        using var http = server.CreateClient();
        var (_, token) = await ConversationAsync(http);
        var generate = new HttpRequestMessage(HttpMethod.Post, "v3/directline/tokens/generate");
        generate.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Secret);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(generate)).StatusCode);

        await AssertTooManyAsync(await StorefrontTokenAsync(http));
        var start = new HttpRequestMessage(HttpMethod.Post, "v3/directline/conversations");
        start.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Secret);
        await AssertTooManyAsync(await http.SendAsync(start));
        var refresh = new HttpRequestMessage(HttpMethod.Post, "v3/directline/tokens/refresh");
        refresh.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(refresh)).StatusCode);
    }

    [Fact]
    public async Task Messages_beyond_the_limit_of_one_conversation_are_refused_on_both_channels_while_other_conversations_go_on()
    {
        await using var server = Start(("RateLimits:MessagesPerConversation:PermitLimit", "3"));
        using var http = server.CreateClient();
        var (a, tokenA) = await ConversationAsync(http);
        var (b, tokenB) = await ConversationAsync(http);
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await SayAsync(http, a, tokenA, "message " + i)).StatusCode);
        await AssertTooManyAsync(await SayAsync(http, a, tokenA, "one too many"));
        Assert.Equal(HttpStatusCode.OK, (await SayAsync(http, b, tokenB, "another customer")).StatusCode);

        Task<HttpResponseMessage> PostAsync(string conversationId, string text) => http.PostAsync("api/messages", new StringContent(JsonSerializer.Serialize(new
        {
            type = "message", text, channelId = "emulator", serviceUrl = "http://127.0.0.1:9/", deliveryMode = "expectReplies",
            conversation = new { id = conversationId }, from = new { id = "u-" + conversationId }, recipient = new { id = "bot" },
        }), Encoding.UTF8, "application/json"));
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await PostAsync("bf-a", "message " + i)).StatusCode);
        await AssertTooManyAsync(await PostAsync("bf-a", "one too many"));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("bf-b", "another customer")).StatusCode);
    }

    [Fact]
    public async Task Messages_posted_to_the_conversation_path_in_other_letter_case_count_to_the_same_limit()
    {
        // Routing matches paths in any letter case: so must the limit, or '/V3/DirectLine/…' would post without one.
        await using var server = Start(("RateLimits:MessagesPerConversation:PermitLimit", "2"));
        using var http = server.CreateClient();
        var (id, token) = await ConversationAsync(http);
        Task<HttpResponseMessage> SayAsync(string path, string text)
        {
            var req = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(new { type = "message", text, from = new { id = "x" } }) };
            req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return http.SendAsync(req);
        }

        Assert.Equal(HttpStatusCode.OK, (await SayAsync($"v3/directline/conversations/{id}/activities", "one")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SayAsync($"V3/DirectLine/Conversations/{id}/Activities", "two")).StatusCode);
        await AssertTooManyAsync(await SayAsync($"V3/DIRECTLINE/CONVERSATIONS/{id}/ACTIVITIES", "three"));
        await AssertTooManyAsync(await SayAsync($"v3/directline/conversations/{id}/activities/", "four"));
    }

    [Fact]
    public async Task A_refusal_says_to_retry_when_the_window_ends_not_a_whole_window_later()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var server = Start(clock, ("RateLimits:TokenMinting:PermitLimit", "1"));
        using var http = server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await StorefrontTokenAsync(http)).StatusCode);

        clock.Advance(TimeSpan.FromMinutes(45));
        var refused = await StorefrontTokenAsync(http);

        await AssertTooManyAsync(refused);
        Assert.Equal(TimeSpan.FromMinutes(15), refused.Headers.RetryAfter!.Delta); // the hour's window opened 45 minutes ago
        clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(HttpStatusCode.OK, (await StorefrontTokenAsync(http)).StatusCode);
    }

    [Fact]
    public async Task Uploads_beyond_the_limit_of_one_conversation_are_refused_while_its_messages_go_on()
    {
        await using var server = Start(("RateLimits:Uploads:PermitLimit", "1"));
        using var http = server.CreateClient();
        var (id, token) = await ConversationAsync(http);
        HttpRequestMessage Upload()
        {
            var file = new ByteArrayContent(Convert.FromBase64String(
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="));
            file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            var req = new HttpRequestMessage(HttpMethod.Post, $"v3/directline/conversations/{id}/upload") { Content = file };
            req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return req;
        }
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Upload())).StatusCode);
        await AssertTooManyAsync(await http.SendAsync(Upload()));
        Assert.Equal(HttpStatusCode.OK, (await SayAsync(http, id, token, "still here")).StatusCode);
    }

    [Fact]
    public async Task Sign_in_attempts_beyond_the_limit_from_one_address_are_refused_before_any_password_is_checked()
    {
        await using var server = Start(("RateLimits:SignIn:PermitLimit", "3"));
        var (http, _) = (new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = server.BaseAddress }, 0);
        var csrf = (await http.GetFromJsonAsync<JsonElement>("agent/api/antiforgery")).GetProperty("token").GetString()!;
        Task<HttpResponseMessage> SignInAsync(string password)
        {
            var req = new HttpRequestMessage(HttpMethod.Post, "agent/api/signin") { Content = JsonContent.Create(new { id = "demo", password }) };
            req.Headers.Add(AgentAuth.AntiforgeryHeader, csrf);
            return http.SendAsync(req);
        }
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync("guess" + i)).StatusCode);
        await AssertTooManyAsync(await SignInAsync("demo"));
    }

    [Fact]
    public async Task An_account_is_locked_after_repeated_wrong_passwords_even_for_the_right_one_until_the_lockout_ends()
    {
        await using var host = new AgentConsoleHost(settings: new Dictionary<string, string?>
        {
            ["RateLimits:SignInFailuresBeforeLockout"] = "3",
            ["RateLimits:SignInLockout"] = "00:10:00",
        });
        var (http, _) = host.NewClient();
        var csrf = (await http.GetFromJsonAsync<JsonElement>("agent/api/antiforgery")).GetProperty("token").GetString()!;
        Task<HttpResponseMessage> SignInAsync(string id, string password)
        {
            var req = new HttpRequestMessage(HttpMethod.Post, "agent/api/signin") { Content = JsonContent.Create(new { id, password }) };
            req.Headers.Add(AgentAuth.AntiforgeryHeader, csrf);
            return http.SendAsync(req);
        }
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(AgentConsoleHost.ConfiguredAgentId, "guess" + i)).StatusCode);

        var locked = await SignInAsync(AgentConsoleHost.ConfiguredAgentId, AgentConsoleHost.ConfiguredAgentPassword);
        await AssertTooManyAsync(locked);
        Assert.InRange(locked.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 600);
        // Another account is not affected.
        await using (var demo = await host.SignInDemoAsync()) { }

        host.Clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(AgentConsoleHost.ConfiguredAgentId, AgentConsoleHost.ConfiguredAgentPassword)).StatusCode);
    }
}

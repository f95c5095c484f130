using System.Net;
using System.Text.Json.Nodes;
using ComplaintBot.Bot.Channels;
using ComplaintBot.Bot.Channels.DirectLine;
using ComplaintBot.Tests.Complaints;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintBot.Tests.Channels.DirectLine;

public sealed class DirectLineRestTests(DirectLineTestServer fixture) : IClassFixture<DirectLineTestServer>
{
    private readonly HttpClient _http = fixture.Server.CreateClient();

    private static List<JsonNode> Of(JsonArray a, Func<JsonNode, bool> where) => a.Where(x => x is not null && where(x!)).Select(x => x!).ToList();
    private static string? Str(JsonNode n, string path)
    {
        JsonNode? cur = n;
        foreach (var p in path.Split('.')) cur = cur?[p];
        return cur?.GetValue<string>();
    }

    [Fact]
    public async Task Generate_token_with_the_secret_returns_a_token_for_one_new_conversation()
    {
        var (r, body) = await _http.SendAsync(HttpMethod.Post, "v3/directline/tokens/generate", DirectLineTestServer.Secret, new { user = new { id = "dl_shopper1", name = "Li" } });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(1800, body!["expires_in"]!.GetValue<int>());
        var token = body["token"]!.GetValue<string>();
        Assert.DoesNotContain(DirectLineTestServer.Secret, token);
        var tokens = fixture.Server.Services.GetRequiredService<DirectLineTokenService>();
        Assert.Equal(TokenStatus.Valid, tokens.Validate(token, out var claims));
        Assert.Equal(body["conversationId"]!.GetValue<string>(), claims!.ConversationId);
        Assert.Equal("dl_shopper1", claims.UserId);
    }

    [Fact]
    public async Task Generate_token_refuses_missing_credentials_with_401_and_a_token_with_403()
    {
        var (r1, b1) = await _http.SendAsync(HttpMethod.Post, "v3/directline/tokens/generate", null);
        DirectLineHttp.AssertError(r1, b1, 401, "Unauthorized");
        var (_, token, _) = await _http.StartAsync();
        var (r2, b2) = await _http.SendAsync(HttpMethod.Post, "v3/directline/tokens/generate", token);
        DirectLineHttp.AssertError(r2, b2, 403, "Forbidden");
    }

    [Fact]
    public async Task Start_with_the_secret_returns_201_stream_url_and_the_bots_greeting_without_the_conversation_update()
    {
        var (r, body) = await _http.SendAsync(HttpMethod.Post, "v3/directline/conversations", DirectLineTestServer.Secret, new { user = new { id = "dl_u1" } });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var id = body!["conversationId"]!.GetValue<string>();
        var streamUrl = body["streamUrl"]!.GetValue<string>();
        Assert.StartsWith($"ws://{fixture.Server.BaseAddress.Authority}/v3/directline/conversations/{id}/stream?", streamUrl);
        Assert.Contains("t=", streamUrl);

        var (activities, _) = await _http.GetActivitiesAsync(id, body["token"]!.GetValue<string>());
        Assert.Equal(EchoBot.Welcome, Str(Assert.Single(activities)!, "text"));
        Assert.DoesNotContain(activities, a => Str(a!, "type") == "conversationUpdate");
    }

    [Fact]
    public async Task Starting_a_token_conversation_twice_gives_201_then_200_and_greets_once()
    {
        var (_, gen) = await _http.SendAsync(HttpMethod.Post, "v3/directline/tokens/generate", DirectLineTestServer.Secret);
        var token = gen!["token"]!.GetValue<string>();
        var (r1, s1) = await _http.SendAsync(HttpMethod.Post, "v3/directline/conversations", token);
        var (r2, s2) = await _http.SendAsync(HttpMethod.Post, "v3/directline/conversations", token);
        Assert.Equal(HttpStatusCode.Created, r1.StatusCode);
        Assert.Equal(HttpStatusCode.OK, r2.StatusCode);
        Assert.Equal(s1!["conversationId"]!.GetValue<string>(), s2!["conversationId"]!.GetValue<string>());
        var (activities, _) = await _http.GetActivitiesAsync(s1["conversationId"]!.GetValue<string>(), token);
        Assert.Single(activities, a => Str(a!, "text") == EchoBot.Welcome);
    }

    [Fact]
    public async Task Posted_activity_is_echoed_with_its_id_and_client_activity_id_and_the_bot_replies_to_it()
    {
        var (id, token, _) = await _http.StartAsync();
        var tokens = fixture.Server.Services.GetRequiredService<DirectLineTokenService>();
        tokens.Validate(token, out var claims);

        var activityId = await _http.PostMessageAsync(id, token, "hello", clientActivityId: "client-42");
        var (activities, _) = await _http.GetActivitiesAsync(id, token);

        var echo = Assert.Single(Of(activities, a => Str(a, "id") == activityId));
        Assert.Equal("client-42", Str(echo, "channelData.clientActivityID"));
        Assert.Equal(claims!.UserId, Str(echo, "from.id")); // the token's user, not "client-chosen-id"
        Assert.Equal("user", Str(echo, "from.role"));
        Assert.Equal("directline", Str(echo, "channelId"));
        Assert.Equal(fixture.Server.BaseAddress.ToString(), Str(echo, "serviceUrl"));
        Assert.Equal(id, Str(echo, "conversation.id"));
        Assert.NotNull(echo["timestamp"]);

        var reply = Assert.Single(Of(activities, a => Str(a, "replyToId") == activityId));
        Assert.Equal("You said: hello", Str(reply, "text"));
        Assert.Equal("bot", Str(reply, "from.role"));
        Assert.False(string.IsNullOrEmpty(Str(reply, "id")));
    }

    [Fact]
    public async Task Watermark_returns_only_activities_after_it_and_stays_put_when_nothing_is_new()
    {
        var (id, token, _) = await _http.StartAsync();
        await _http.PostMessageAsync(id, token, "first");
        var (all, wm1) = await _http.GetActivitiesAsync(id, token);
        Assert.Equal(3, all.Count); // welcome, first, echo

        var (none, wmSame) = await _http.GetActivitiesAsync(id, token, wm1);
        Assert.Empty(none);
        Assert.Equal(wm1, wmSame);

        await _http.PostMessageAsync(id, token, "second");
        var (newer, wm2) = await _http.GetActivitiesAsync(id, token, wm1);
        Assert.Equal(new[] { "second", "You said: second" }, newer.Select(a => Str(a!, "text")).ToArray());
        Assert.True(long.Parse(wm2) > long.Parse(wm1));

        var (fromZero, _) = await _http.GetActivitiesAsync(id, token, "0");
        Assert.Equal(5, fromZero.Count);
    }

    [Fact]
    public async Task A_token_of_conversation_A_is_refused_with_403_on_conversation_B_and_changes_nothing()
    {
        var (a, tokenA, _) = await _http.StartAsync();
        var (b, tokenB, _) = await _http.StartAsync();
        var (before, _) = await _http.GetActivitiesAsync(b, tokenB);

        foreach (var (method, path, json) in new (HttpMethod, string, object?)[]
        {
            (HttpMethod.Get, $"v3/directline/conversations/{b}", null),
            (HttpMethod.Get, $"v3/directline/conversations/{b}/activities", null),
            (HttpMethod.Post, $"v3/directline/conversations/{b}/activities", new { type = "message", text = "intrusion" }),
        })
        {
            var (r, body) = await _http.SendAsync(method, path, tokenA, json);
            DirectLineHttp.AssertError(r, body, 403, "Forbidden");
        }
        var (after, _) = await _http.GetActivitiesAsync(b, tokenB);
        Assert.Equal(before.Count, after.Count);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public async Task Forged_garbage_and_expired_tokens_are_refused_and_change_nothing()
    {
        var (id, token, _) = await _http.StartAsync();
        var (before, _) = await _http.GetActivitiesAsync(id, token);
        var parts = token.Split('.');
        var claims = JsonNode.Parse(DirectLineTokenService.FromBase64Url(parts[1]))!;
        claims["user"] = "someone-else";
        var forgedClaims = $"{parts[0]}.{DirectLineTokenService.Base64Url(System.Text.Encoding.UTF8.GetBytes(claims.ToJsonString()))}.{parts[2]}";
        var badSignature = $"{parts[0]}.{parts[1]}.{DirectLineTokenService.Base64Url(new byte[32])}";
        foreach (var bad in new[] { forgedClaims, badSignature, "not-a-token", token + "x", DirectLineTestServer.Secret + "x" })
        {
            var (r, body) = await _http.SendAsync(HttpMethod.Post, $"v3/directline/conversations/{id}/activities", bad, new { type = "message", text = "forged" });
            DirectLineHttp.AssertError(r, body, 403, "Forbidden");
        }

        var tokens = fixture.Server.Services.GetRequiredService<DirectLineTokenService>();
        tokens.Validate(token, out var valid);
        var expired = tokens.Issue(valid! with { ExpiresUnix = tokens.Now.AddSeconds(-1).ToUnixTimeSeconds() });
        var (re, be) = await _http.SendAsync(HttpMethod.Post, $"v3/directline/conversations/{id}/activities", expired, new { type = "message", text = "late" });
        DirectLineHttp.AssertError(re, be, 403, "TokenExpired");
        var (rr, br) = await _http.SendAsync(HttpMethod.Post, "v3/directline/tokens/refresh", expired);
        DirectLineHttp.AssertError(rr, br, 403, "TokenExpired");

        var (after, _) = await _http.GetActivitiesAsync(id, token);
        Assert.Equal(before.Count, after.Count);
    }

    [Fact]
    public async Task Refresh_gives_a_new_token_for_the_same_conversation_that_works()
    {
        var (id, token, _) = await _http.StartAsync();
        var (r, body) = await _http.SendAsync(HttpMethod.Post, "v3/directline/tokens/refresh", token);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(id, body!["conversationId"]!.GetValue<string>());
        var fresh = body["token"]!.GetValue<string>();
        await _http.PostMessageAsync(id, fresh, "after refresh");
        var (activities, _) = await _http.GetActivitiesAsync(id, fresh);
        Assert.Contains(activities, a => Str(a!, "text") == "You said: after refresh");

        var (rs, bs) = await _http.SendAsync(HttpMethod.Post, "v3/directline/tokens/refresh", DirectLineTestServer.Secret);
        DirectLineHttp.AssertError(rs, bs, 400, "BadArgument");
    }

    [Fact]
    public async Task Reconnect_returns_a_fresh_stream_url_from_the_given_watermark_or_from_now()
    {
        var (id, token, _) = await _http.StartAsync();
        await _http.PostMessageAsync(id, token, "one");
        var (_, last) = await _http.GetActivitiesAsync(id, token);

        var (r1, withWm) = await _http.SendAsync(HttpMethod.Get, $"v3/directline/conversations/{id}?watermark=1", token);
        Assert.Equal(HttpStatusCode.OK, r1.StatusCode);
        Assert.Contains("watermark=1&", withWm!["streamUrl"]!.GetValue<string>());
        Assert.Equal(id, withWm["conversationId"]!.GetValue<string>());
        Assert.Equal(token, withWm["token"]!.GetValue<string>());

        var (_, fromNow) = await _http.SendAsync(HttpMethod.Get, $"v3/directline/conversations/{id}", token);
        Assert.Contains($"watermark={last}&", fromNow!["streamUrl"]!.GetValue<string>());

        var (r404, b404) = await _http.SendAsync(HttpMethod.Get, "v3/directline/conversations/no-such-conversation", DirectLineTestServer.Secret);
        DirectLineHttp.AssertError(r404, b404, 404, "NotFound");
    }

    [Fact]
    public async Task A_stream_url_token_cannot_be_used_as_a_bearer_for_rest_calls()
    {
        var (id, _, streamUrl) = await _http.StartAsync();
        var streamToken = Uri.UnescapeDataString(streamUrl[(streamUrl.IndexOf("t=", StringComparison.Ordinal) + 2)..]);
        var (r, body) = await _http.SendAsync(HttpMethod.Get, $"v3/directline/conversations/{id}/activities", streamToken);
        DirectLineHttp.AssertError(r, body, 403, "Forbidden");
    }

    [Fact]
    public async Task Control_characters_in_a_message_are_removed_before_it_is_stored_or_seen()
    {
        // A NUL in a stored JSON document makes PostgreSQL refuse every json operator on it (dashboard, follow-ups).
        var (id, token, _) = await _http.StartAsync();
        await _http.PostMessageAsync(id, token, "\u0000my mug\u0007 arrived \u001b[31mbroken\u007f\tagain\r\nplease");

        var (activities, _) = await _http.GetActivitiesAsync(id, token);
        var texts = Of(activities, a => Str(a, "type") == "message").Select(a => Str(a, "text")).ToList();
        Assert.Contains("my mug arrived [31mbroken\tagain\r\nplease", texts);
        Assert.Contains(EchoBot.EchoOf("my mug arrived [31mbroken\tagain\r\nplease", "en-US"), texts);
    }

    [Theory]
    [InlineData("en-US")]
    [InlineData("zh-CN")]
    public async Task A_turn_that_throws_ends_with_the_apology_keeps_the_message_and_the_conversation_carries_on(string locale)
    {
        var (id, token, _) = await _http.StartAsync();

        // The message was taken (so Web Chat shows no "send failed" and nobody resends it)...
        var failedId = await _http.PostMessageAsync(id, token, "fail", locale: locale);

        // ...it is in the log, followed by the apology in the customer's language...
        var apology = RepoPaths.Prompts.Render(locale, TurnErrorApology.Prompt);
        var (activities, watermark) = await _http.GetActivitiesAsync(id, token);
        var texts = Of(activities, a => Str(a, "type") == "message").Select(a => Str(a, "text")).ToList();
        Assert.Equal([EchoBot.Welcome, "fail", apology], texts);
        Assert.Equal(failedId, Str(Of(activities, a => Str(a, "text") == apology).Single(), "replyToId"));

        // ...and the next message is handled as usual.
        await _http.PostMessageAsync(id, token, "hello again", locale: locale);
        var (next, _) = await _http.GetActivitiesAsync(id, token, watermark);
        Assert.Contains(EchoBot.EchoOf("hello again", locale), Of(next, a => true).Select(a => Str(a, "text")));
    }

    [Fact]
    public async Task A_secret_caller_names_its_user_and_must_give_from_id()
    {
        var (_, start) = await _http.SendAsync(HttpMethod.Post, "v3/directline/conversations", DirectLineTestServer.Secret);
        var id = start!["conversationId"]!.GetValue<string>();
        var (r, body) = await _http.SendAsync(HttpMethod.Post, $"v3/directline/conversations/{id}/activities", DirectLineTestServer.Secret, new { type = "message", text = "no sender" });
        DirectLineHttp.AssertError(r, body, 400, "MissingProperty");

        var (ok, sent) = await _http.SendAsync(HttpMethod.Post, $"v3/directline/conversations/{id}/activities", DirectLineTestServer.Secret,
            new { type = "message", text = "hi", from = new { id = "backend-user", properties = new { signedInCustomerId = "spoofed" } } });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var (activities, _) = await _http.GetActivitiesAsync(id, DirectLineTestServer.Secret);
        var echo = Assert.Single(Of(activities, a => Str(a, "id") == sent!["id"]!.GetValue<string>()));
        Assert.Equal("backend-user", Str(echo, "from.id"));
        Assert.Null(echo["from"]!["properties"]); // only a verified customer token may set it
    }

    [Fact]
    public async Task Direct_line_answers_cors_preflight_from_any_origin_because_the_bearer_is_the_credential()
    {
        var req = new HttpRequestMessage(HttpMethod.Options, "v3/directline/conversations");
        req.Headers.Add("Origin", "https://any-shop.example");
        req.Headers.Add("Access-Control-Request-Method", "POST");
        req.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,x-ms-bot-agent");
        var r = await _http.SendAsync(req);
        Assert.True(r.IsSuccessStatusCode, r.StatusCode.ToString());
        Assert.Equal("*", r.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }
}

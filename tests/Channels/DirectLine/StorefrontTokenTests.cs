using ComplaintBot.Dialogs.Turns;
using ComplaintBot.Tests.Support;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ComplaintBot.Bot.Channels.DirectLine;
using ComplaintBot.Dialogs.Schema;

namespace ComplaintBot.Tests.Channels.DirectLine;

public sealed class StorefrontTokenTests(DirectLineTestServer fixture) : IClassFixture<DirectLineTestServer>
{
    private readonly HttpClient _http = fixture.Server.CreateClient();

    private async Task<HttpResponseMessage> RequestTokenAsync(string? origin, object? body = null)
    {
        var req = new HttpRequestMessage(HttpMethod.Post, "api/directline/token") { Content = JsonContent.Create(body ?? new { }) };
        if (origin is not null) req.Headers.Add("Origin", origin);
        return await _http.SendAsync(req);
    }

    [Fact]
    public async Task Token_endpoint_gives_a_working_token_without_the_secret_to_an_allowed_origin_with_cors_headers()
    {
        var r = await RequestTokenAsync(DirectLineTestServer.ShopOrigin);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(DirectLineTestServer.ShopOrigin, r.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var body = JsonNode.Parse(await r.Content.ReadAsStringAsync())!;
        Assert.Equal(1800, body["expires_in"]!.GetValue<int>());
        Assert.DoesNotContain(DirectLineTestServer.Secret, body.ToJsonString());
        var token = body["token"]!.GetValue<string>();
        var id = body["conversationId"]!.GetValue<string>();

        var (start, _) = await _http.SendAsync(HttpMethod.Post, "v3/directline/conversations", token);
        Assert.Equal(HttpStatusCode.Created, start.StatusCode);
        await _http.PostMessageAsync(id, token, "from the shop");
        var (activities, _) = await _http.GetActivitiesAsync(id, token);
        Assert.Contains(activities, a => a!["text"]!.GetValue<string>() == "You said: from the shop");
        Assert.Contains(activities, a => a!["from"]!["id"]!.GetValue<string>() == body["userId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Token_endpoint_refuses_other_origins_and_answers_their_preflight_without_cors_headers()
    {
        var r = await RequestTokenAsync("http://evil.example");
        DirectLineHttp.AssertError(r, JsonNode.Parse(await r.Content.ReadAsStringAsync()), 403, "Forbidden");
        Assert.False(r.Headers.Contains("Access-Control-Allow-Origin"));

        var preflight = new HttpRequestMessage(HttpMethod.Options, "api/directline/token");
        preflight.Headers.Add("Origin", "http://evil.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
        var p = await _http.SendAsync(preflight);
        Assert.False(p.Headers.Contains("Access-Control-Allow-Origin"));

        var allowed = new HttpRequestMessage(HttpMethod.Options, "api/directline/token");
        allowed.Headers.Add("Origin", DirectLineTestServer.ShopOrigin);
        allowed.Headers.Add("Access-Control-Request-Method", "POST");
        allowed.Headers.Add("Access-Control-Request-Headers", "content-type");
        var a = await _http.SendAsync(allowed);
        Assert.Equal(DirectLineTestServer.ShopOrigin, a.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task Token_endpoint_serves_same_origin_pages_and_server_callers_without_an_origin()
    {
        var self = fixture.Server.BaseAddress.GetLeftPart(UriPartial.Authority);
        Assert.Equal(HttpStatusCode.OK, (await RequestTokenAsync(self)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await RequestTokenAsync(null)).StatusCode);
    }

    [Fact]
    public async Task A_signed_customer_id_reaches_the_bot_as_the_verified_signed_in_customer()
    {
        var signed = SignedCustomerId.Sign("C-10086", DateTimeOffset.UtcNow.AddMinutes(10), DirectLineTestServer.ShopSecret);
        var r = await RequestTokenAsync(DirectLineTestServer.ShopOrigin, new { customerToken = signed });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var body = JsonNode.Parse(await r.Content.ReadAsStringAsync())!;
        var (id, token) = (body["conversationId"]!.GetValue<string>(), body["token"]!.GetValue<string>());

        await _http.PostMessageAsync(id, token, "whoami");
        var (activities, _) = await _http.GetActivitiesAsync(id, token);
        Assert.Contains(activities, a => a!["text"]!.GetValue<string>() == "customer:C-10086");

        // Anonymous chats stay anonymous even if the browser claims otherwise.
        var anon = JsonNode.Parse(await (await RequestTokenAsync(null)).Content.ReadAsStringAsync())!;
        var (aid, atoken) = (anon["conversationId"]!.GetValue<string>(), anon["token"]!.GetValue<string>());
        var (spoof, _) = await _http.SendAsync(HttpMethod.Post, $"v3/directline/conversations/{aid}/activities", atoken,
            new { type = "message", text = "whoami", from = new { id = "x", properties = new { signedInCustomerId = "C-10086" } } });
        Assert.Equal(HttpStatusCode.OK, spoof.StatusCode);
        var (anonActivities, _) = await _http.GetActivitiesAsync(aid, atoken);
        Assert.Contains(anonActivities, a => a!["text"]!.GetValue<string>() == "customer:anonymous");
    }

    [Theory]
    [InlineData("wrong-secret", 10)]   // forged
    [InlineData(DirectLineTestServer.ShopSecret, -1)]    // expired
    [InlineData(DirectLineTestServer.ShopSecret, 600)]   // valid for longer than CustomerIdMaxAge (1 h)
    public async Task A_forged_expired_or_too_long_lived_customer_token_is_refused(string secret, int minutes)
    {
        var signed = SignedCustomerId.Sign("C-1", DateTimeOffset.UtcNow.AddMinutes(minutes), secret);
        var r = await RequestTokenAsync(null, new { customerToken = signed });
        DirectLineHttp.AssertError(r, JsonNode.Parse(await r.Content.ReadAsStringAsync()), 403, "Forbidden");
    }

    [Fact]
    public void Signed_customer_ids_may_contain_dots_and_tampering_with_any_part_breaks_them()
    {
        var now = DateTimeOffset.UtcNow;
        var signed = SignedCustomerId.Sign("shop.cn.42", now.AddMinutes(5), "k");
        Assert.Equal("shop.cn.42", SignedCustomerId.Verify(signed, "k", now, TimeSpan.FromHours(1)));
        Assert.Null(SignedCustomerId.Verify(signed.Replace("shop.cn.42", "shop.cn.43"), "k", now, TimeSpan.FromHours(1)));
        Assert.Null(SignedCustomerId.Verify(signed[..^1] + (signed[^1] == '0' ? '1' : '0'), "k", now, TimeSpan.FromHours(1)));
        Assert.Null(SignedCustomerId.Verify("no-dots", "k", now, TimeSpan.FromHours(1)));
        Assert.Null(SignedCustomerId.Verify(signed, "", now, TimeSpan.FromHours(1)));
    }

    [Fact]
    public void The_signed_in_customer_is_what_the_channel_put_on_the_turn_never_what_the_activity_says()
    {
        var from = new ChannelAccount { Id = "dl_1" };
        from.SetSignedInCustomerId("C-7");
        var turn = new TurnContext(new TestAdapter((_, _) => Task.CompletedTask), new Activity { ChannelId = "directline", From = from });
        Assert.Null(turn.GetSignedInCustomerId());
        turn.SetSignedInCustomerId("C-7");
        Assert.Equal("C-7", turn.GetSignedInCustomerId());
        turn.SetSignedInCustomerId(null);
        Assert.Null(turn.GetSignedInCustomerId());
    }
}

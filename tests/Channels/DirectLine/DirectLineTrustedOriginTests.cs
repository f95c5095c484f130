using System.Net;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using ComplaintBot.Tests.Support;

namespace ComplaintBot.Tests.Channels.DirectLine;

/// <summary>
/// Enhanced authentication over real HTTP and a real WebSocket: a token bound to trusted origins works only from a page
/// on one of them (the request's Origin header).
/// </summary>
public sealed class DirectLineTrustedOriginTests : IAsyncLifetime
{
    private const string Shop = "https://shop.example";
    private const string Other = "https://elsewhere.example";
    private BotServer _server = null!;
    private BotServer _enhanced = null!;

    public Task InitializeAsync()
    {
        _server = DirectLineTestServer.StartServer();
        var settings = DirectLineTestServer.Settings();
        settings["DirectLine:TrustedOrigins:0"] = Shop;
        settings["DirectLine:TrustedOrigins:1"] = "https://m.shop.example/";
        _enhanced = BotServer.Start(settings, DirectLineTestServer.TestServices);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _enhanced.DisposeAsync();
    }

    private static async Task<(HttpResponseMessage Response, JsonNode? Body)> SendAsync(HttpClient http, HttpMethod method, string path, string bearer, string? origin, object? json = null)
    {
        var request = DirectLineHttp.Request(method, path, bearer, json);
        if (origin is not null) request.Headers.Add("Origin", origin);
        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    private static async Task<string> GenerateAsync(HttpClient http, object? body = null)
    {
        var (r, gen) = await http.SendAsync(HttpMethod.Post, "v3/directline/tokens/generate", DirectLineTestServer.Secret, body);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return gen!["token"]!.GetValue<string>();
    }

    private static object Message(string text) => new { type = "message", from = new { id = "x" }, text, locale = "en-US" };

    [Fact]
    public async Task A_token_generated_with_trusted_origins_is_accepted_from_them_and_refused_from_any_other_origin_or_none()
    {
        using var http = _server.CreateClient();
        var token = await GenerateAsync(http, new { trustedOrigins = new[] { Shop } });

        var (start, started) = await SendAsync(http, HttpMethod.Post, "v3/directline/conversations", token, Shop);
        Assert.Equal(HttpStatusCode.Created, start.StatusCode);
        var id = started!["conversationId"]!.GetValue<string>();
        var path = $"v3/directline/conversations/{id}/activities";

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, HttpMethod.Post, path, token, Shop + "/", Message("from the shop"))).Response.StatusCode);
        var (fromOther, error) = await SendAsync(http, HttpMethod.Post, path, token, Other, Message("from elsewhere"));
        DirectLineHttp.AssertError(fromOther, error, 403, "Forbidden");
        DirectLineHttp.AssertError((await SendAsync(http, HttpMethod.Get, path, token, null)).Response, (await SendAsync(http, HttpMethod.Get, path, token, null)).Body, 403, "Forbidden");

        // What was refused never reached the bot; what was accepted did.
        var (read, log) = await SendAsync(http, HttpMethod.Get, path, token, Shop);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var texts = log!["activities"]!.AsArray().Select(a => a!["text"]?.GetValue<string>()).ToList();
        Assert.Contains("You said: from the shop", texts);
        Assert.DoesNotContain(texts, t => t?.Contains("from elsewhere") == true);

        // A refreshed token keeps the binding.
        var (refresh, refreshed) = await SendAsync(http, HttpMethod.Post, "v3/directline/tokens/refresh", token, Shop);
        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        var newToken = refreshed!["token"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, HttpMethod.Get, path, newToken, Shop)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(http, HttpMethod.Get, path, newToken, Other)).Response.StatusCode);
    }

    [Fact]
    public async Task The_stream_of_a_bound_token_opens_only_from_a_trusted_origin()
    {
        using var http = _server.CreateClient();
        var token = await GenerateAsync(http, new { trustedOrigins = new[] { Shop } });
        var (_, started) = await SendAsync(http, HttpMethod.Post, "v3/directline/conversations", token, Shop);
        var streamUrl = new Uri(started!["streamUrl"]!.GetValue<string>());

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var refused = new ClientWebSocket();
        refused.Options.SetRequestHeader("Origin", Other);
        var failure = await Assert.ThrowsAsync<WebSocketException>(() => refused.ConnectAsync(streamUrl, patience.Token));
        Assert.Contains("403", failure.Message);

        using var accepted = new ClientWebSocket();
        accepted.Options.SetRequestHeader("Origin", Shop);
        await accepted.ConnectAsync(streamUrl, patience.Token);
        Assert.Equal(WebSocketState.Open, accepted.State);
        var buffer = new byte[64 * 1024];
        var first = await accepted.ReceiveAsync(buffer, patience.Token);
        Assert.Equal(WebSocketMessageType.Text, first.MessageType);
        await accepted.CloseAsync(WebSocketCloseStatus.NormalClosure, "", patience.Token);
    }

    [Fact]
    public async Task A_token_without_trusted_origins_works_from_any_origin()
    {
        using var http = _server.CreateClient();
        var token = await GenerateAsync(http);
        var (start, started) = await SendAsync(http, HttpMethod.Post, "v3/directline/conversations", token, Other);
        Assert.Equal(HttpStatusCode.Created, start.StatusCode);
        var id = started!["conversationId"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, HttpMethod.Get, $"v3/directline/conversations/{id}/activities", token, null)).Response.StatusCode);
    }

    [Fact]
    public async Task With_trusted_origins_configured_every_token_is_bound_to_them_and_generate_may_not_name_others()
    {
        using var http = _enhanced.CreateClient();
        var (bad, error) = await http.SendAsync(HttpMethod.Post, "v3/directline/tokens/generate", DirectLineTestServer.Secret, new { trustedOrigins = new[] { Other } });
        DirectLineHttp.AssertError(bad, error, 400, "BadArgument");

        // No trustedOrigins asked for: bound to the configured list (the second entry written with a trailing slash).
        var token = await GenerateAsync(http);
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(http, HttpMethod.Post, "v3/directline/conversations", token, "https://m.shop.example")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(http, HttpMethod.Post, "v3/directline/tokens/refresh", token, Other)).Response.StatusCode);

        // The storefront's own token endpoint issues bound tokens too.
        var request = new HttpRequestMessage(HttpMethod.Post, "api/directline/token");
        var issued = JsonNode.Parse(await (await http.SendAsync(request)).Content.ReadAsStringAsync())!;
        var storefrontToken = issued["token"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(http, HttpMethod.Post, "v3/directline/conversations", storefrontToken, null)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(http, HttpMethod.Post, "v3/directline/conversations", storefrontToken, Shop)).Response.StatusCode);

        // A secret is not a browser credential and is not bound.
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(http, HttpMethod.Post, "v3/directline/conversations", DirectLineTestServer.Secret, Other)).Response.StatusCode);
    }
}

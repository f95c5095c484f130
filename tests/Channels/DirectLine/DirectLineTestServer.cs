using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ComplaintBot.Dialogs.Turns;
using ComplaintBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintBot.Tests.Channels.DirectLine;

/// <summary>The bot on a real port with a known Direct Line secret, small upload limits and the echo bot.</summary>
public sealed class DirectLineTestServer : IAsyncLifetime
{
    public const string Secret = "test-directline-secret";
    public const string ShopSecret = "shop-backend-hmac-secret";
    // Another origin than the bot (127.0.0.1:port), so CORS applies for real. A localhost origin is a secure context,
    // which Chromium's local-network-access rules require before a page may reach the bot on a loopback address
    // (the browser test also grants the "local-network-access" permission; a public shop and bot need neither).
    public const string ShopOrigin = "http://localhost:5999";
    public const int MaxUploadBytes = 2048;

    public BotServer Server { get; private set; } = null!;

    public static Dictionary<string, string?> Settings() => new()
    {
        ["DirectLine:Secrets:0"] = Secret,
        ["DirectLine:CustomerIdHmacSecret"] = ShopSecret,
        ["DirectLine:AllowedOrigins:0"] = ShopOrigin,
        ["DirectLine:MaxUploadBytes"] = MaxUploadBytes.ToString(),
        ["DirectLine:AllowedUploadTypes:0"] = "image/png",
        ["DirectLine:AllowedUploadTypes:1"] = "image/jpeg",
        ["DirectLine:KeepAliveInterval"] = "00:00:00.200",
    };

    public static void TestServices(IServiceCollection s)
    {
        s.AddSingleton<IBot, EchoBot>();
    }

    public static BotServer StartServer(string? dataDir = null) => BotServer.Start(Settings(), TestServices, dataDir);

    public Task InitializeAsync()
    {
        Server = StartServer();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>Thin Direct Line calls for tests (raw HTTP, so every status code is visible).</summary>
public static class DirectLineHttp
{
    public static HttpRequestMessage Request(HttpMethod method, string path, string? bearer, object? json = null)
    {
        var r = new HttpRequestMessage(method, path);
        if (bearer is not null) r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        if (json is not null) r.Content = JsonContent.Create(json);
        return r;
    }

    public static async Task<(HttpResponseMessage Response, JsonNode? Body)> SendAsync(this HttpClient http, HttpMethod method, string path, string? bearer, object? json = null)
    {
        var response = await http.SendAsync(Request(method, path, bearer, json));
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>A conversation started with a token from tokens/generate (as Web Chat does).</summary>
    public static async Task<(string ConversationId, string Token, string StreamUrl)> StartAsync(this HttpClient http)
    {
        var (_, gen) = await http.SendAsync(HttpMethod.Post, "v3/directline/tokens/generate", DirectLineTestServer.Secret);
        var token = gen!["token"]!.GetValue<string>();
        var (r, start) = await http.SendAsync(HttpMethod.Post, "v3/directline/conversations", token);
        Assert.Equal(System.Net.HttpStatusCode.Created, r.StatusCode);
        return (start!["conversationId"]!.GetValue<string>(), token, start["streamUrl"]!.GetValue<string>());
    }

    public static async Task<string> PostMessageAsync(this HttpClient http, string conversationId, string token, string text, string? clientActivityId = null, string locale = "en-US")
    {
        var (r, body) = await http.SendAsync(HttpMethod.Post, $"v3/directline/conversations/{conversationId}/activities", token, new
        {
            type = "message",
            from = new { id = "client-chosen-id" },
            text,
            locale,
            channelData = new { clientActivityID = clientActivityId ?? Guid.NewGuid().ToString("N") },
        });
        Assert.Equal(System.Net.HttpStatusCode.OK, r.StatusCode);
        return body!["id"]!.GetValue<string>();
    }

    public static async Task<(JsonArray Activities, string Watermark)> GetActivitiesAsync(this HttpClient http, string conversationId, string token, string? watermark = null)
    {
        var (r, body) = await http.SendAsync(HttpMethod.Get,
            $"v3/directline/conversations/{conversationId}/activities" + (watermark is null ? "" : $"?watermark={watermark}"), token);
        Assert.Equal(System.Net.HttpStatusCode.OK, r.StatusCode);
        return (body!["activities"]!.AsArray(), body["watermark"]!.GetValue<string>());
    }

    public static void AssertError(HttpResponseMessage response, JsonNode? body, int status, string code)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(code, body?["error"]?["code"]?.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body?["error"]?["message"]?.GetValue<string>()));
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Tests.Agents;
using ComplaintBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintBot.Tests.Channels.Hostile;

/// <summary>
/// Issue 14.2: the corpus of <see cref="HostileActivities"/> replayed through Direct Line (POST activities and the
/// upload's activity part) and /api/messages against the real bot. Each is refused with a 4xx and an error body, none is
/// stored, and afterwards the same conversation still works for the customer (REST, WebSocket) and the agent's view.
/// </summary>
public sealed class HostileActivityTests : IAsyncLifetime
{
    private BotServer _server = null!;

    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    public Task InitializeAsync()
    {
        _server = BotServer.Start(new Dictionary<string, string?>
        {
            ["Agents:QueueSweepInterval"] = "1.00:00:00",
            ["ServiceHours:Open"] = "00:00",
            ["ServiceHours:Close"] = "23:59:59",
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static async Task AssertRefusedAsync(HttpResponseMessage r, string name)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True((int)r.StatusCode is 400 or 413 or 415, $"{name}: {(int)r.StatusCode} {body}");
        using var error = JsonDocument.Parse(body);
        Assert.False(string.IsNullOrEmpty(error.RootElement.GetProperty("error").GetProperty("message").GetString()), name);
    }

    private async Task AssertNothingStoredAsync(string channelId, string conversationId)
    {
        var transcript = await _server.Services.GetRequiredService<ITranscriptStore>()
            .ReadAsync(ComplaintBot.Dialogs.Schema.ConversationKey.Of(channelId, conversationId), 0, 1000);
        Assert.Contains(transcript, e => e.Activity.Text == "订单SO10000001的杯子碎了"); // the right transcript was read
        Assert.DoesNotContain(transcript, e => JsonSerializer.Serialize(e.Activity).Contains(HostileActivities.Marker));
    }

    [Fact]
    public async Task Hostile_activities_on_direct_line_are_refused_unstored_and_the_conversation_keeps_working_for_customer_and_agent()
    {
        var http = _server.CreateClient();
        var customer = await DirectLineHandoffTests.Customer.StartAsync(http);
        await customer.SayAsync("订单SO10000001的杯子碎了");
        Assert.NotEmpty(await customer.NewRepliesAsync());

        const string baseActivity = """{"type":"message","from":{"id":"ignored"},"locale":"zh-CN"}""";
        foreach (var (name, members) in HostileActivities.Refused.Concat(HostileActivities.RefusedOnDirectLine))
        {
            var body = HostileActivities.Merge(baseActivity, members);
            var post = new HttpRequestMessage(HttpMethod.Post, $"v3/directline/conversations/{customer.ConversationId}/activities")
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", customer.Token);
            await AssertRefusedAsync(await http.SendAsync(post), "POST activities, " + name);

            var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(Png);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(file, "file", "photo.png");
            var part = new StringContent(body, Encoding.UTF8);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.microsoft.activity");
            form.Add(part, "activity");
            var upload = new HttpRequestMessage(HttpMethod.Post, $"v3/directline/conversations/{customer.ConversationId}/upload") { Content = form };
            upload.Headers.Authorization = new AuthenticationHeaderValue("Bearer", customer.Token);
            await AssertRefusedAsync(await http.SendAsync(upload), "upload, " + name);
        }
        await AssertNothingStoredAsync("directline", customer.ConversationId);

        // The customer: REST polling from the start, and the WebSocket stream replaying the whole conversation.
        var all = new HttpRequestMessage(HttpMethod.Get, $"v3/directline/conversations/{customer.ConversationId}/activities");
        all.Headers.Authorization = new AuthenticationHeaderValue("Bearer", customer.Token);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(all)).StatusCode);
        var reconnect = new HttpRequestMessage(HttpMethod.Get, $"v3/directline/conversations/{customer.ConversationId}?watermark=0");
        reconnect.Headers.Authorization = new AuthenticationHeaderValue("Bearer", customer.Token);
        var streamUrl = (await (await http.SendAsync(reconnect)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("streamUrl").GetString()!;
        using (var ws = new ClientWebSocket())
        {
            var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token; // safety net, not an assertion
            await ws.ConnectAsync(new Uri(streamUrl), patience);
            var first = await ReceiveAsync(ws, patience);
            Assert.NotNull(first);
            var texts = System.Text.Json.Nodes.JsonNode.Parse(first)!["activities"]!.AsArray().Select(a => a?["text"]?.GetValue<string>());
            Assert.Contains("订单SO10000001的杯子碎了", texts);
        }

        await customer.SayAsync("转人工");
        Assert.NotEmpty(await customer.NewRepliesAsync());

        // The agent's view of the same conversation.
        var (agent, _) = await DirectLineHandoffTests.SignInAsync(_server, "demo", "demo");
        var view = await agent.GetAsync($"agent/api/conversations/{customer.ConversationId}");
        Assert.Equal(HttpStatusCode.OK, view.StatusCode);
        Assert.Contains("杯子碎了", await view.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Hostile_activities_on_api_messages_are_refused_unstored_and_the_conversation_keeps_working_for_customer_and_agent()
    {
        var http = _server.CreateClient();
        var conversationId = "hostile-" + Guid.NewGuid().ToString("N");
        string Activity(string text) => JsonSerializer.Serialize(new
        {
            type = "message", text, locale = "zh-CN", channelId = "emulator", serviceUrl = "http://127.0.0.1:9/",
            deliveryMode = "expectReplies", conversation = new { id = conversationId }, from = new { id = "user-hostile" },
            recipient = new { id = "bot" }, id = Guid.NewGuid().ToString("N"),
        });
        async Task<string> SayAsync(string text)
        {
            var r = await http.PostAsync("api/messages", new StringContent(Activity(text), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            return await r.Content.ReadAsStringAsync();
        }

        Assert.Contains("activities", await SayAsync("订单SO10000001的杯子碎了"));
        foreach (var (name, members) in HostileActivities.Refused)
        {
            var body = HostileActivities.Merge(Activity("ok"), members);
            await AssertRefusedAsync(await http.PostAsync("api/messages", new StringContent(body, Encoding.UTF8, "application/json")), name);
        }
        await AssertNothingStoredAsync("emulator", conversationId);

        var replies = await SayAsync("转人工");
        Assert.Contains("activities", replies);
        var (agent, _) = await DirectLineHandoffTests.SignInAsync(_server, "demo", "demo");
        var view = await agent.GetAsync($"agent/api/conversations/{conversationId}");
        Assert.Equal(HttpStatusCode.OK, view.StatusCode);
        Assert.Contains("杯子碎了", await view.Content.ReadAsStringAsync());
    }

    private static async Task<string?> ReceiveAsync(ClientWebSocket ws, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        using var ms = new MemoryStream();
        while (true)
        {
            var r = await ws.ReceiveAsync(buffer, ct);
            if (r.MessageType == WebSocketMessageType.Close) return null;
            ms.Write(buffer, 0, r.Count);
            if (r.EndOfMessage)
            {
                if (ms.Length == 0) continue; // keep-alive
                return Encoding.UTF8.GetString(ms.ToArray());
            }
        }
    }
}

using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using ComplaintBot.Bot.Channels.DirectLine;
using ComplaintBot.Dialogs.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintBot.Tests.Channels.DirectLine;

/// <summary>The WebSocket stream with a real ClientWebSocket against Kestrel.</summary>
public sealed class DirectLineStreamTests(DirectLineTestServer fixture) : IClassFixture<DirectLineTestServer>
{
    private readonly HttpClient _http = fixture.Server.CreateClient();

    /// <summary>Safety net so a broken stream fails the test instead of hanging it; never part of an assertion.</summary>
    private static CancellationToken Patience() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    private static async Task<ClientWebSocket> ConnectAsync(string streamUrl)
    {
        var ws = new ClientWebSocket();
        await ws.ConnectAsync(new Uri(streamUrl), Patience());
        return ws;
    }

    /// <returns>The next message's text ("" for a keep-alive), or null when the server closed.</returns>
    private static async Task<string?> ReceiveAsync(ClientWebSocket ws, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        using var ms = new MemoryStream();
        while (true)
        {
            var r = await ws.ReceiveAsync(buffer, ct);
            if (r.MessageType == WebSocketMessageType.Close) return null;
            ms.Write(buffer, 0, r.Count);
            if (r.EndOfMessage) return Encoding.UTF8.GetString(ms.ToArray());
        }
    }

    /// <summary>Collects activity sets until <paramref name="done"/> holds for the activities seen so far.</summary>
    private static async Task<(List<JsonNode> Activities, List<string> Watermarks)> ReadUntilAsync(ClientWebSocket ws, Func<List<JsonNode>, bool> done)
    {
        var seen = new List<JsonNode>();
        var watermarks = new List<string>();
        var ct = Patience();
        while (!done(seen))
        {
            var text = await ReceiveAsync(ws, ct) ?? throw new Xunit.Sdk.XunitException("stream closed early");
            if (text.Length == 0) continue;
            var set = JsonNode.Parse(text)!;
            seen.AddRange(set["activities"]!.AsArray().Select(a => a!));
            watermarks.Add(set["watermark"]!.GetValue<string>());
        }
        return (seen, watermarks);
    }

    private static string? Text(JsonNode a) => a["text"]?.GetValue<string>();

    [Fact]
    public async Task Stream_replays_what_came_before_it_opened_then_pushes_the_echo_and_the_reply_with_rising_watermarks()
    {
        var (id, token, streamUrl) = await _http.StartAsync();
        using var ws = await ConnectAsync(streamUrl);
        var (greeting, _) = await ReadUntilAsync(ws, s => s.Any(a => Text(a) == EchoBot.Welcome));
        Assert.DoesNotContain(greeting, a => a["type"]!.GetValue<string>() == "conversationUpdate");

        var sentId = await _http.PostMessageAsync(id, token, "over the socket", clientActivityId: "ws-1");
        var (pushed, watermarks) = await ReadUntilAsync(ws, s => s.Any(a => Text(a) == "You said: over the socket"));
        var echo = Assert.Single(pushed, a => a["id"]?.GetValue<string>() == sentId);
        Assert.Equal("ws-1", echo["channelData"]!["clientActivityID"]!.GetValue<string>());
        Assert.Equal(watermarks.Select(long.Parse).OrderBy(w => w), watermarks.Select(long.Parse));

        // The stream's watermark is the one GET understands: nothing after it yet.
        var (after, _) = await _http.GetActivitiesAsync(id, token, watermarks[^1]);
        Assert.Empty(after);
    }

    [Fact]
    public async Task A_second_stream_for_the_same_conversation_is_closed_with_collision_and_the_first_keeps_working()
    {
        var (id, token, streamUrl) = await _http.StartAsync();
        using var first = await ConnectAsync(streamUrl);
        await ReadUntilAsync(first, s => s.Any(a => Text(a) == EchoBot.Welcome));

        // Another tab with the same conversation asks for a stream URL (reconnect) and opens it.
        var (_, info) = await _http.SendAsync(HttpMethod.Get, $"v3/directline/conversations/{id}?watermark=0", token);
        using var second = await ConnectAsync(info!["streamUrl"]!.GetValue<string>());
        Assert.Null(await ReceiveAsync(second, Patience()));
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, second.CloseStatus);
        Assert.Equal(DirectLineStream.CollisionReason, second.CloseStatusDescription);
        await second.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", Patience());

        await _http.PostMessageAsync(id, token, "still here");
        await ReadUntilAsync(first, s => s.Any(a => Text(a) == "You said: still here"));

        // Once the first stream is closed, the conversation may open a new one.
        await first.CloseAsync(WebSocketCloseStatus.NormalClosure, "", Patience());
        var (_, again) = await _http.SendAsync(HttpMethod.Get, $"v3/directline/conversations/{id}?watermark=0", token);
        using var third = await ConnectAsync(again!["streamUrl"]!.GetValue<string>());
        await ReadUntilAsync(third, s => s.Any(a => Text(a) == "You said: still here"));
    }

    [Fact]
    public async Task Stream_sends_empty_keep_alive_messages_while_idle()
    {
        var (_, _, streamUrl) = await _http.StartAsync();
        using var ws = await ConnectAsync(streamUrl);
        var ct = Patience();
        string? text;
        do text = await ReceiveAsync(ws, ct);
        while (text is { Length: > 0 });
        Assert.Equal("", text);
        Assert.Equal(WebSocketState.Open, ws.State);
    }

    [Fact]
    public async Task Stream_closes_cleanly_when_the_client_closes()
    {
        var (_, _, streamUrl) = await _http.StartAsync();
        using var ws = await ConnectAsync(streamUrl);
        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", Patience());
        Assert.Equal(WebSocketState.Closed, ws.State);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, ws.CloseStatus);
    }

    [Fact]
    public async Task Stream_closes_cleanly_with_going_away_when_the_server_stops()
    {
        await using var server = DirectLineTestServer.StartServer();
        var http = server.CreateClient();
        var (_, _, streamUrl) = await http.StartAsync();
        using var ws = await ConnectAsync(streamUrl);
        var stopping = server.DisposeAsync();
        var ct = Patience();
        while (await ReceiveAsync(ws, ct) is not null) { }
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, ws.CloseStatus);
        await stopping;
    }

    [Fact]
    public async Task Reconnecting_with_a_watermark_streams_only_what_came_after_it()
    {
        var (id, token, _) = await _http.StartAsync();
        await _http.PostMessageAsync(id, token, "before");
        var (_, wm) = await _http.GetActivitiesAsync(id, token);
        await _http.PostMessageAsync(id, token, "missed");

        var (_, conversation) = await _http.SendAsync(HttpMethod.Get, $"v3/directline/conversations/{id}?watermark={wm}", token);
        using var ws = await ConnectAsync(conversation!["streamUrl"]!.GetValue<string>());
        var (replayed, _) = await ReadUntilAsync(ws, s => s.Any(a => Text(a) == "You said: missed"));
        Assert.Equal(new[] { "missed", "You said: missed" }, replayed.Select(Text).ToArray());
    }

    [Fact]
    public async Task A_stream_url_of_another_conversation_or_a_forged_one_is_refused_at_the_handshake()
    {
        var (a, _, streamA) = await _http.StartAsync();
        var (b, _, _) = await _http.StartAsync();
        foreach (var url in new[] { streamA.Replace($"/conversations/{a}/", $"/conversations/{b}/"), streamA + "x" })
        {
            using var ws = new ClientWebSocket { Options = { CollectHttpResponseDetails = true } };
            await Assert.ThrowsAsync<WebSocketException>(() => ws.ConnectAsync(new Uri(url), Patience()));
            Assert.Equal(HttpStatusCode.Forbidden, ws.HttpStatusCode);
        }
    }

    [Fact]
    public async Task A_proactive_message_from_outside_a_user_turn_reaches_the_open_stream()
    {
        var (id, _, streamUrl) = await _http.StartAsync();
        using var ws = await ConnectAsync(streamUrl);
        await ReadUntilAsync(ws, s => s.Any(a => Text(a) == EchoBot.Welcome));

        var adapter = fixture.Server.Services.GetRequiredService<DirectLineAdapter>();
        var reference = new ConversationReference
        {
            ChannelId = DirectLineAdapter.ChannelId,
            Conversation = new ConversationAccount { Id = id },
            Bot = new ChannelAccount { Id = "complaintbot", Role = "bot" },
            User = new ChannelAccount { Id = "dl_someone", Role = "user" },
        };
        await adapter.ContinueConversationAsync(reference, (turn, ct) => turn.SendActivityAsync("an agent says hello", ct));

        var (pushed, _) = await ReadUntilAsync(ws, s => s.Any(a => Text(a) == "an agent says hello"));
        Assert.DoesNotContain(pushed, a => a["name"]?.GetValue<string>() == "ContinueConversation");
    }

    [Fact]
    public async Task After_a_bot_restart_on_the_same_database_a_reconnect_with_the_old_watermark_gets_everything_missed()
    {
        var dataDir = Directory.CreateTempSubdirectory("complaintbot-restart-").FullName;
        try
        {
            string id, token, watermark;
            await using (var before = DirectLineTestServer.StartServer(dataDir))
            {
                var http = before.CreateClient();
                (id, token, _) = await http.StartAsync();
                await http.PostMessageAsync(id, token, "seen");
                (_, watermark) = await http.GetActivitiesAsync(id, token);
                await http.PostMessageAsync(id, token, "missed while away"); // the client never read this
            }

            await using var after = DirectLineTestServer.StartServer(dataDir);
            var http2 = after.CreateClient();
            var (missed, _) = await http2.GetActivitiesAsync(id, token, watermark);
            Assert.Equal(new[] { "missed while away", "You said: missed while away" }, missed.Select(a => a!["text"]!.GetValue<string>()).ToArray());

            var (_, conversation) = await http2.SendAsync(HttpMethod.Get, $"v3/directline/conversations/{id}?watermark={watermark}", token);
            using var ws = await ConnectAsync(conversation!["streamUrl"]!.GetValue<string>());
            var (streamed, _) = await ReadUntilAsync(ws, s => s.Any(a => Text(a) == "You said: missed while away"));
            Assert.Equal(new[] { "missed while away", "You said: missed while away" }, streamed.Select(Text).ToArray());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { }
        }
    }
}

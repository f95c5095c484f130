using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using ComplaintBot.Dialogs.Schema;
using Activity = ComplaintBot.Dialogs.Schema.Activity;

namespace ComplaintBot.Bench;

/// <summary>
/// One Direct Line 3.0 customer, as Web Chat is: starts a conversation (<c>POST /v3/directline/conversations</c> with
/// the secret), holds its WebSocket <c>streamUrl</c> open, posts the scripted complaint one message every think time
/// (<c>POST …/activities</c> with the conversation's token), and times each message from the post until the bot's
/// first reply to it (<c>replyToId</c>) arrives on the socket. After the script it starts a new conversation and opens
/// its socket before closing the old one, so it holds a socket all the time.
/// </summary>
public sealed class DirectLineCustomer(int customer, HttpClient http, Uri baseUrl, ComplaintScript script, DirectLineStats stats)
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, (Activity First, long At)> _firstReplies = new();
    private readonly ConcurrentDictionary<string, List<Activity>> _replies = new();
    private readonly SemaphoreSlim _arrived = new(0);

    public async Task RunAsync(Func<bool> measuring, TimeSpan think, CancellationToken stop)
    {
        var random = new Random(customer);
        Session? session = null;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    session ??= await OpenAsync(stop);
                    string? previous = null;
                    foreach (var step in script.Steps)
                    {
                        await Task.Delay(think * (0.5 + random.NextDouble()), stop);
                        var last = previous is not null && _replies.TryGetValue(previous, out var r) ? r : [];
                        var (id, ms) = await PostAsync(session.ConversationId, session.Token, step.TextAfter(last), stop);
                        if (measuring()) stats.Record(customer, ms, ok: id is not null);
                        if (id is null) break;
                        previous = id;
                    }
                    // The next conversation's socket opens before this one closes: the customer holds one throughout.
                    var next = await OpenAsync(stop);
                    await CloseAsync(session);
                    session = next;
                    _firstReplies.Clear();
                    _replies.Clear();
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
                catch (Exception e) when (e is HttpRequestException or WebSocketException or JsonException or InvalidOperationException)
                {
                    stats.ConnectFailed(e.Message);
                    if (session is not null) await CloseAsync(session);
                    session = null;
                    await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
                }
            }
        }
        finally
        {
            if (session is not null) await CloseAsync(session);
        }
    }

    /// <summary>A started conversation with its stream open and being read.</summary>
    private sealed record Session(string ConversationId, string Token, ClientWebSocket Socket, Task Receiving);

    private async Task<Session> OpenAsync(CancellationToken ct)
    {
        var (conversationId, token, streamUrl) = await StartAsync(ct);
        var socket = new ClientWebSocket();
        try
        {
            await socket.ConnectAsync(new Uri(streamUrl), ct);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        stats.SocketOpened();
        return new Session(conversationId, token, socket, ReceiveAsync(socket, ct));
    }

    private async Task CloseAsync(Session session)
    {
        stats.SocketClosed();
        if (session.Socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try { await session.Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token); }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException) { }
        }
        session.Socket.Dispose();
        await session.Receiving;
    }

    private async Task<(string ConversationId, string Token, string StreamUrl)> StartAsync(CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, "v3/directline/conversations"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", BenchBotSettings.DirectLineSecret);
        using var response = await http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        var root = body.RootElement;
        return (root.GetProperty("conversationId").GetString()!, root.GetProperty("token").GetString()!,
            root.GetProperty("streamUrl").GetString() ?? throw new InvalidOperationException("no streamUrl"));
    }

    /// <returns>The posted activity's id and the time until the bot's first reply to it was on the socket; null id on failure.</returns>
    private async Task<(string? Id, double Ms)> PostAsync(string conversationId, string token, string text, CancellationToken ct)
    {
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            From = new ChannelAccount { Id = $"dl-customer-{customer}" },
            Locale = script.Locale,
            Text = text,
        };
        var started = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, $"v3/directline/conversations/{Uri.EscapeDataString(conversationId)}/activities"))
        {
            Content = JsonContent.Create(activity, options: ActivityJson.Options),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode) return (null, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        var id = (await response.Content.ReadFromJsonAsync<ResourceResponse>(ActivityJson.Options, ct))?.Id;
        if (id is null) return (null, Stopwatch.GetElapsedTime(started).TotalMilliseconds);

        // The reply may be on the socket before the POST's answer (the turn runs inside the POST).
        var deadline = Stopwatch.GetTimestamp() + (long)(ReplyTimeout.TotalSeconds * Stopwatch.Frequency);
        while (!_firstReplies.ContainsKey(id))
        {
            var left = deadline - Stopwatch.GetTimestamp();
            if (left <= 0) return (null, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            await _arrived.WaitAsync(TimeSpan.FromSeconds((double)left / Stopwatch.Frequency), ct);
        }
        return (id, Stopwatch.GetElapsedTime(started, _firstReplies[id].At).TotalMilliseconds);
    }

    private async Task ReceiveAsync(ClientWebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var part = await socket.ReceiveAsync(buffer, ct);
                if (part.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, part.Count);
                if (!part.EndOfMessage) continue;
                var at = Stopwatch.GetTimestamp();
                if (message.Length > 0) Take(message.ToArray(), at); // an empty message is the keep-alive
                message.SetLength(0);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException) { }
    }

    private void Take(byte[] json, long at)
    {
        using var doc = JsonDocument.Parse(json);
        if (!doc.RootElement.TryGetProperty("activities", out var activities)) return;
        foreach (var element in activities.EnumerateArray())
        {
            var a = element.Deserialize<Activity>(ActivityJson.Options);
            if (a?.ReplyToId is not { } replyTo) continue; // only the bot's replies answer an id
            _replies.AddOrUpdate(replyTo, _ => [a], (_, list) => { lock (list) list.Add(a); return list; });
            if (_firstReplies.TryAdd(replyTo, (a, at))) _arrived.Release();
        }
    }
}

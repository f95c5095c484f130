using System.Net.WebSockets;
using System.Text.Json;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.State;
using Microsoft.Extensions.Options;

namespace ComplaintBot.Bot.Channels.DirectLine;

/// <summary>
/// The WebSocket at streamUrl: pushes <c>{activities, watermark}</c> from the activity log after the watermark in the
/// URL, wakes on the conversation's notification topic, sends an empty message as keep-alive, and closes cleanly when
/// the client or the server goes away. Client messages are ignored (the spec allows empty pings).
/// One stream per conversation (per instance), as the service allows: a further connection while one is open is
/// accepted and closed at once with the reason <c>collision</c> (receive-activities spec); the open one carries on.
/// </summary>
public static class DirectLineStream
{
    public static async Task<IResult> Accept(HttpContext http, string conversationId, string? t, string? watermark,
        DirectLineChannel channel, INotificationBus bus, DirectLineStreams streams, IOptions<DirectLineOptions> options, IHostApplicationLifetime lifetime)
    {
        if (!http.WebSockets.IsWebSocketRequest) return DirectLineErrors.BadArgument("The stream URL is for WebSocket connections.");
        if (DirectLineAuth.Authorize(http, channel.Tokens, conversationId, out var caller, t, allowStreamToken: true) is { } denied) return denied;
        var (c, missing) = await DirectLineEndpoints.FindAsync(channel, caller, conversationId, http.RequestAborted);
        if (missing is not null) return missing;
        long wm = 0;
        if (!string.IsNullOrEmpty(watermark) && (!long.TryParse(watermark, out wm) || wm < 0)) return DirectLineErrors.BadArgument("Invalid watermark.");

        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        using var lease = streams.TryOpen(c!.Id);
        if (lease is null)
        {
            await CloseCollisionAsync(socket);
            return Results.Empty;
        }
        await RunAsync(socket, channel, bus, c.Id, wm, DirectLineChannel.BaseUrl(http.Request), options.Value.KeepAliveInterval,
            lease, lifetime.ApplicationStopping, http.RequestAborted);
        return Results.Empty;
    }

    private static async Task RunAsync(WebSocket socket, DirectLineChannel channel, INotificationBus bus, string conversationId,
        long watermark, string baseUrl, TimeSpan keepAlive, IDisposable lease, CancellationToken stopping, CancellationToken aborted)
    {
        using var wake = new SemaphoreSlim(0);
        // Subscribe before the first read, so nothing appended in between is missed.
        Task Wake(string _)
        {
            try { wake.Release(); } catch (ObjectDisposedException) { }
            return Task.CompletedTask;
        }
        using var subscription = bus.Subscribe(DirectLineAdapter.Topic(conversationId), Wake);
        // After a lost cross-instance listener: replies appended elsewhere meanwhile were never announced here.
        using var resync = bus.Subscribe(NotificationTopics.Resync, Wake);
        using var gone = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        var receiving = ReceiveUntilCloseAsync(socket, gone.Token);

        try
        {
            while (!stopping.IsCancellationRequested && !receiving.IsCompleted)
            {
                var (activities, next, more) = await channel.ReadAsync(conversationId, watermark, includeTyping: true, baseUrl, gone.Token);
                if (activities.Count > 0)
                    await SendAsync(socket, JsonSerializer.SerializeToUtf8Bytes(
                        new DirectLineEndpoints.ActivitySet(activities, next.ToString()), ActivityJson.Options), gone.Token);
                watermark = next;
                if (more) continue;

                using var wait = CancellationTokenSource.CreateLinkedTokenSource(gone.Token, stopping);
                var woke = wake.WaitAsync(keepAlive, wait.Token);
                var first = await Task.WhenAny(woke, receiving);
                if (first == receiving) break;
                bool signalled;
                try { signalled = await woke; }
                catch (OperationCanceledException) { break; }
                if (!signalled) await SendAsync(socket, ReadOnlyMemory<byte>.Empty, gone.Token); // keep-alive
            }

            // Free the conversation before the close frame goes out, so a client that reconnects after it may open the next stream.
            lease.Dispose();
            if (socket.State == WebSocketState.Open)
                await socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "server shutting down", CancellationToken.None);
            else if (socket.State == WebSocketState.CloseReceived)
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The client went away mid-send; nothing to tidy up.
        }
        finally
        {
            // After our close frame, give the client a moment to answer with its own before dropping the connection.
            if (socket.State == WebSocketState.CloseSent) await Task.WhenAny(receiving, Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None));
            gone.Cancel();
            try { await receiving; } catch { /* already reported as closed */ }
        }
    }

    public const string CollisionReason = "collision";

    private static async Task CloseCollisionAsync(WebSocket socket)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, CollisionReason, patience.Token);
            // Wait for the client's close frame (or give up), so the client sees a clean close with our reason.
            var buffer = new byte[256];
            while (socket.State == WebSocketState.CloseSent)
                if ((await socket.ReceiveAsync(buffer, patience.Token)).MessageType == WebSocketMessageType.Close) break;
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException) { }
    }

    private static Task SendAsync(WebSocket socket, ReadOnlyMemory<byte> payload, CancellationToken ct)
        => socket.SendAsync(payload, WebSocketMessageType.Text, endOfMessage: true, ct).AsTask();

    /// <summary>Completes when the client closes (or the connection drops); whatever the client sends is ignored.</summary>
    private static async Task ReceiveUntilCloseAsync(WebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var r = await socket.ReceiveAsync(buffer, ct);
                if (r.MessageType == WebSocketMessageType.Close) return;
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException) { }
    }
}

/// <summary>Which conversations have an open stream on this instance.</summary>
public sealed class DirectLineStreams
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lease> _open = new(StringComparer.Ordinal);

    /// <summary>A lease to dispose when the stream ends; null when the conversation already has an open stream.</summary>
    public IDisposable? TryOpen(string conversationId)
    {
        var lease = new Lease(this, conversationId);
        return _open.TryAdd(conversationId, lease) ? lease : null;
    }

    public bool IsOpen(string conversationId) => _open.ContainsKey(conversationId);

    private sealed class Lease(DirectLineStreams owner, string conversationId) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                owner._open.TryRemove(new KeyValuePair<string, Lease>(conversationId, this));
        }
    }
}

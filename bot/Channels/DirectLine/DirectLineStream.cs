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
/// </summary>
public static class DirectLineStream
{
    public static async Task<IResult> Accept(HttpContext http, string conversationId, string? t, string? watermark,
        DirectLineChannel channel, INotificationBus bus, IOptions<DirectLineOptions> options, IHostApplicationLifetime lifetime)
    {
        if (!http.WebSockets.IsWebSocketRequest) return DirectLineErrors.BadArgument("The stream URL is for WebSocket connections.");
        if (DirectLineAuth.Authorize(http, channel.Tokens, conversationId, out var caller, t, allowStreamToken: true) is { } denied) return denied;
        var (c, missing) = await DirectLineEndpoints.FindAsync(channel, caller, conversationId, http.RequestAborted);
        if (missing is not null) return missing;
        long wm = 0;
        if (!string.IsNullOrEmpty(watermark) && (!long.TryParse(watermark, out wm) || wm < 0)) return DirectLineErrors.BadArgument("Invalid watermark.");

        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        await RunAsync(socket, channel, bus, c!.Id, wm, DirectLineChannel.BaseUrl(http.Request), options.Value.KeepAliveInterval,
            lifetime.ApplicationStopping, http.RequestAborted);
        return Results.Empty;
    }

    private static async Task RunAsync(WebSocket socket, DirectLineChannel channel, INotificationBus bus, string conversationId,
        long watermark, string baseUrl, TimeSpan keepAlive, CancellationToken stopping, CancellationToken aborted)
    {
        using var wake = new SemaphoreSlim(0);
        // Subscribe before the first read, so nothing appended in between is missed.
        using var subscription = bus.Subscribe(DirectLineAdapter.Topic(conversationId), _ =>
        {
            try { wake.Release(); } catch (ObjectDisposedException) { }
            return Task.CompletedTask;
        });
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

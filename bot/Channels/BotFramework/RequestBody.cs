using System.Buffers;

namespace ComplaintBot.Bot.Channels.BotFramework;

/// <summary>
/// A request body read whole, up to a limit, into a buffer rented from the shared pool (every activity is read before
/// it is parsed: a buffer per request was the largest allocation of the endpoint). <see cref="Dispose"/> returns it.
/// </summary>
internal readonly struct RequestBody : IDisposable
{
    private readonly byte[] _buffer;
    private readonly int _length;

    private RequestBody(byte[] buffer, int length) { _buffer = buffer; _length = length; }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, _length);

    public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);

    /// <summary>The body; null when it is longer than <paramref name="limit"/>, whatever Content-Length said.</summary>
    public static async Task<RequestBody?> ReadAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        if (request.ContentLength > limit) return null;
        // One byte more than expected, so the end of the body is seen without growing the buffer.
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(request.ContentLength ?? 4096, limit) + 1);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(2L * buffer.Length, limit + 1L));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = await request.Body.ReadAsync(buffer.AsMemory(length), ct);
                if (read == 0)
                {
                    var body = new RequestBody(buffer, length);
                    buffer = null;
                    return body;
                }
                length += read;
                if (length > limit) return null;
            }
        }
        finally
        {
            if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

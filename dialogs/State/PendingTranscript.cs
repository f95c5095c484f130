using ComplaintBot.Dialogs.Schema;

namespace ComplaintBot.Dialogs.State;

/// <summary>
/// A turn's outgoing activities that are not in the transcript yet (see <see cref="Turns.TranscriptLoggerMiddleware"/>:
/// in a deliveryMode=expectReplies turn the replies reach the customer only with the HTTP response, so they are
/// written together, once, when the turn ends, instead of one write each).
///
/// So that code reading the transcript during that turn (the hand-off event carries "the transcript so far") still
/// sees them, every <see cref="ITranscriptStore.ReadAsync"/> first calls <see cref="FlushBeforeReadAsync"/>, which
/// writes the pending activities of the turn it runs in, if they belong to the conversation being read.
/// </summary>
public sealed class PendingTranscript(ITranscriptStore store, string conversationId)
{
    private static readonly AsyncLocal<PendingTranscript?> Ambient = new();
    private readonly List<Activity> _pending = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _closed;

    public string ConversationId { get; } = conversationId;

    /// <summary>Makes this the pending transcript of the current turn (the async flow that calls it).</summary>
    public void Attach() => Ambient.Value = this;

    /// <summary>Holds <paramref name="activities"/> until the next flush; after <see cref="CloseAsync"/>, writes them at once.</summary>
    public async Task AddAsync(IReadOnlyList<Activity> activities, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (!_closed)
            {
                _pending.AddRange(activities);
                return;
            }
        }
        finally
        {
            _gate.Release();
        }
        await store.AppendManyAsync(ConversationId, activities, ct);
    }

    /// <summary>Writes what is pending, in order (one write).</summary>
    public Task FlushAsync(CancellationToken ct) => FlushAsync(close: false, ct);

    /// <summary>Flushes and stops holding: activities sent afterwards (e.g. an apology for a failed turn) are written directly.</summary>
    public Task CloseAsync(CancellationToken ct) => FlushAsync(close: true, ct);

    private async Task FlushAsync(bool close, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (close) _closed = true;
            if (_pending.Count == 0) return;
            await store.AppendManyAsync(ConversationId, _pending, ct);
            _pending.Clear(); // only once stored: a failed write leaves them for the next flush
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Called by transcript stores before they read <paramref name="conversationId"/>.</summary>
    public static Task FlushBeforeReadAsync(string conversationId, CancellationToken ct)
        => Ambient.Value is { } p && !p._closed && p.ConversationId == conversationId ? p.FlushAsync(ct) : Task.CompletedTask;
}

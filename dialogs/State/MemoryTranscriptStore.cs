using ComplaintBot.Dialogs.Schema;

namespace ComplaintBot.Dialogs.State;

/// <summary>In-process <see cref="ITranscriptStore"/>; activities are stored as JSON so later changes to the sent object don't leak in.</summary>
public sealed class MemoryTranscriptStore : ITranscriptStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, List<(long Sequence, DateTimeOffset At, string Json)>> _logs = new(StringComparer.Ordinal);

    public Task<long> AppendAsync(string conversationId, Activity activity, CancellationToken ct = default)
    {
        var json = ActivityJson.Serialize(activity);
        lock (_gate)
        {
            if (!_logs.TryGetValue(conversationId, out var log)) _logs[conversationId] = log = new();
            var sequence = log.Count + 1L;
            log.Add((sequence, DateTimeOffset.UtcNow, json));
            return Task.FromResult(sequence);
        }
    }

    public Task<IReadOnlyList<TranscriptEntry>> ReadAsync(string conversationId, long afterSequence = 0, int max = 500, CancellationToken ct = default)
    {
        List<(long Sequence, DateTimeOffset At, string Json)> slice;
        lock (_gate)
            slice = _logs.TryGetValue(conversationId, out var log)
                ? log.Where(e => e.Sequence > afterSequence).Take(max).ToList()
                : new();
        return Task.FromResult<IReadOnlyList<TranscriptEntry>>(
            slice.Select(e => new TranscriptEntry(e.Sequence, e.At, ActivityJson.Parse(e.Json)!)).ToList());
    }
}

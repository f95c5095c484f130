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

    public Task<IReadOnlyList<long>> AppendManyAsync(string conversationId, IReadOnlyList<Activity> activities, CancellationToken ct = default)
    {
        var json = activities.Select(ActivityJson.Serialize).ToList();
        lock (_gate)
        {
            if (!_logs.TryGetValue(conversationId, out var log)) _logs[conversationId] = log = new();
            var sequences = new long[json.Count];
            for (var i = 0; i < json.Count; i++)
            {
                sequences[i] = log.Count + 1L;
                log.Add((sequences[i], DateTimeOffset.UtcNow, json[i]));
            }
            return Task.FromResult<IReadOnlyList<long>>(sequences);
        }
    }

    public async Task<IReadOnlyList<TranscriptEntry>> ReadAsync(string conversationId, long afterSequence = 0, int max = 500, CancellationToken ct = default)
    {
        await PendingTranscript.FlushBeforeReadAsync(conversationId, ct);
        List<(long Sequence, DateTimeOffset At, string Json)> slice;
        lock (_gate)
            slice = _logs.TryGetValue(conversationId, out var log)
                ? log.Where(e => e.Sequence > afterSequence && e.Json.Length > 0).Take(max).ToList()
                : new();
        return slice.Select(e => new TranscriptEntry(e.Sequence, e.At, ActivityJson.Parse(e.Json)!)).ToList();
    }

    public Task<int> DeleteConversationAsync(string conversationId, CancellationToken ct = default)
    {
        lock (_gate) return Task.FromResult(_logs.Remove(conversationId, out var log) ? log.Count : 0);
    }

    public Task<int> DeleteBeforeAsync(DateTimeOffset cutoff, CancellationToken ct = default)
    {
        // Entries go, the conversation's sequence keeps counting (the list only ever grows at its end).
        lock (_gate) return Task.FromResult(_logs.Values.Sum(log => CountAndBlank(log, cutoff)));
    }

    private static int CountAndBlank(List<(long Sequence, DateTimeOffset At, string Json)> log, DateTimeOffset cutoff)
    {
        var n = 0;
        for (var i = 0; i < log.Count; i++)
            if (log[i].At < cutoff && log[i].Json.Length > 0) { log[i] = (log[i].Sequence, log[i].At, ""); n++; }
        return n;
    }
}

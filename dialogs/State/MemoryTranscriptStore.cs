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
                ? log.Where(e => e.Sequence > afterSequence).Take(max).ToList()
                : new();
        return slice.Select(e => new TranscriptEntry(e.Sequence, e.At, ActivityJson.Parse(e.Json)!)).ToList();
    }
}

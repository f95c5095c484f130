using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ComplaintBot.Tests.Support;

/// <summary>
/// Stand-ins used only while the host registers no IStorage / ITranscriptStore of its own (TryAdd: the host's real
/// stores win as soon as they exist). Same semantics as the contracts: ETags, per-conversation sequences from 1.
/// </summary>
public static class InterimStores
{
    public static void AddIfMissing(IServiceCollection services)
    {
        services.TryAddSingleton<IStorage, Storage>();
        services.TryAddSingleton<ITranscriptStore, Transcripts>();
    }

    private sealed class Storage : IStorage
    {
        private readonly Dictionary<string, StoreItem> _items = new();

        public Task<IReadOnlyDictionary<string, StoreItem>> ReadAsync(IReadOnlyCollection<string> keys, CancellationToken ct = default)
        {
            lock (_items)
                return Task.FromResult<IReadOnlyDictionary<string, StoreItem>>(
                    keys.Where(_items.ContainsKey).ToDictionary(k => k, k => _items[k]));
        }

        public Task<IReadOnlyDictionary<string, string>> WriteAsync(IReadOnlyDictionary<string, StoreItem> changes, CancellationToken ct = default)
        {
            lock (_items)
            {
                foreach (var (key, item) in changes)
                {
                    var exists = _items.TryGetValue(key, out var current);
                    if (item.ETag is null ? exists : item.ETag != "*" && (!exists || current!.ETag != item.ETag))
                        throw new StorageConflictException(key);
                }
                var etags = new Dictionary<string, string>();
                foreach (var (key, item) in changes)
                {
                    var etag = Guid.NewGuid().ToString("N");
                    _items[key] = new StoreItem(item.Json, etag);
                    etags[key] = etag;
                }
                return Task.FromResult<IReadOnlyDictionary<string, string>>(etags);
            }
        }

        public Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken ct = default)
        {
            lock (_items) foreach (var k in keys) _items.Remove(k);
            return Task.CompletedTask;
        }
    }

    private sealed class Transcripts : ITranscriptStore
    {
        private readonly Dictionary<string, List<TranscriptEntry>> _log = new();

        public Task<long> AppendAsync(string conversationId, Activity activity, CancellationToken ct = default)
        {
            lock (_log)
            {
                if (!_log.TryGetValue(conversationId, out var list)) _log[conversationId] = list = new();
                var seq = list.Count + 1L;
                list.Add(new TranscriptEntry(seq, DateTimeOffset.UtcNow, activity.Clone()));
                return Task.FromResult(seq);
            }
        }

        public Task<IReadOnlyList<TranscriptEntry>> ReadAsync(string conversationId, long afterSequence = 0, int max = 500, CancellationToken ct = default)
        {
            lock (_log)
                return Task.FromResult<IReadOnlyList<TranscriptEntry>>(_log.TryGetValue(conversationId, out var list)
                    ? list.Where(e => e.Sequence > afterSequence).Take(max).Select(e => e with { Activity = e.Activity.Clone() }).ToList()
                    : new List<TranscriptEntry>());
        }
    }
}

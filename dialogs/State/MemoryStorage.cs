namespace ComplaintBot.Dialogs.State;

/// <summary>In-process <see cref="IStorage"/> for tests and single-instance demos; same ETag rules as the databases.</summary>
public sealed class MemoryStorage : IStorage, IStorageKeyListing
{
    private readonly object _gate = new();
    private readonly Dictionary<string, StoreItem> _items = new(StringComparer.Ordinal);
    private long _version;

    public Task<IReadOnlyDictionary<string, StoreItem>> ReadAsync(IReadOnlyCollection<string> keys, CancellationToken ct = default)
    {
        var found = new Dictionary<string, StoreItem>(StringComparer.Ordinal);
        lock (_gate)
            foreach (var key in keys)
                if (_items.TryGetValue(key, out var item)) found[key] = item;
        return Task.FromResult<IReadOnlyDictionary<string, StoreItem>>(found);
    }

    public Task<IReadOnlyDictionary<string, string>> WriteAsync(IReadOnlyDictionary<string, StoreItem> changes, CancellationToken ct = default)
    {
        var etags = new Dictionary<string, string>(StringComparer.Ordinal);
        lock (_gate)
        {
            // Check every key before changing any, so a conflict leaves the store untouched (atomic batch).
            foreach (var (key, change) in changes)
            {
                _items.TryGetValue(key, out var current);
                if (!StorageETags.Accepts(change.ETag, current?.ETag)) throw new StorageConflictException(key);
            }
            foreach (var (key, change) in changes)
            {
                var etag = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture);
                _items[key] = new StoreItem(change.Json, etag);
                etags[key] = etag;
            }
        }
        return Task.FromResult<IReadOnlyDictionary<string, string>>(etags);
    }

    public Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken ct = default)
    {
        lock (_gate)
            foreach (var key in keys) _items.Remove(key);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListKeysAsync(string prefix, string? after, int limit, CancellationToken ct = default)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<string>>(_items.Keys
                .Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && (after is null || string.CompareOrdinal(k, after) > 0))
                .Order(StringComparer.Ordinal).Take(limit).ToList());
    }
}

/// <summary>The ETag rule of <see cref="IStorage"/>, shared by every provider.</summary>
public static class StorageETags
{
    public const string Any = "*";

    /// <param name="expected">The ETag the writer sent.</param>
    /// <param name="current">The stored ETag, null when the key does not exist.</param>
    public static bool Accepts(string? expected, string? current) => expected switch
    {
        null => current is null,
        Any => true,
        _ => current is not null && string.Equals(expected, current, StringComparison.Ordinal),
    };
}

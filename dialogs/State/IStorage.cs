namespace ComplaintBot.Dialogs.State;

/// <summary>
/// Key/value store with optimistic concurrency. Values are JSON text. ETag semantics:
/// <c>null</c> = create only (fails if the key exists), <c>"*"</c> = unconditional, anything else must
/// equal the stored ETag. A mismatch throws <see cref="StorageConflictException"/>: a conflicting writer
/// gets a conflict, never a lost update.
/// </summary>
public interface IStorage
{
    Task<IReadOnlyDictionary<string, StoreItem>> ReadAsync(IReadOnlyCollection<string> keys, CancellationToken ct = default);

    /// <summary>Writes all changes atomically; returns the new ETag of each key.</summary>
    Task<IReadOnlyDictionary<string, string>> WriteAsync(IReadOnlyDictionary<string, StoreItem> changes, CancellationToken ct = default);

    Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken ct = default);
}

/// <param name="Json">The stored value as JSON text.</param>
/// <param name="ETag">On read: the current ETag. On write: the expected one (see <see cref="IStorage"/>).</param>
public sealed record StoreItem(string Json, string? ETag);

public sealed class StorageConflictException(string key)
    : Exception($"The stored item '{key}' was changed by another writer (ETag mismatch).")
{
    public string Key { get; } = key;

    // Every store throws this once per conflict it detects, so counting here counts each conflict once, in all stores.
    private readonly bool _counted = Runtime.BotTelemetry.CountConflict("state");
}

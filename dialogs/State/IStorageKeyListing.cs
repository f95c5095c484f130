namespace ComplaintBot.Dialogs.State;

/// <summary>
/// What the memory, SQLite and PostgreSQL stores can do besides <see cref="IStorage"/>: list the keys under a prefix,
/// a page at a time. Meant for housekeeping over items that no index of their own lists (uploads from before they were
/// noted by day); it may scan, so keep it off the turn path.
/// </summary>
public interface IStorageKeyListing
{
    /// <summary>
    /// Up to <paramref name="limit"/> keys starting with <paramref name="prefix"/> (taken literally), in the store's key
    /// order, after <paramref name="after"/> (null = from the start). Pass the last key of a page to get the next one.
    /// </summary>
    Task<IReadOnlyList<string>> ListKeysAsync(string prefix, string? after, int limit, CancellationToken ct = default);
}

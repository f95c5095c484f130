using System.Text.Json;
using ComplaintBot.Dialogs.State;

namespace ComplaintBot.Bot.Privacy;

/// <summary>One export, erasure or retention pass: who, when, what kind of key, how many rows of each kind. Never the data itself, nor the key's value.</summary>
public sealed record PrivacyAuditRecord(DateTimeOffset At, string Actor, string Action, string? KeyKind, IReadOnlyDictionary<string, int> Rows);

/// <summary>
/// The audit log of privacy actions, kept in the shared <see cref="IStorage"/> (so it follows the configured store:
/// SQLite file or PostgreSQL) under keys that sort by time. Entries are only ever added.
/// </summary>
public sealed class PrivacyAudit(IStorage storage)
{
    public const string Prefix = "audit/privacy/";
    private const int MaxListed = 100;

    public const string Export = "export";
    public const string Erase = "erase";
    public const string Retention = "retention";

    public async Task AppendAsync(PrivacyAuditRecord record, CancellationToken ct)
    {
        // The wall clock's ticks order records of the same instant (a host's TimeProvider may stand still).
        var key = $"{Prefix}{record.At.UtcDateTime:yyyyMMdd'T'HHmmssfff'Z'}-{DateTime.UtcNow.Ticks:D19}-{Guid.NewGuid():N}";
        await storage.WriteAsync(new Dictionary<string, StoreItem> { [key] = new(JsonSerializer.Serialize(record, Json), null) }, ct);
    }

    /// <summary>The newest records, newest first.</summary>
    public async Task<IReadOnlyList<PrivacyAuditRecord>> ListAsync(CancellationToken ct)
    {
        if (storage is not IStorageKeyListing listing) return [];
        var keys = new List<string>();
        string? after = null;
        while (await listing.ListKeysAsync(Prefix, after, 500, ct) is { Count: > 0 } page)
        {
            keys.AddRange(page);
            after = page[^1];
            if (keys.Count > MaxListed) keys.RemoveRange(0, keys.Count - MaxListed);
        }
        var items = await storage.ReadAsync(keys, ct);
        return keys.AsEnumerable().Reverse().Where(items.ContainsKey)
            .Select(k => JsonSerializer.Deserialize<PrivacyAuditRecord>(items[k].Json, Json)!).ToList();
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}

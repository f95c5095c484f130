using ComplaintBot.Dialogs.State;
using Npgsql;
using NpgsqlTypes;

namespace ComplaintBot.Bot.Stores;

/// <summary>
/// <see cref="IStorage"/> on one PostgreSQL table shared by every bot instance. Each key's write is a single
/// conditional statement, so the database's row lock decides between concurrent writers: the loser's statement
/// touches no row and it gets <see cref="StorageConflictException"/>. All keys of one write commit or none do.
/// </summary>
public sealed class PostgresStorage(PostgresDatabase db) : IStorage, IStorageKeyListing
{
    private readonly string _table = db.Table("state");

    public async Task<IReadOnlyDictionary<string, StoreItem>> ReadAsync(IReadOnlyCollection<string> keys, CancellationToken ct = default)
    {
        var result = new Dictionary<string, StoreItem>(StringComparer.Ordinal);
        if (keys.Count == 0) return result;
        await using var lease = await db.LeaseAsync(ct);
        await using var cmd = lease.Command($"SELECT key, value::text, etag FROM {_table} WHERE key = ANY(@keys)");
        cmd.Parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = keys.Distinct().ToArray() });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            result[reader.GetString(0)] = new StoreItem(reader.GetString(1), reader.GetString(2));
        return result;
    }

    public async Task<IReadOnlyList<string>> ListKeysAsync(string prefix, string? after, int limit, CancellationToken ct = default)
    {
        await using var lease = await db.LeaseAsync(ct);
        // Byte order ("C"), whatever the database's collation, so pages follow each other.
        await using var cmd = lease.Command($"""
            SELECT key FROM {_table}
            WHERE starts_with(key, @prefix) AND (@after::text IS NULL OR key COLLATE "C" > @after)
            ORDER BY key COLLATE "C" LIMIT @limit
            """);
        cmd.Parameters.Add(new NpgsqlParameter("prefix", NpgsqlDbType.Text) { Value = prefix });
        cmd.Parameters.Add(new NpgsqlParameter("after", NpgsqlDbType.Text) { Value = (object?)after ?? DBNull.Value });
        cmd.Parameters.Add(new NpgsqlParameter("limit", NpgsqlDbType.Integer) { Value = limit });
        var keys = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) keys.Add(reader.GetString(0));
        return keys;
    }

    public async Task<IReadOnlyDictionary<string, string>> WriteAsync(IReadOnlyDictionary<string, StoreItem> changes, CancellationToken ct = default)
    {
        var etags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (changes.Count == 0) return etags;
        // A fixed key order makes two multi-key writers lock rows in the same order, so they cannot deadlock.
        var ordered = changes.OrderBy(c => c.Key, StringComparer.Ordinal).ToList();

        // Inside a turn this joins the turn's transaction (a savepoint): it commits with the turn's other writes.
        await using var lease = await db.LeaseAsync(ct);
        return await lease.AtomicAsync(async tx =>
        {
            await using var batch = new NpgsqlBatch(lease.Connection, tx);
            foreach (var (key, item) in ordered)
            {
                var etag = Guid.NewGuid().ToString("N");
                etags[key] = etag;
                batch.BatchCommands.Add(WriteCommand(key, item, etag));
            }

            try
            {
                await batch.ExecuteNonQueryAsync(ct);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
            {
                // Only possible against writers outside this class; the caller's retry-on-conflict path fits.
                throw new StorageConflictException(ordered[0].Key);
            }

            // Zero rows for any key: the whole write is undone (AtomicAsync rolls back on the throw).
            for (var i = 0; i < ordered.Count; i++)
                if (batch.BatchCommands[i].RecordsAffected != 1) throw new StorageConflictException(ordered[i].Key);
            return (IReadOnlyDictionary<string, string>)etags;
        }, ct);
    }

    public async Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken ct = default)
    {
        if (keys.Count == 0) return;
        await using var lease = await db.LeaseAsync(ct);
        await using var cmd = lease.Command($"DELETE FROM {_table} WHERE key = ANY(@keys)");
        cmd.Parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = keys.Distinct().ToArray() });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private NpgsqlBatchCommand WriteCommand(string key, StoreItem item, string newEtag)
    {
        var sql = item.ETag switch
        {
            // Create only: an existing row (or one another writer is inserting and then commits) leaves 0 rows affected.
            null => $"INSERT INTO {_table} (key, value, etag) VALUES (@key, @value, @etag) ON CONFLICT (key) DO NOTHING",
            "*" => $"""
                INSERT INTO {_table} (key, value, etag) VALUES (@key, @value, @etag)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value, etag = excluded.etag, updated_at = now()
                """,
            // Under READ COMMITTED a writer blocked on the row re-checks the WHERE against the committed version,
            // so the second of two writers holding the same ETag updates nothing.
            _ => $"UPDATE {_table} SET value = @value, etag = @etag, updated_at = now() WHERE key = @key AND etag = @expected",
        };
        var cmd = new NpgsqlBatchCommand(sql);
        cmd.Parameters.Add(new NpgsqlParameter("key", NpgsqlDbType.Text) { Value = key });
        cmd.Parameters.Add(new NpgsqlParameter("value", NpgsqlDbType.Json) { Value = item.Json });
        cmd.Parameters.Add(new NpgsqlParameter("etag", NpgsqlDbType.Text) { Value = newEtag });
        if (item.ETag is not null and not "*")
            cmd.Parameters.Add(new NpgsqlParameter("expected", NpgsqlDbType.Text) { Value = item.ETag });
        return cmd;
    }
}

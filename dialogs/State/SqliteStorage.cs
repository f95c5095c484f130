using Microsoft.Data.Sqlite;

namespace ComplaintBot.Dialogs.State;

/// <summary>
/// <see cref="IStorage"/> on the embedded SQLite file (the default provider). A write batch runs in one
/// BEGIN IMMEDIATE transaction (<see cref="SqliteDatabase.WriteAsync{T}"/>): every ETag is checked inside it, so a conflict anywhere rolls back the whole batch.
/// </summary>
public sealed class SqliteStorage : IStorage, IStorageKeyListing
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS state_items (
            key        TEXT PRIMARY KEY,
            json       TEXT NOT NULL,
            etag       TEXT NOT NULL,
            updated_at INTEGER NOT NULL
        );
        """;

    private readonly SqliteDatabase _db;

    public SqliteStorage(SqliteDatabase db)
    {
        _db = db;
        _db.EnsureSchema(nameof(SqliteStorage), Schema);
    }

    public async Task<IReadOnlyDictionary<string, StoreItem>> ReadAsync(IReadOnlyCollection<string> keys, CancellationToken ct = default)
    {
        var found = new Dictionary<string, StoreItem>(StringComparer.Ordinal);
        if (keys.Count == 0) return found;
        if (keys.Count == 1)
        {
            // Every turn reads its conversation state: one prepared statement on a rented reader.
            await using var lease = await _db.RentReaderAsync(ct);
            var one = SqliteCommands.Prepared(lease.Connection, "SELECT key, json, etag FROM state_items WHERE key = $k0;", lease.Transaction, ("$k0", keys.First()));
            await using var r = await one.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                found[r.GetString(0)] = new StoreItem(r.GetString(1), r.GetString(2));
            return found;
        }
        await using var reading = await _db.RentReaderAsync(ct);
        await using var command = reading.Connection.CreateCommand();
        command.Transaction = reading.Transaction;
        var names = new List<string>(keys.Count);
        var i = 0;
        foreach (var key in keys)
        {
            var p = "$k" + i++;
            names.Add(p);
            command.Parameters.AddWithValue(p, key);
        }
        command.CommandText = $"SELECT key, json, etag FROM state_items WHERE key IN ({string.Join(",", names)});";
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            found[reader.GetString(0)] = new StoreItem(reader.GetString(1), reader.GetString(2));
        return found;
    }

    public Task<IReadOnlyDictionary<string, string>> WriteAsync(IReadOnlyDictionary<string, StoreItem> changes, CancellationToken ct = default)
    {
        if (changes.Count == 0) return Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());
        return _db.WriteAsync<IReadOnlyDictionary<string, string>>(async (connection, tx) =>
        {
            var etags = new Dictionary<string, string>(StringComparer.Ordinal);
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            foreach (var (key, change) in changes)
            {
                var etag = NewETag();
                var command = change.ETag switch
                {
                    null => SqliteCommands.Prepared(connection,
                        "INSERT INTO state_items (key, json, etag, updated_at) VALUES ($key, $json, $etag, $now) ON CONFLICT(key) DO NOTHING;",
                        tx, ("$key", key), ("$json", change.Json), ("$etag", etag), ("$now", now)),
                    StorageETags.Any => SqliteCommands.Prepared(connection, """
                        INSERT INTO state_items (key, json, etag, updated_at) VALUES ($key, $json, $etag, $now)
                        ON CONFLICT(key) DO UPDATE SET json = excluded.json, etag = excluded.etag, updated_at = excluded.updated_at;
                        """, tx, ("$key", key), ("$json", change.Json), ("$etag", etag), ("$now", now)),
                    _ => SqliteCommands.Prepared(connection,
                        "UPDATE state_items SET json = $json, etag = $etag, updated_at = $now WHERE key = $key AND etag = $expected;",
                        tx, ("$key", key), ("$json", change.Json), ("$etag", etag), ("$now", now), ("$expected", change.ETag)),
                };
                // Zero rows: the key exists (create-only) or its ETag moved on. The caller's WriteAsync rolls back the batch.
                if (await command.ExecuteNonQueryAsync(ct) != 1) throw new StorageConflictException(key);
                etags[key] = etag;
            }
            return etags;
        }, ct, oneStatement: changes.Count == 1);
    }

    public Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken ct = default)
    {
        if (keys.Count == 0) return Task.CompletedTask;
        return _db.WriteAsync(async (connection, tx) =>
        {
            foreach (var key in keys)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = tx;
                command.CommandText = "DELETE FROM state_items WHERE key = $key;";
                command.Parameters.AddWithValue("$key", key);
                await command.ExecuteNonQueryAsync(ct);
            }
            return 0;
        }, ct);
    }

    public async Task<IReadOnlyList<string>> ListKeysAsync(string prefix, string? after, int limit, CancellationToken ct = default)
    {
        await using var lease = await _db.RentReaderAsync(ct);
        await using var command = lease.Connection.CreateCommand();
        command.Transaction = lease.Transaction;
        // A range on the key's index (BINARY order) where the prefix ends in ASCII; substr keeps it exact either way.
        var ascii = prefix.Length > 0 && prefix[^1] < 0x7F;
        command.CommandText = $"""
            SELECT key FROM state_items
            WHERE key >= $from {(ascii ? "AND key < $to" : "")} AND substr(key, 1, $n) = $prefix
            {(after is null ? "" : "AND key > $after")}
            ORDER BY key LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$from", prefix);
        if (ascii) command.Parameters.AddWithValue("$to", prefix[..^1] + (char)(prefix[^1] + 1));
        command.Parameters.AddWithValue("$n", prefix.Length);
        command.Parameters.AddWithValue("$prefix", prefix);
        if (after is not null) command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$limit", limit);
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) keys.Add(reader.GetString(0));
        return keys;
    }

    private static string NewETag() => Guid.NewGuid().ToString("N");
}

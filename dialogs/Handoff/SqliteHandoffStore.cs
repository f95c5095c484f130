using System.Text.Json;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.State;
using Microsoft.Data.Sqlite;
using static ComplaintBot.Dialogs.State.SqliteCommands;

namespace ComplaintBot.Dialogs.Handoff;

/// <summary>
/// <see cref="IHandoffStore"/> in the embedded SQLite file. Owner, priority and escalation time are columns (the
/// queue is sorted and filtered in SQL); the rest of the entry is JSON. Saves are
/// <c>UPDATE … WHERE version = @expected</c> run by the file's one writer (<see cref="SqliteDatabase.WriteAsync{T}"/>),
/// one after another under its write lock, so of two agents taking a conversation exactly one wins. Reads use
/// pooled connections.
/// </summary>
public sealed class SqliteHandoffStore : IHandoffStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS handoff_entries (
            conversation_id TEXT PRIMARY KEY,
            owner           TEXT NOT NULL,
            priority        INTEGER NOT NULL,
            escalated_at    INTEGER NOT NULL,
            version         INTEGER NOT NULL,
            json            TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_handoff_queue ON handoff_entries (owner, priority DESC, escalated_at);
        """;

    private readonly SqliteDatabase _db;

    public SqliteHandoffStore(SqliteDatabase db)
    {
        _db = db;
        _db.EnsureSchema(nameof(SqliteHandoffStore), Schema);
    }

    public async Task<HandoffEntry?> GetAsync(string conversationId, CancellationToken ct = default)
    {
        await using var lease = await _db.RentReaderAsync(ct);
        var cmd = Prepared(lease.Connection, "SELECT json, version FROM handoff_entries WHERE conversation_id = $id", lease.Transaction, ("$id", conversationId));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? Read(r) : null;
    }

    public async Task<bool> TrySaveAsync(HandoffEntry entry, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(entry.ConversationId);
        var next = entry.Version + 1;
        var json = JsonSerializer.Serialize(entry, ActivityJson.Options);
        var args = new List<(string, object?)>
        {
            ("$id", entry.ConversationId), ("$owner", entry.Owner), ("$priority", entry.Priority),
            ("$at", entry.EscalatedAt.ToUnixTimeMilliseconds()), ("$json", json),
        };
        if (entry.Version != 0) args.AddRange([("$next", next), ("$expected", entry.Version)]);
        var sql = entry.Version == 0
            ? """
              INSERT INTO handoff_entries (conversation_id, owner, priority, escalated_at, version, json)
              VALUES ($id, $owner, $priority, $at, 1, $json) ON CONFLICT (conversation_id) DO NOTHING
              """
            : """
              UPDATE handoff_entries SET owner = $owner, priority = $priority, escalated_at = $at, version = $next, json = $json
              WHERE conversation_id = $id AND version = $expected
              """;
        if (await _db.WriteAsync((c, tx) => ExecutePreparedAsync(c, sql, tx, ct, args.ToArray()), ct, oneStatement: true) != 1) return false;
        entry.Version = next;
        return true;
    }

    public async Task<IReadOnlyList<HandoffEntry>> ListAsync(HandoffListFilter filter, CancellationToken ct = default)
    {
        var where = new List<string>();
        var args = new List<(string, object?)>();
        if (filter.OnlyOwners is { Count: > 0 } owners)
        {
            var ors = new List<string>();
            var i = 0;
            foreach (var o in owners)
            {
                var name = "$o" + i++;
                if (o.EndsWith('*')) { ors.Add($"owner LIKE {name}"); args.Add((name, o.TrimEnd('*') + "%")); }
                else { ors.Add($"owner = {name}"); args.Add((name, o)); }
            }
            where.Add("(" + string.Join(" OR ", ors) + ")");
        }
        else if (!filter.PendingApprovalsOnly && !filter.CallbacksOnly && filter.CustomerId is null)
        {
            where.Add("owner <> 'bot'");
        }
        if (filter.CustomerId is { } customer)
        {
            where.Add("json_extract(json, '$.customerId') = $customer");
            args.Add(("$customer", customer));
        }
        if (filter.PendingApprovalsOnly) where.Add("json_extract(json, '$.pendingApprovals') > 0");
        if (filter.CallbacksOnly) where.Add("json_extract(json, '$.callbackOpen') = 1");
        if (filter.EscalatedBefore is { } before)
        {
            where.Add("escalated_at < $before");
            args.Add(("$before", before.ToUnixTimeMilliseconds()));
        }
        args.Add(("$limit", filter.Limit));
        await using var lease = await _db.RentReaderAsync(ct);
        await using var cmd = Command(lease.Connection,
            $"SELECT json, version FROM handoff_entries WHERE {(where.Count > 0 ? string.Join(" AND ", where) : "1")} ORDER BY priority DESC, escalated_at, conversation_id LIMIT $limit",
            lease.Transaction, args.ToArray());
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<HandoffEntry>();
        while (await r.ReadAsync(ct)) list.Add(Read(r));
        return list;
    }

    public async Task<int> QueueLengthAsync(CancellationToken ct = default)
    {
        await using var lease = await _db.RentReaderAsync(ct);
        var cmd = Prepared(lease.Connection, "SELECT COUNT(*) FROM handoff_entries WHERE owner = $queued", lease.Transaction, ("$queued", ConversationOwner.Queued));
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(ct));
    }

    public async Task<int> QueuePositionAsync(string conversationId, CancellationToken ct = default)
    {
        await using var lease = await _db.RentReaderAsync(ct);
        await using var cmd = Command(lease.Connection, """
            SELECT CASE WHEN me.owner <> 'queued' THEN 0 ELSE (
                SELECT COUNT(*) FROM handoff_entries o WHERE o.owner = 'queued' AND (
                    o.priority > me.priority
                    OR (o.priority = me.priority AND o.escalated_at < me.escalated_at)
                    OR (o.priority = me.priority AND o.escalated_at = me.escalated_at AND o.conversation_id <= me.conversation_id)))
            END
            FROM handoff_entries me WHERE me.conversation_id = $id
            """, lease.Transaction, ("$id", conversationId));
        var v = await cmd.ExecuteScalarAsync(ct);
        return v is null or DBNull ? 0 : Convert.ToInt32(v);
    }

    public Task<int> DeleteAsync(string conversationId, CancellationToken ct = default)
        => _db.WriteAsync((c, tx) => ExecutePreparedAsync(c, "DELETE FROM handoff_entries WHERE conversation_id = $id", tx, ct, ("$id", conversationId)), ct);

    private static HandoffEntry Read(SqliteDataReader r)
    {
        var e = JsonSerializer.Deserialize<HandoffEntry>(r.GetString(0), ActivityJson.Options)!;
        e.Version = r.GetInt64(1);
        return e;
    }
}

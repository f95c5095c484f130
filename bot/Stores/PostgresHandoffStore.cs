using System.Text.Json;
using ComplaintBot.Dialogs.Handoff;
using ComplaintBot.Dialogs.Schema;
using Npgsql;
using NpgsqlTypes;

namespace ComplaintBot.Bot.Stores;

/// <summary>
/// <see cref="IHandoffStore"/> on the shared PostgreSQL database: ownership and the agent queue seen alike by every
/// instance. Owner, priority and escalation time are columns (the queue is sorted in SQL), the rest is JSON. Every
/// save is a compare-and-set on the version, so when agents on two instances take one conversation, one wins.
/// </summary>
public sealed class PostgresHandoffStore(PostgresDatabase db) : IHandoffStore
{
    private readonly string _table = db.Table("handoff_entries");

    public async Task<HandoffEntry?> GetAsync(string conversationId, CancellationToken ct = default)
    {
        await using var lease = await db.LeaseAsync(ct);
        await using var cmd = lease.Command($"SELECT doc::text, version FROM {_table} WHERE conversation_id = @id");
        cmd.Parameters.Add(Text("id", conversationId));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? Read(r) : null;
    }

    public async Task<bool> TrySaveAsync(HandoffEntry entry, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(entry.ConversationId);
        var next = entry.Version + 1;
        await using var lease = await db.LeaseAsync(ct);
        await using var cmd = lease.Command(entry.Version == 0
            ? $"""
                INSERT INTO {_table} (conversation_id, owner, priority, escalated_at, version, doc)
                VALUES (@id, @owner, @priority, @at, @next, @doc) ON CONFLICT (conversation_id) DO NOTHING
                """
            : $"""
                UPDATE {_table} SET owner = @owner, priority = @priority, escalated_at = @at, version = @next, doc = @doc
                WHERE conversation_id = @id AND version = @expected
                """);
        cmd.Parameters.Add(Text("id", entry.ConversationId));
        cmd.Parameters.Add(Text("owner", entry.Owner));
        cmd.Parameters.Add(new NpgsqlParameter("priority", NpgsqlDbType.Integer) { Value = entry.Priority });
        cmd.Parameters.Add(new NpgsqlParameter("at", NpgsqlDbType.TimestampTz) { Value = entry.EscalatedAt.ToUniversalTime() });
        cmd.Parameters.Add(new NpgsqlParameter("next", NpgsqlDbType.Bigint) { Value = next });
        cmd.Parameters.Add(new NpgsqlParameter("expected", NpgsqlDbType.Bigint) { Value = entry.Version });
        cmd.Parameters.Add(new NpgsqlParameter("doc", NpgsqlDbType.Json) { Value = JsonSerializer.Serialize(entry, ActivityJson.Options) });
        if (await cmd.ExecuteNonQueryAsync(ct) != 1) return false;
        entry.Version = next;
        return true;
    }

    public async Task<IReadOnlyList<HandoffEntry>> ListAsync(HandoffListFilter filter, CancellationToken ct = default)
    {
        await using var lease = await db.LeaseAsync(ct);
        await using var cmd = lease.Command();
        var where = new List<string>();
        if (filter.OnlyOwners is { Count: > 0 } owners)
        {
            var any = new List<string>();
            var i = 0;
            foreach (var owner in owners)
            {
                var name = "o" + i++;
                // "agent:*" = every owner starting with "agent:" (starts_with needs no LIKE escaping of ids).
                any.Add(owner.EndsWith('*') ? $"starts_with(owner, @{name})" : $"owner = @{name}");
                cmd.Parameters.Add(Text(name, owner.TrimEnd('*')));
            }
            where.Add("(" + string.Join(" OR ", any) + ")");
        }
        else if (!filter.PendingApprovalsOnly && !filter.CallbacksOnly && filter.CustomerId is null)
        {
            where.Add("owner <> @bot");
            cmd.Parameters.Add(Text("bot", ConversationOwner.Bot));
        }
        if (filter.CustomerId is { } customer)
        {
            where.Add("doc->>'customerId' = @customer");
            cmd.Parameters.Add(Text("customer", customer));
        }
        if (filter.PendingApprovalsOnly) where.Add("(doc->>'pendingApprovals')::int > 0");
        if (filter.CallbacksOnly) where.Add("(doc->>'callbackOpen')::boolean");
        if (filter.EscalatedBefore is { } before)
        {
            where.Add("escalated_at < @before");
            cmd.Parameters.Add(new NpgsqlParameter("before", NpgsqlDbType.TimestampTz) { Value = before.ToUniversalTime() });
        }
        cmd.Parameters.Add(new NpgsqlParameter("limit", NpgsqlDbType.Integer) { Value = filter.Limit });
        cmd.CommandText = $"""
            SELECT doc::text, version FROM {_table} WHERE {(where.Count > 0 ? string.Join(" AND ", where) : "true")}
            ORDER BY priority DESC, escalated_at, conversation_id LIMIT @limit
            """;
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<HandoffEntry>();
        while (await r.ReadAsync(ct)) list.Add(Read(r));
        return list;
    }

    public async Task<int> QueueLengthAsync(CancellationToken ct = default)
    {
        await using var lease = await db.LeaseAsync(ct);
        await using var cmd = lease.Command($"SELECT count(*) FROM {_table} WHERE owner = @queued");
        cmd.Parameters.Add(Text("queued", ConversationOwner.Queued));
        return (int)(long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    public async Task<int> QueuePositionAsync(string conversationId, CancellationToken ct = default)
    {
        await using var lease = await db.LeaseAsync(ct);
        await using var cmd = lease.Command($"""
            SELECT CASE WHEN me.owner <> @queued THEN 0 ELSE (
                SELECT count(*) FROM {_table} o WHERE o.owner = @queued AND (
                    o.priority > me.priority
                    OR (o.priority = me.priority AND o.escalated_at < me.escalated_at)
                    OR (o.priority = me.priority AND o.escalated_at = me.escalated_at AND o.conversation_id <= me.conversation_id)))
            END
            FROM {_table} me WHERE me.conversation_id = @id
            """);
        cmd.Parameters.Add(Text("id", conversationId));
        cmd.Parameters.Add(Text("queued", ConversationOwner.Queued));
        return await cmd.ExecuteScalarAsync(ct) is long position ? (int)position : 0;
    }

    public async Task<int> DeleteAsync(string conversationId, CancellationToken ct = default)
    {
        await db.EnsureSchemaAsync(ct);
        await using var cmd = db.DataSource.CreateCommand($"DELETE FROM {_table} WHERE conversation_id = @id");
        cmd.Parameters.Add(Text("id", conversationId));
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    private static HandoffEntry Read(NpgsqlDataReader r)
    {
        var e = JsonSerializer.Deserialize<HandoffEntry>(r.GetString(0), ActivityJson.Options)!;
        e.Version = r.GetInt64(1);
        return e;
    }

    private static NpgsqlParameter Text(string name, string value) => new(name, NpgsqlDbType.Text) { Value = value };
}

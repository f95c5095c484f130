using ComplaintBot.Dialogs.Cases;
using Npgsql;
using NpgsqlTypes;

namespace ComplaintBot.Bot.Stores;

/// <summary>
/// <see cref="ICaseStore"/> on the shared PostgreSQL database, same shape as the SQLite one: the case as JSON plus
/// the columns the queries filter on. Numbers come from a per-day counter row locked by the creating transaction,
/// so instances creating cases at the same moment still get distinct, gap-free numbers.
/// </summary>
public sealed class PostgresCaseStore(PostgresDatabase db, TimeProvider? clock = null, TimeZoneInfo? shopZone = null) : ICaseStore
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly TimeZoneInfo _zone = shopZone ?? TimeZoneInfo.Utc;
    private readonly string _cases = db.Table("cases");
    private readonly string _counters = db.Table("case_counters");

    public async Task<Case> CreateAsync(Case draft, CancellationToken ct = default)
    {
        var now = _clock.GetUtcNow();
        var c = CaseJson.Copy(draft);
        var day = TimeZoneInfo.ConvertTime(now, _zone);

        // Inside a turn this commits with the turn (the conversation state that points at the case included): a turn
        // that fails or dies creates no case, and its number is not used up.
        await using var lease = await db.LeaseAsync(ct);
        return await lease.AtomicAsync(async tx =>
        {
            await using (var next = new NpgsqlCommand($"""
                INSERT INTO {_counters} AS c (day, last) VALUES (@day, 1)
                ON CONFLICT (day) DO UPDATE SET last = c.last + 1 RETURNING last
                """, lease.Connection, tx))
            {
                next.Parameters.Add(new NpgsqlParameter("day", NpgsqlDbType.Text) { Value = day.ToString("yyyyMMdd") });
                c.Number = CaseNumbers.Format(day, (int)(await next.ExecuteScalarAsync(ct))!);
            }
            CaseStoreRules.Initialise(c, now);
            await using (var insert = new NpgsqlCommand($"""
                INSERT INTO {_cases} (number, version, conversation_id, customer_id, status, sku, created_at, updated_at, doc, follow_up_at)
                VALUES (@number, @version, @conversation, @customer, @status, @sku, @created, @updated, @doc, @follow_up_at)
                """, lease.Connection, tx))
            {
                AddColumns(insert.Parameters, c);
                await insert.ExecuteNonQueryAsync(ct);
            }
            return c;
        }, ct);
    }

    public async Task<Case?> GetAsync(string number, CancellationToken ct = default)
        => (await SelectAsync("WHERE number = @number", ct, P("number", number))).FirstOrDefault();

    public async Task SaveAsync(Case @case, CancellationToken ct = default)
    {
        if (@case.UpdatedAt == default) @case.UpdatedAt = _clock.GetUtcNow();
        var expected = @case.Version;
        @case.Version = expected + 1;
        await using var lease = await db.LeaseAsync(ct);
        await using var cmd = lease.Command($"""
            UPDATE {_cases} SET version = @version, conversation_id = @conversation, customer_id = @customer, status = @status,
                sku = @sku, updated_at = @updated, doc = @doc, follow_up_at = @follow_up_at
            WHERE number = @number AND version = @expected
            """);
        AddColumns(cmd.Parameters, @case);
        cmd.Parameters.Add(P("expected", expected));
        int updated;
        try
        {
            updated = await cmd.ExecuteNonQueryAsync(ct);
        }
        catch
        {
            @case.Version = expected; // nothing was stored
            throw;
        }
        if (updated == 0)
        {
            @case.Version = expected;
            throw new CaseConflictException(@case.Number);
        }
    }

    public async Task<Case?> FindOpenAsync(string? customerId, string? channelId, string? conversationId, CancellationToken ct = default)
    {
        const string newest = "AND status NOT IN ('Resolved', 'Closed') ORDER BY created_at DESC, number DESC LIMIT 1";
        if (customerId is not null
            && (await SelectAsync("WHERE customer_id = @id " + newest, ct, P("id", customerId))).FirstOrDefault() is { } byCustomer)
            return byCustomer;
        if (conversationId is null) return null;
        // The channel lives in the case document; ids shared across channels are rare, so filtering here is cheap.
        const string open = "AND status NOT IN ('Resolved', 'Closed') ORDER BY created_at DESC, number DESC";
        return (await SelectAsync("WHERE conversation_id = @id " + open, ct, P("id", conversationId))).FirstOrDefault(c => c.ChannelId == channelId);
    }

    public Task<IReadOnlyList<Case>> QueryAsync(CaseQuery q, CancellationToken ct = default)
    {
        var where = new List<string>();
        var args = new List<NpgsqlParameter>();
        if (q.Statuses is { Count: > 0 })
        {
            where.Add("status = ANY(@statuses)");
            args.Add(new NpgsqlParameter("statuses", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = q.Statuses.Select(s => s.ToString()).ToArray() });
        }
        if (q.CustomerId is not null) { where.Add("customer_id = @customer"); args.Add(P("customer", q.CustomerId)); }
        if (q.ConversationId is not null) { where.Add("conversation_id = @conversation"); args.Add(P("conversation", q.ConversationId)); }
        if (q.Since is not null) { where.Add("created_at >= @since"); args.Add(new NpgsqlParameter("since", NpgsqlDbType.TimestampTz) { Value = q.Since.Value.ToUniversalTime() }); }
        args.Add(P("limit", q.Limit));
        var sql = (where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "") + " ORDER BY created_at DESC, number DESC LIMIT @limit";
        return SelectAsync(sql, ct, args.ToArray());
    }

    public async Task<int> CountOpenBySkuAsync(string sku, string? exceptNumber = null, int atMost = int.MaxValue, CancellationToken ct = default)
    {
        await using var lease = await db.LeaseAsync(ct);
        await using var cmd = lease.Command(
            $"SELECT count(*) FROM (SELECT 1 FROM {_cases} WHERE sku = @sku AND status NOT IN ('Resolved', 'Closed') AND number <> @except LIMIT @most) o");
        cmd.Parameters.Add(P("sku", sku));
        cmd.Parameters.Add(P("except", exceptNumber ?? ""));
        cmd.Parameters.Add(P("most", atMost));
        return (int)(long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    public async Task<CaseStatistics> GetStatisticsAsync(CaseStatisticsQuery query, CancellationToken ct = default)
    {
        await db.EnsureSchemaAsync(ct);
        return await PostgresCaseStatistics.ComputeAsync(db, _cases, query, ct);
    }

    public async Task<IReadOnlyList<ProductComplaintCount>> CountByProductSinceAsync(DateTimeOffset since, int atLeast, CancellationToken ct = default)
    {
        await db.EnsureSchemaAsync(ct);
        return await PostgresCaseStatistics.CountByProductAsync(db, _cases, since, atLeast, ct);
    }

    /// <summary>Over the follow_up_at column, written from the document's followUp.pendingAt by every insert and update.</summary>
    public Task<IReadOnlyList<Case>> DueFollowUpsAsync(DateTimeOffset now, int limit, CancellationToken ct = default)
        => SelectAsync("WHERE follow_up_at <= @now ORDER BY follow_up_at, number LIMIT @limit", ct,
            new NpgsqlParameter("now", NpgsqlDbType.Bigint) { Value = CaseFollowUp.Key(now) }, P("limit", limit));

    /// <summary>The follow-up's time inside a stored document: read once, by the migration of an older store.</summary>
    internal const string FollowUpPendingInDocument = "((doc->'followUp'->>'pendingAt')::bigint)";

    public Task<IReadOnlyList<Case>> FindForCustomerAsync(CustomerKey key, int limit = 1000, CancellationToken ct = default)
    {
        var where = key.Kind switch
        {
            CustomerKeyKind.CustomerId => "customer_id = @k",
            CustomerKeyKind.OrderNumber => "upper(doc->>'orderNumber') = upper(@k)",
            // The stored phone's digits, compared by their ending (CustomerKey.Matches).
            _ => "regexp_replace(doc->>'contactPhone', '[^0-9]', '', 'g') LIKE '%' || @k",
        };
        var value = key.Kind == CustomerKeyKind.Phone ? CustomerKey.PhoneDigits(key.Value) : key.Value;
        return SelectAsync($"WHERE {where} ORDER BY created_at, number LIMIT @limit", ct, P("k", value), P("limit", limit));
    }

    public async Task<int> DeleteAsync(IReadOnlyCollection<string> numbers, CancellationToken ct = default)
    {
        if (numbers.Count == 0) return 0;
        await db.EnsureSchemaAsync(ct);
        await using var cmd = db.DataSource.CreateCommand($"DELETE FROM {_cases} WHERE number = ANY(@numbers)");
        cmd.Parameters.Add(new NpgsqlParameter("numbers", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = numbers.Distinct().ToArray() });
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<int> DeleteClosedBeforeAsync(DateTimeOffset cutoff, CancellationToken ct = default)
    {
        await db.EnsureSchemaAsync(ct);
        await using var cmd = db.DataSource.CreateCommand($"DELETE FROM {_cases} WHERE status = 'Closed' AND updated_at < @cutoff");
        cmd.Parameters.Add(new NpgsqlParameter("cutoff", NpgsqlDbType.TimestampTz) { Value = cutoff.ToUniversalTime() });
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    private async Task<IReadOnlyList<Case>> SelectAsync(string tail, CancellationToken ct, params NpgsqlParameter[] args)
    {
        await using var lease = await db.LeaseAsync(ct);
        await using var cmd = lease.Command($"SELECT doc::text, version FROM {_cases} " + tail);
        cmd.Parameters.AddRange(args);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var list = new List<Case>();
        while (await reader.ReadAsync(ct))
        {
            var c = CaseJson.Deserialize(reader.GetString(0));
            c.Version = reader.GetInt32(1);
            list.Add(c);
        }
        return list;
    }

    private static NpgsqlParameter P(string name, string value) => new(name, NpgsqlDbType.Text) { Value = value };
    private static NpgsqlParameter P(string name, int value) => new(name, NpgsqlDbType.Integer) { Value = value };

    private static void AddColumns(NpgsqlParameterCollection p, Case c)
    {
        p.Add(P("number", c.Number));
        p.Add(P("version", c.Version));
        p.Add(P("conversation", c.ConversationId));
        p.Add(new NpgsqlParameter("customer", NpgsqlDbType.Text) { Value = (object?)c.CustomerId ?? DBNull.Value });
        p.Add(P("status", c.Status.ToString()));
        p.Add(new NpgsqlParameter("sku", NpgsqlDbType.Text) { Value = (object?)c.ProductSku ?? DBNull.Value });
        p.Add(new NpgsqlParameter("created", NpgsqlDbType.TimestampTz) { Value = c.CreatedAt.ToUniversalTime() });
        p.Add(new NpgsqlParameter("updated", NpgsqlDbType.TimestampTz) { Value = c.UpdatedAt.ToUniversalTime() });
        p.Add(new NpgsqlParameter("doc", NpgsqlDbType.Json) { Value = CaseJson.Serialize(c) });
        p.Add(new NpgsqlParameter("follow_up_at", NpgsqlDbType.Bigint) { Value = (object?)c.FollowUp?.PendingAt ?? DBNull.Value });
    }
}

using ComplaintBot.Dialogs.Cases;
using Npgsql;
using NpgsqlTypes;

namespace ComplaintBot.Bot.Stores;

/// <summary>
/// The dashboard aggregates of <see cref="PostgresCaseStore"/>, in SQL over the cases table (the case document's
/// fields through <c>-&gt;&gt;</c>). Same rules as <see cref="CaseStatisticsRules"/>.
/// </summary>
internal static class PostgresCaseStatistics
{
    private static string Period(string cases) => $"""
        WITH t AS (
            SELECT status, created_at,
                doc->>'category' AS category, doc->>'responsibility' AS responsibility, doc->>'priority' AS priority,
                CASE WHEN status IN ('Resolved', 'Closed') THEN (doc->>'closedAt')::timestamptz END AS resolved_at,
                (doc->>'firstResponseDue')::timestamptz AS first_due,
                (doc->>'resolutionDue')::timestamptz AS resolution_due,
                (SELECT min((h->>'at')::timestamptz) FROM json_array_elements(doc->'history') h
                  WHERE h->>'actor' LIKE 'agent:%' OR h->>'actor' = 'external'
                     OR h->>'status' IN ('Agreed', 'Executing', 'Resolved', 'Closed')) AS responded_at,
                (doc->>'csat')::int AS csat,
                COALESCE(doc->>'escalationTrigger',
                         CASE WHEN doc->>'escalationReason' IS NOT NULL THEN '{CaseStatisticsRules.OtherTrigger}' END) AS trigger
            FROM {cases}
            WHERE created_at >= @from AND created_at < @to AND COALESCE(doc->>'kind', 'Complaint') = 'Complaint')
        """;

    public static async Task<CaseStatistics> ComputeAsync(PostgresDatabase db, string cases, CaseStatisticsQuery q, CancellationToken ct)
    {
        var dayStarts = q.DayStarts();
        NpgsqlParameter[] Args() =>
        [
            new("from", NpgsqlDbType.TimestampTz) { Value = q.From.ToUniversalTime() },
            new("to", NpgsqlDbType.TimestampTz) { Value = q.To.ToUniversalTime() },
            new("now", NpgsqlDbType.TimestampTz) { Value = q.Now.ToUniversalTime() },
            new("days", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = dayStarts.Select(d => d.Start.UtcDateTime).ToArray() },
        ];

        await using var lease = await db.LeaseAsync(ct);
        var conn = lease.Connection;
        int total, open, resolved, firstBreaches, resolutionBreaches, csatCount, escalated, resolutionCount;
        double? csatAverage, median, p90;
        await using (var cmd = new NpgsqlCommand(Period(cases) + """
            SELECT count(*), count(*) FILTER (WHERE status NOT IN ('Resolved', 'Closed')), count(*) FILTER (WHERE status IN ('Resolved', 'Closed')),
                count(*) FILTER (WHERE first_due IS NOT NULL AND COALESCE(responded_at, @now) > first_due),
                count(*) FILTER (WHERE resolution_due IS NOT NULL AND COALESCE(resolved_at, @now) > resolution_due),
                avg(csat)::float8, count(csat), count(trigger), count(resolved_at),
                percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - created_at)::float8 / 60),
                percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - created_at)::float8 / 60)
            FROM t
            """, conn, lease.Transaction))
        {
            cmd.Parameters.AddRange(Args());
            await using var r = await cmd.ExecuteReaderAsync(ct);
            await r.ReadAsync(ct);
            total = (int)r.GetInt64(0);
            open = (int)r.GetInt64(1);
            resolved = (int)r.GetInt64(2);
            firstBreaches = (int)r.GetInt64(3);
            resolutionBreaches = (int)r.GetInt64(4);
            csatAverage = r.IsDBNull(5) ? null : r.GetDouble(5);
            csatCount = (int)r.GetInt64(6);
            escalated = (int)r.GetInt64(7);
            resolutionCount = (int)r.GetInt64(8);
            median = r.IsDBNull(9) ? null : r.GetDouble(9);
            p90 = r.IsDBNull(10) ? null : r.GetDouble(10);
        }

        var groups = new Dictionary<string, Dictionary<string, int>>
        {
            ["category"] = new(), ["responsibility"] = new(), ["priority"] = new(), ["trigger"] = new(), ["day"] = new(),
        };
        await using (var cmd = new NpgsqlCommand(Period(cases) + $"""
            SELECT 'category', COALESCE(category, '{CaseStatisticsRules.Unclassified}'), count(*) FROM t GROUP BY 2
            UNION ALL SELECT 'responsibility', responsibility, count(*) FROM t GROUP BY 2
            UNION ALL SELECT 'priority', priority, count(*) FROM t GROUP BY 2
            UNION ALL SELECT 'trigger', trigger, count(*) FROM t WHERE trigger IS NOT NULL GROUP BY 2
            UNION ALL SELECT 'day', (SELECT max(d.i) - 1 FROM unnest(@days) WITH ORDINALITY d(s, i) WHERE d.s <= t.created_at)::text, count(*) FROM t GROUP BY 2
            """, conn, lease.Transaction))
        {
            cmd.Parameters.AddRange(Args());
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) groups[r.GetString(0)][r.GetString(1)] = (int)r.GetInt64(2);
        }

        return new CaseStatistics
        {
            Total = total, Open = open, Resolved = resolved,
            ByCategory = groups["category"], ByResponsibility = groups["responsibility"], ByPriority = groups["priority"],
            FirstResponseBreaches = firstBreaches, ResolutionBreaches = resolutionBreaches,
            ResolutionCount = resolutionCount, MedianResolutionMinutes = median, P90ResolutionMinutes = p90,
            AverageCsat = csatAverage, CsatResponses = csatCount,
            Escalated = escalated, EscalationTriggers = groups["trigger"],
            CreatedPerDay = groups["day"].ToDictionary(kv => dayStarts[int.Parse(kv.Key)].Day, kv => kv.Value),
        };
    }

    public static async Task<IReadOnlyList<ProductComplaintCount>> CountByProductAsync(PostgresDatabase db, string cases, DateTimeOffset since, int atLeast, CancellationToken ct)
    {
        await using var lease = await db.LeaseAsync(ct);
        await using var cmd = lease.Command($"""
            SELECT k, max(sku), max(name), count(*), min(created_at), max(created_at) FROM (
                SELECT COALESCE(NULLIF(sku, ''), 'name:' || NULLIF(doc->>'productName', '')) AS k,
                    NULLIF(sku, '') AS sku, NULLIF(doc->>'productName', '') AS name, created_at
                FROM {cases} WHERE created_at >= @since) x
            WHERE k IS NOT NULL
            GROUP BY k HAVING count(*) >= @min
            ORDER BY count(*) DESC, k COLLATE "C"
            """);
        cmd.Parameters.Add(new NpgsqlParameter("since", NpgsqlDbType.TimestampTz) { Value = since.ToUniversalTime() });
        cmd.Parameters.Add(new NpgsqlParameter("min", NpgsqlDbType.Bigint) { Value = (long)atLeast });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<ProductComplaintCount>();
        while (await r.ReadAsync(ct))
            list.Add(new ProductComplaintCount(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2),
                (int)r.GetInt64(3), r.GetFieldValue<DateTimeOffset>(4), r.GetFieldValue<DateTimeOffset>(5)));
        return list;
    }
}

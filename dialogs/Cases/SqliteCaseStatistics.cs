using Microsoft.Data.Sqlite;

namespace ComplaintBot.Dialogs.Cases;

/// <summary>
/// The dashboard aggregates of <see cref="SqliteCaseStore"/>, in SQL over the <c>complaint_case</c> table (JSON1 for the
/// fields that only live in the case document). Same rules as <see cref="CaseStatisticsRules"/>.
/// </summary>
internal static class SqliteCaseStatistics
{
    // ISO 8601 text (any offset) → Unix milliseconds; julianday understands the "+08:00" suffix.
    private static string Ms(string expr) => $"CAST(ROUND((julianday({expr}) - 2440587.5) * 86400000.0) AS INTEGER)";

    private static readonly string Period = $"""
        WITH t AS (
            SELECT status, created_at,
                json_extract(json, '$.category') AS category,
                json_extract(json, '$.responsibility') AS responsibility,
                json_extract(json, '$.priority') AS priority,
                CASE WHEN status IN ('Resolved', 'Closed') THEN {Ms("json_extract(json, '$.closedAt')")} END AS resolved_ms,
                {Ms("json_extract(json, '$.firstResponseDue')")} AS first_due,
                {Ms("json_extract(json, '$.resolutionDue')")} AS resolution_due,
                (SELECT MIN({Ms("json_extract(h.value, '$.at')")}) FROM json_each(complaint_case.json, '$.history') h
                  WHERE json_extract(h.value, '$.actor') LIKE 'agent:%' OR json_extract(h.value, '$.actor') = 'external'
                     OR json_extract(h.value, '$.status') IN ('Agreed', 'Executing', 'Resolved', 'Closed')) AS responded_ms,
                json_extract(json, '$.csat') AS csat,
                COALESCE(json_extract(json, '$.escalationTrigger'),
                         CASE WHEN json_extract(json, '$.escalationReason') IS NOT NULL THEN '{CaseStatisticsRules.OtherTrigger}' END) AS trigger
            FROM complaint_case
            WHERE created_at >= $from AND created_at < $to
              AND COALESCE(json_extract(json, '$.kind'), 'Complaint') = 'Complaint')
        """;

    public static async Task<CaseStatistics> ComputeAsync(SqliteConnection conn, CaseStatisticsQuery q, CancellationToken ct)
    {
        var dayStarts = q.DayStarts();
        var args = new (string, object?)[]
        {
            ("$from", q.From.ToUnixTimeMilliseconds()), ("$to", q.To.ToUnixTimeMilliseconds()),
            ("$now", q.Now.ToUnixTimeMilliseconds()),
            ("$days", "[" + string.Join(",", dayStarts.Select(d => d.Start.ToUnixTimeMilliseconds())) + "]"),
        };

        int total, open, resolved, firstBreaches, resolutionBreaches, csatCount, escalated, resolutionCount;
        double? csatAverage;
        using (var cmd = Command(conn, Period + """
            SELECT COUNT(*), COALESCE(SUM(status NOT IN ('Resolved', 'Closed')), 0), COALESCE(SUM(status IN ('Resolved', 'Closed')), 0),
                COALESCE(SUM(first_due IS NOT NULL AND COALESCE(responded_ms, $now) > first_due), 0),
                COALESCE(SUM(resolution_due IS NOT NULL AND COALESCE(resolved_ms, $now) > resolution_due), 0),
                AVG(csat), COUNT(csat), COUNT(trigger), COUNT(resolved_ms)
            FROM t
            """, args))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            await r.ReadAsync(ct);
            total = r.GetInt32(0);
            open = r.GetInt32(1);
            resolved = r.GetInt32(2);
            firstBreaches = r.GetInt32(3);
            resolutionBreaches = r.GetInt32(4);
            csatAverage = r.IsDBNull(5) ? null : r.GetDouble(5);
            csatCount = r.GetInt32(6);
            escalated = r.GetInt32(7);
            resolutionCount = r.GetInt32(8);
        }

        var groups = new Dictionary<string, Dictionary<string, int>>
        {
            ["category"] = new(), ["responsibility"] = new(), ["priority"] = new(), ["trigger"] = new(), ["day"] = new(),
        };
        using (var cmd = Command(conn, Period + $"""
            SELECT 'category', COALESCE(category, '{CaseStatisticsRules.Unclassified}'), COUNT(*) FROM t GROUP BY 2
            UNION ALL SELECT 'responsibility', responsibility, COUNT(*) FROM t GROUP BY 2
            UNION ALL SELECT 'priority', priority, COUNT(*) FROM t GROUP BY 2
            UNION ALL SELECT 'trigger', trigger, COUNT(*) FROM t WHERE trigger IS NOT NULL GROUP BY 2
            UNION ALL SELECT 'day', CAST((SELECT MAX(d.key) FROM json_each($days) d WHERE d.value <= t.created_at) AS TEXT), COUNT(*) FROM t GROUP BY 2
            """, args))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct)) groups[r.GetString(0)][r.GetString(1)] = r.GetInt32(2);
        }

        return new CaseStatistics
        {
            Total = total, Open = open, Resolved = resolved,
            ByCategory = groups["category"], ByResponsibility = groups["responsibility"], ByPriority = groups["priority"],
            FirstResponseBreaches = firstBreaches, ResolutionBreaches = resolutionBreaches,
            ResolutionCount = resolutionCount,
            MedianResolutionMinutes = await PercentileAsync(conn, args, resolutionCount, 0.5, ct),
            P90ResolutionMinutes = await PercentileAsync(conn, args, resolutionCount, 0.9, ct),
            AverageCsat = csatAverage, CsatResponses = csatCount,
            Escalated = escalated, EscalationTriggers = groups["trigger"],
            CreatedPerDay = groups["day"].ToDictionary(kv => dayStarts[int.Parse(kv.Key)].Day, kv => kv.Value),
        };
    }

    /// <summary>PERCENTILE_CONT: SQLite has none built in, so read the two neighbouring durations and interpolate.</summary>
    private static async Task<double?> PercentileAsync(SqliteConnection conn, (string, object?)[] args, int n, double p, CancellationToken ct)
    {
        if (n == 0) return null;
        var rank = p * (n - 1);
        var lo = (int)Math.Floor(rank);
        using var cmd = Command(conn, Period + """
            SELECT resolved_ms - created_at FROM t WHERE resolved_ms IS NOT NULL ORDER BY 1 LIMIT 2 OFFSET $lo
            """, [.. args, ("$lo", lo)]);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var values = new List<double>();
        while (await r.ReadAsync(ct)) values.Add(r.GetInt64(0) / 60000.0);
        var hi = values.Count > 1 && rank > lo ? values[1] : values[0];
        return values[0] + (hi - values[0]) * (rank - lo);
    }

    public static async Task<IReadOnlyList<ProductComplaintCount>> CountByProductAsync(SqliteConnection conn, DateTimeOffset since, int atLeast, CancellationToken ct)
    {
        using var cmd = Command(conn, """
            SELECT k, MAX(sku), MAX(name), COUNT(*), MIN(created_at), MAX(created_at) FROM (
                SELECT COALESCE(NULLIF(sku, ''), 'name:' || NULLIF(json_extract(json, '$.productName'), '')) AS k,
                    NULLIF(sku, '') AS sku, NULLIF(json_extract(json, '$.productName'), '') AS name, created_at
                FROM complaint_case WHERE created_at >= $since)
            WHERE k IS NOT NULL
            GROUP BY k HAVING COUNT(*) >= $min
            ORDER BY COUNT(*) DESC, k
            """, ("$since", since.ToUnixTimeMilliseconds()), ("$min", atLeast));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<ProductComplaintCount>();
        while (await r.ReadAsync(ct))
            list.Add(new ProductComplaintCount(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2),
                r.GetInt32(3), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5))));
        return list;
    }

    private static SqliteCommand Command(SqliteConnection conn, string sql, params (string Name, object? Value)[] args)
    {
        var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }
}

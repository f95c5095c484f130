namespace ComplaintBot.Dialogs.Cases;

/// <summary>
/// Dashboard figures over the cases created in [<paramref name="From"/>, <paramref name="To"/>). Deadlines are judged
/// as of <paramref name="Now"/>; daily counts use the shop's local days in <paramref name="Zone"/>, each with its own
/// UTC offset (a daylight-saving change makes a day 23 or 25 hours long).
/// </summary>
public sealed record CaseStatisticsQuery(DateTimeOffset From, DateTimeOffset To, DateTimeOffset Now, TimeZoneInfo Zone)
{
    /// <summary>
    /// The local days [From, To) touches and the instant each begins: what the SQL stores bucket by (a case belongs
    /// to the last day that began at or before its creation), since they cannot convert time zones themselves.
    /// </summary>
    public IReadOnlyList<(DateOnly Day, DateTimeOffset Start)> DayStarts()
    {
        var last = CaseStatisticsRules.LocalDay(To > From ? To.AddTicks(-1) : From, Zone);
        var days = new List<(DateOnly, DateTimeOffset)>();
        for (var d = CaseStatisticsRules.LocalDay(From, Zone); d <= last; d = d.AddDays(1))
            days.Add((d, CaseStatisticsRules.DayStart(d, Zone)));
        return days;
    }
}

/// <summary>
/// What <see cref="ICaseStore.GetStatisticsAsync"/> returns; every store computes the same figures (the SQL stores in
/// SQL). The rules are those of <see cref="CaseStatisticsRules"/>, which the in-memory store runs directly.
/// </summary>
public sealed class CaseStatistics
{
    public int Total { get; init; }
    public int Open { get; init; }
    public int Resolved { get; init; }
    /// <summary>Category name (or <see cref="CaseStatisticsRules.Unclassified"/>) → cases.</summary>
    public IReadOnlyDictionary<string, int> ByCategory { get; init; } = new Dictionary<string, int>();
    public IReadOnlyDictionary<string, int> ByResponsibility { get; init; } = new Dictionary<string, int>();
    public IReadOnlyDictionary<string, int> ByPriority { get; init; } = new Dictionary<string, int>();
    public int FirstResponseBreaches { get; init; }
    public int ResolutionBreaches { get; init; }
    /// <summary>Closed cases with a close time: how many, and their creation → close minutes (PERCENTILE_CONT).</summary>
    public int ResolutionCount { get; init; }
    public double? MedianResolutionMinutes { get; init; }
    public double? P90ResolutionMinutes { get; init; }
    public double? AverageCsat { get; init; }
    public int CsatResponses { get; init; }
    /// <summary>Cases handed to a person, and their escalation triggers (anger, threat, human_request, …) → cases.</summary>
    public int Escalated { get; init; }
    public IReadOnlyDictionary<string, int> EscalationTriggers { get; init; } = new Dictionary<string, int>();
    /// <summary>Cases created per shop-local day, only days with cases.</summary>
    public IReadOnlyDictionary<DateOnly, int> CreatedPerDay { get; init; } = new Dictionary<DateOnly, int>();
}

/// <summary>Complaints on one product since a moment (batch detection across cases). Key: the SKU, else "name:" + product name.</summary>
public sealed record ProductComplaintCount(string Key, string? Sku, string? ProductName, int Count, DateTimeOffset FirstAt, DateTimeOffset LastAt);

/// <summary>
/// The definitions behind the figures, in one place. SQL stores implement the same rules:
/// <list type="bullet">
/// <item>Only complaints count (<see cref="CaseKind.Complaint"/>; a record without a kind is one): an enquiry record
/// written by an older version is no complaint.</item>
/// <item>Resolved = status Resolved or Closed; open = anything else.</item>
/// <item>First response = the first status change made by a person (actor <c>agent:…</c> or <c>external</c>) or that
/// settles the complaint (Agreed, Executing, Resolved, Closed). Breached when the first-response deadline passed before it
/// (or before now, when there is none yet).</item>
/// <item>Resolution breached when the resolution deadline passed before the case closed (or before now, while open).</item>
/// <item>Escalated = the case has an escalation trigger or reason; a reason without a trigger counts as <see cref="OtherTrigger"/>.</item>
/// </list>
/// </summary>
public static class CaseStatisticsRules
{
    public const string Unclassified = "Unclassified";
    public const string OtherTrigger = "other";
    public static readonly CaseStatus[] SettledStatuses = [CaseStatus.Agreed, CaseStatus.Executing, CaseStatus.Resolved, CaseStatus.Closed];

    public static bool IsPersonActor(string? actor) => actor is not null && (actor.StartsWith("agent:", StringComparison.Ordinal) || actor == "external");

    public static DateTimeOffset? FirstResponseAt(Case c)
        => c.History.Where(h => IsPersonActor(h.Actor) || SettledStatuses.Contains(h.Status)).Select(h => (DateTimeOffset?)h.At).Min();

    public static DateTimeOffset? ResolvedAt(Case c) => c.IsOpen ? null : c.ClosedAt;

    public static bool FirstResponseBreached(Case c, DateTimeOffset now)
        => c.FirstResponseDue is { } due && (FirstResponseAt(c) ?? now) > due;

    public static bool ResolutionBreached(Case c, DateTimeOffset now)
        => c.ResolutionDue is { } due && (ResolvedAt(c) ?? now) > due;

    public static string? EscalationTrigger(Case c)
        => c.EscalationTrigger ?? (c.EscalationReason is not null ? OtherTrigger : null);

    /// <summary>SKU, else "name:" + product name, else null (not attributable to a product).</summary>
    public static string? ProductKey(Case c)
        => !string.IsNullOrEmpty(c.ProductSku) ? c.ProductSku : !string.IsNullOrEmpty(c.ProductName) ? "name:" + c.ProductName : null;

    /// <summary>Continuous percentile (like SQL PERCENTILE_CONT) of ascending values.</summary>
    public static double? Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0) return null;
        var rank = p * (sorted.Count - 1);
        var lo = (int)Math.Floor(rank);
        var hi = (int)Math.Ceiling(rank);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }

    /// <summary>The shop-local day a moment falls on.</summary>
    public static DateOnly LocalDay(DateTimeOffset at, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);

    /// <summary>
    /// The first instant of a shop-local day: local midnight at that day's own offset. Where a daylight-saving change
    /// skips midnight the day starts when the clock resumes; where midnight happens twice, at the first one.
    /// </summary>
    public static DateTimeOffset DayStart(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        if (zone.IsAmbiguousTime(local)) return new DateTimeOffset(local, zone.GetAmbiguousTimeOffsets(local).Max());
        if (!zone.IsInvalidTime(local)) return new DateTimeOffset(local, zone.GetUtcOffset(local));
        // Midnight falls in a gap: at midnight by the offset in force before the jump, the clock jumps past it.
        return new DateTimeOffset(local, zone.GetUtcOffset(local.AddHours(-6)));
    }

    /// <summary>The figures straight from cases: the in-memory store, and the reference the SQL stores must match.</summary>
    public static CaseStatistics Compute(IEnumerable<Case> all, CaseStatisticsQuery q)
    {
        var cases = all.Where(c => c.Kind == CaseKind.Complaint && c.CreatedAt >= q.From && c.CreatedAt < q.To).ToList();
        var durations = cases.Where(c => ResolvedAt(c) is not null)
            .Select(c => (ResolvedAt(c)!.Value - c.CreatedAt).TotalMinutes).Order().ToList();
        var csat = cases.Where(c => c.Csat is not null).Select(c => c.Csat!.Value).ToList();
        return new CaseStatistics
        {
            Total = cases.Count,
            Open = cases.Count(c => c.IsOpen),
            Resolved = cases.Count(c => !c.IsOpen),
            ByCategory = Count(cases, c => c.Category?.ToString() ?? Unclassified),
            ByResponsibility = Count(cases, c => c.Responsibility.ToString()),
            ByPriority = Count(cases, c => c.Priority.ToString()),
            FirstResponseBreaches = cases.Count(c => FirstResponseBreached(c, q.Now)),
            ResolutionBreaches = cases.Count(c => ResolutionBreached(c, q.Now)),
            ResolutionCount = durations.Count,
            MedianResolutionMinutes = Percentile(durations, 0.5),
            P90ResolutionMinutes = Percentile(durations, 0.9),
            AverageCsat = csat.Count > 0 ? csat.Average() : null,
            CsatResponses = csat.Count,
            Escalated = cases.Count(c => EscalationTrigger(c) is not null),
            EscalationTriggers = Count(cases.Where(c => EscalationTrigger(c) is not null), c => EscalationTrigger(c)!),
            CreatedPerDay = cases.GroupBy(c => LocalDay(c.CreatedAt, q.Zone)).ToDictionary(g => g.Key, g => g.Count()),
        };
    }

    /// <summary>Products with at least <paramref name="atLeast"/> complaints created since <paramref name="since"/>.</summary>
    public static IReadOnlyList<ProductComplaintCount> CountByProduct(IEnumerable<Case> all, DateTimeOffset since, int atLeast)
        => all.Where(c => c.CreatedAt >= since && ProductKey(c) is not null)
            .GroupBy(c => ProductKey(c)!)
            .Where(g => g.Count() >= atLeast)
            .Select(g => new ProductComplaintCount(g.Key,
                g.Select(c => c.ProductSku).Where(s => !string.IsNullOrEmpty(s)).Max(),
                g.Select(c => c.ProductName).Where(s => !string.IsNullOrEmpty(s)).Max(StringComparer.Ordinal),
                g.Count(), g.Min(c => c.CreatedAt), g.Max(c => c.CreatedAt)))
            .OrderByDescending(p => p.Count).ThenBy(p => p.Key, StringComparer.Ordinal)
            .ToList();

    private static Dictionary<string, int> Count(IEnumerable<Case> cases, Func<Case, string> key)
        => cases.GroupBy(key).ToDictionary(g => g.Key, g => g.Count());
}

using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Policy;

namespace ComplaintBot.Bot.Dashboard;

/// <summary>The selectable periods, each ending today (shop time): today, the last 7 days, the last 30 days.</summary>
public enum DashboardPeriod { Today, Week, Month }

public sealed record NamedCount(string Key, int Count);
public sealed record DayCount(DateOnly Day, int Count);
public sealed record SlaFigures(int FirstResponseBreaches, int ResolutionBreaches);
public sealed record ResolutionFigures(int Count, double? MedianMinutes, double? P90Minutes);
public sealed record CsatFigures(double? Average, int Responses);
public sealed record EscalationFigures(int Escalated, double Rate, IReadOnlyList<NamedCount> Reasons);

/// <summary>What GET /agent/api/dashboard returns.</summary>
public sealed record DashboardFigures(
    string Period, DateTimeOffset From, DateTimeOffset To, string TimeZone,
    int Total, int Open, int Resolved,
    IReadOnlyList<NamedCount> ByCategory, IReadOnlyList<NamedCount> ByResponsibility, IReadOnlyList<NamedCount> ByPriority,
    SlaFigures Sla, ResolutionFigures ResolutionTime, CsatFigures Csat, EscalationFigures Escalation,
    IReadOnlyList<DayCount> Daily, IReadOnlyList<BatchAlert> Alerts);

/// <summary>
/// The dashboard's figures: turns a period into shop-local day boundaries, asks the case store for the aggregates
/// and shapes them for the console (every category, responsibility and priority listed, days without cases as 0).
/// </summary>
public sealed class DashboardService(ICaseStore cases, BatchAlertService alerts, ServiceHours hours, TimeProvider clock)
{
    public static bool TryParsePeriod(string? value, out DashboardPeriod period)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case null or "" or "today": period = DashboardPeriod.Today; return true;
            case "7d" or "week": period = DashboardPeriod.Week; return true;
            case "30d" or "month": period = DashboardPeriod.Month; return true;
            default: period = default; return false;
        }
    }

    public static string Name(DashboardPeriod p) => p switch { DashboardPeriod.Week => "7d", DashboardPeriod.Month => "30d", _ => "today" };

    /// <summary>[from, to): from the shop-local midnight starting the period to the midnight ending today.</summary>
    public (DateTimeOffset From, DateTimeOffset To, DateOnly FirstDay, int Days) Range(DashboardPeriod period)
    {
        var days = period switch { DashboardPeriod.Week => 7, DashboardPeriod.Month => 30, _ => 1 };
        var today = DateOnly.FromDateTime(hours.Local(clock.GetUtcNow()).DateTime);
        var first = today.AddDays(1 - days);
        return (Midnight(first), Midnight(today.AddDays(1)), first, days);
    }

    public async Task<DashboardFigures> GetAsync(DashboardPeriod period, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var (from, to, firstDay, days) = Range(period);
        var s = await cases.GetStatisticsAsync(new CaseStatisticsQuery(from, to, now, hours.Zone), ct);

        return new DashboardFigures(
            Name(period), from, to, hours.Zone.Id,
            s.Total, s.Open, s.Resolved,
            All<ComplaintCategory>(s.ByCategory, CaseStatisticsRules.Unclassified),
            All<Responsibility>(s.ByResponsibility),
            Enumerable.Reverse(All<CasePriority>(s.ByPriority)).ToList(), // Urgent first
            new SlaFigures(s.FirstResponseBreaches, s.ResolutionBreaches),
            new ResolutionFigures(s.ResolutionCount, Round(s.MedianResolutionMinutes, 1), Round(s.P90ResolutionMinutes, 1)),
            new CsatFigures(Round(s.AverageCsat, 2), s.CsatResponses),
            new EscalationFigures(s.Escalated, s.Total == 0 ? 0 : Math.Round((double)s.Escalated / s.Total, 4),
                s.EscalationTriggers.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
                    .Select(kv => new NamedCount(kv.Key, kv.Value)).ToList()),
            Enumerable.Range(0, days).Select(i => firstDay.AddDays(i))
                .Select(d => new DayCount(d, s.CreatedPerDay.GetValueOrDefault(d))).ToList(),
            await alerts.ListAsync(from, ct));
    }

    private DateTimeOffset Midnight(DateOnly day) => CaseStatisticsRules.DayStart(day, hours.Zone);

    /// <summary>Every value of the enum in declaration order (zeros included), then keys the enum doesn't know.</summary>
    private static List<NamedCount> All<TEnum>(IReadOnlyDictionary<string, int> counts, string? extra = null) where TEnum : struct, Enum
    {
        var list = Enum.GetNames<TEnum>().Select(n => new NamedCount(n, counts.GetValueOrDefault(n))).ToList();
        list.AddRange(counts.Where(kv => !Enum.GetNames<TEnum>().Contains(kv.Key)).OrderBy(kv => kv.Key == extra ? 1 : 0)
            .Select(kv => new NamedCount(kv.Key, kv.Value)));
        return list;
    }

    private static double? Round(double? v, int digits) => v is { } x ? Math.Round(x, digits) : null;
}

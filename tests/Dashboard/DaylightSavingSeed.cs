using ComplaintBot.Dialogs.Cases;

namespace ComplaintBot.Tests.Dashboard;

/// <summary>
/// Cases just before and after local midnight around the 2026 daylight-saving changes in Europe/Berlin (29 Mar: 02:00 CET
/// → 03:00 CEST; 25 Oct: 03:00 CEST → 02:00 CET) and America/New_York (8 Mar; 1 Nov). Each time is written with the
/// offset in force at that moment, so the expected day is the date as written. A single "current offset" puts the
/// cases near midnight on the wrong side of it for the days whose offset differs from now's.
/// </summary>
public static class DaylightSavingSeed
{
    public static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    public static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static DateTimeOffset T(int month, int day, int hour, int minute, double offsetHours)
        => new(2026, month, day, hour, minute, 0, TimeSpan.FromHours(offsetHours));

    /// <summary>Berlin, spring: [27 Mar, 1 Apr) local, asked on 31 Mar (CEST, +2).</summary>
    public static CaseStatisticsQuery BerlinSpring
        => new(T(3, 27, 0, 0, 1), T(4, 1, 0, 0, 2), T(3, 31, 12, 0, 2), Berlin);

    /// <summary>Berlin, autumn: [24 Oct, 27 Oct) local, asked on 26 Oct (CET, +1).</summary>
    public static CaseStatisticsQuery BerlinAutumn
        => new(T(10, 24, 0, 0, 2), T(10, 27, 0, 0, 1), T(10, 26, 12, 0, 1), Berlin);

    /// <summary>New York, 7–9 Mar and 31 Oct–2 Nov local, asked in EST (−5) and in EDT (−4) respectively.</summary>
    public static CaseStatisticsQuery NewYorkSpring
        => new(T(3, 7, 0, 0, -5), T(3, 10, 0, 0, -4), T(3, 7, 12, 0, -5), NewYork);
    public static CaseStatisticsQuery NewYorkAutumn
        => new(T(10, 31, 0, 0, -4), T(11, 3, 0, 0, -5), T(10, 31, 12, 0, -4), NewYork);

    /// <summary>Creation times and the local day each belongs to.</summary>
    public static readonly (DateTimeOffset At, DateOnly Day)[] Created =
    [
        // Berlin spring
        (T(3, 27, 0, 5, 1), new(2026, 3, 27)),
        (T(3, 28, 23, 30, 1), new(2026, 3, 28)),
        (T(3, 29, 0, 30, 1), new(2026, 3, 29)),
        (T(3, 29, 3, 30, 2), new(2026, 3, 29)),  // just after the jump
        (T(3, 29, 23, 30, 2), new(2026, 3, 29)),
        (T(3, 30, 0, 15, 2), new(2026, 3, 30)),
        (T(3, 31, 23, 55, 2), new(2026, 3, 31)),
        // Berlin autumn: 25 Oct has 25 hours
        (T(10, 24, 23, 30, 2), new(2026, 10, 24)),
        (T(10, 25, 0, 30, 2), new(2026, 10, 25)),
        (T(10, 25, 2, 30, 2), new(2026, 10, 25)),  // 02:30 the first time
        (T(10, 25, 2, 30, 1), new(2026, 10, 25)),  // 02:30 the second time
        (T(10, 25, 23, 30, 1), new(2026, 10, 25)),
        (T(10, 26, 0, 10, 1), new(2026, 10, 26)),
        // New York spring
        (T(3, 7, 23, 30, -5), new(2026, 3, 7)),
        (T(3, 8, 0, 30, -5), new(2026, 3, 8)),
        (T(3, 8, 23, 30, -4), new(2026, 3, 8)),
        (T(3, 9, 0, 30, -4), new(2026, 3, 9)),
        // New York autumn
        (T(10, 31, 23, 30, -4), new(2026, 10, 31)),
        (T(11, 1, 0, 30, -4), new(2026, 11, 1)),
        (T(11, 1, 23, 30, -5), new(2026, 11, 1)),
        (T(11, 2, 0, 30, -5), new(2026, 11, 2)),
    ];

    public static async Task SeedAsync(ICaseStore store)
    {
        var i = 0;
        foreach (var (at, _) in Created)
            await store.CreateAsync(new Case
            {
                ConversationId = $"dst-{i++}", CreatedAt = at,
                History = { new StatusChange(CaseStatus.Open, at, "bot", null) },
            });
    }

    /// <summary>The expected daily series of a query: the seeded cases inside it, by the day written next to them.</summary>
    public static Dictionary<DateOnly, int> ExpectedDaily(CaseStatisticsQuery q)
        => Created.Where(c => c.At >= q.From && c.At < q.To).GroupBy(c => c.Day).ToDictionary(g => g.Key, g => g.Count());
}

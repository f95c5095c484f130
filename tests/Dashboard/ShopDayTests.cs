using ComplaintBot.Dialogs.Cases;

namespace ComplaintBot.Tests.Dashboard;

/// <summary>Where a shop-local day begins, including days whose midnight a daylight-saving change skips or repeats.</summary>
public sealed class ShopDayTests
{
    private static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    [Fact]
    public void A_day_starts_at_midnight_by_its_own_offset_on_both_sides_of_a_change()
    {
        var berlin = Zone("Europe/Berlin");
        Assert.Equal(new DateTimeOffset(2026, 3, 28, 23, 0, 0, TimeSpan.Zero), CaseStatisticsRules.DayStart(new DateOnly(2026, 3, 29), berlin));
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 22, 0, 0, TimeSpan.Zero), CaseStatisticsRules.DayStart(new DateOnly(2026, 3, 30), berlin));
        Assert.Equal(new DateTimeOffset(2026, 10, 24, 22, 0, 0, TimeSpan.Zero), CaseStatisticsRules.DayStart(new DateOnly(2026, 10, 25), berlin));
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 23, 0, 0, TimeSpan.Zero), CaseStatisticsRules.DayStart(new DateOnly(2026, 10, 26), berlin));
    }

    [Fact]
    public void Query_days_are_23_and_25_hours_long_on_the_change_days()
    {
        var q = DaylightSavingSeed.BerlinSpring;
        var lengths = q.DayStarts().Zip(q.DayStarts().Skip(1).Select(d => d.Start).Append(q.To), (d, next) => (d.Day, Hours: (next - d.Start).TotalHours)).ToList();
        Assert.Equal([(new DateOnly(2026, 3, 27), 24.0), (new(2026, 3, 28), 24), (new(2026, 3, 29), 23), (new(2026, 3, 30), 24), (new(2026, 3, 31), 24)], lengths);

        var autumn = DaylightSavingSeed.BerlinAutumn.DayStarts();
        Assert.Equal(25, (autumn[2].Start - autumn[1].Start).TotalHours);
    }

    [Fact]
    public void A_day_whose_midnight_is_skipped_starts_when_the_clock_resumes()
    {
        // Chile moves clocks from 24:00 to 01:00 on the first Sunday of September (6 Sep 2026): 00:00–00:59 never happens.
        var santiago = Zone("America/Santiago");
        var day = new DateOnly(2026, 9, 6);
        Assert.True(santiago.IsInvalidTime(day.ToDateTime(TimeOnly.MinValue)));

        var start = CaseStatisticsRules.DayStart(day, santiago);
        Assert.Equal(new DateTimeOffset(2026, 9, 6, 4, 0, 0, TimeSpan.Zero), start);
        Assert.Equal(day, CaseStatisticsRules.LocalDay(start, santiago));
        Assert.Equal(day.AddDays(-1), CaseStatisticsRules.LocalDay(start.AddTicks(-1), santiago));
    }

    [Fact]
    public void A_day_whose_midnight_happens_twice_starts_at_the_first_one()
    {
        // Cuba turns clocks back from 01:00 to 00:00 on the first Sunday of November (1 Nov 2026): midnight happens twice.
        var havana = Zone("America/Havana");
        var day = new DateOnly(2026, 11, 1);
        Assert.True(havana.IsAmbiguousTime(day.ToDateTime(TimeOnly.MinValue)));

        var start = CaseStatisticsRules.DayStart(day, havana);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 4, 0, 0, TimeSpan.Zero), start); // 00:00 at −04:00
        Assert.Equal(day.AddDays(-1), CaseStatisticsRules.LocalDay(start.AddTicks(-1), havana));
    }
}

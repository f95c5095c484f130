using ComplaintBot.Dialogs.Complaints;
using ComplaintBot.Dialogs.Policy;
using ComplaintBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintBot.Tests.Complaints;

/// <summary>The shop's one <c>ServiceHours</c> section: opening window, days, time zone, and who uses it.</summary>
public sealed class ServiceHoursTests
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    private static ServiceHours Hours(string open, string close, params DayOfWeek[] days)
        => new(new ServiceHoursOptions { TimeZone = "Asia/Shanghai", Open = open, Close = close, Days = [.. days] });

    [Fact]
    public void Shipped_hours_are_eight_to_ten_in_Shanghai_every_day()
    {
        var hours = new ServiceHours(RepoPaths.Options<ServiceHoursOptions>(ServiceHoursOptions.Section));
        Assert.Equal("Asia/Shanghai", hours.Zone.Id);
        Assert.Equal("08:00–22:00", hours.Display);
        Assert.False(hours.IsOpen(new DateTimeOffset(2026, 11, 29, 7, 59, 59, Shanghai))); // a Sunday
        Assert.True(hours.IsOpen(new DateTimeOffset(2026, 11, 29, 8, 0, 0, Shanghai)));
        Assert.True(hours.IsOpen(new DateTimeOffset(2026, 11, 29, 21, 59, 59, Shanghai)));
        var late = new DateTimeOffset(2026, 11, 29, 22, 0, 0, Shanghai);
        Assert.False(hours.IsOpen(late));
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 8, 0, 0, Shanghai), hours.NextOpening(late));
        Assert.Equal("2026-11-30 08:00", hours.Format(hours.NextOpening(late.ToUniversalTime())));
    }

    [Fact]
    public void When_open_the_next_opening_is_now()
    {
        var now = new DateTimeOffset(2026, 11, 24, 2, 0, 0, TimeSpan.Zero); // 10:00 in Shanghai
        Assert.Equal(now, Hours("08:00", "22:00").NextOpening(now));
    }

    [Fact]
    public void A_day_not_listed_is_closed_and_the_next_opening_is_on_the_next_listed_day()
    {
        var weekdays = Hours("09:00", "18:00", DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday);
        var saturdayNoon = new DateTimeOffset(2026, 11, 28, 12, 0, 0, Shanghai);
        Assert.False(weekdays.IsOpen(saturdayNoon));
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 9, 0, 0, Shanghai), weekdays.NextOpening(saturdayNoon));
        var fridayEvening = new DateTimeOffset(2026, 11, 27, 18, 0, 0, Shanghai);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 9, 0, 0, Shanghai), weekdays.NextOpening(fridayEvening));
        Assert.True(weekdays.IsOpen(new DateTimeOffset(2026, 11, 27, 17, 59, 0, Shanghai)));
    }

    [Fact]
    public void A_window_closing_after_midnight_belongs_to_the_day_it_opened()
    {
        var fridayNights = Hours("20:00", "02:00", DayOfWeek.Friday);
        Assert.True(fridayNights.IsOpen(new DateTimeOffset(2026, 11, 27, 23, 0, 0, Shanghai)));
        Assert.True(fridayNights.IsOpen(new DateTimeOffset(2026, 11, 28, 1, 59, 0, Shanghai))); // Saturday, small hours
        Assert.False(fridayNights.IsOpen(new DateTimeOffset(2026, 11, 28, 2, 0, 0, Shanghai)));
        Assert.False(fridayNights.IsOpen(new DateTimeOffset(2026, 11, 28, 21, 0, 0, Shanghai))); // Saturday evening
        Assert.False(fridayNights.IsOpen(new DateTimeOffset(2026, 11, 27, 1, 0, 0, Shanghai))); // Thursday's night: closed
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 20, 0, 0, Shanghai), fridayNights.NextOpening(new DateTimeOffset(2026, 11, 28, 3, 0, 0, Shanghai)));
    }

    [Fact]
    public void An_unknown_time_zone_or_time_fails_naming_the_key()
    {
        var zone = Assert.Throws<InvalidOperationException>(() => new ServiceHours(new ServiceHoursOptions { TimeZone = "Mars/Olympus" }));
        Assert.Contains("ServiceHours:TimeZone", zone.Message);
        var open = Assert.Throws<InvalidOperationException>(() => new ServiceHours(new ServiceHoursOptions { Open = "eight" }));
        Assert.Contains("ServiceHours:Open", open.Message);
    }

    [Fact]
    public async Task The_complaint_flow_and_the_hand_off_read_the_same_configured_hours()
    {
        await using var server = BotServer.Start(new Dictionary<string, string?>
        {
            ["ServiceHours:Open"] = "09:30",
            ["ServiceHours:Close"] = "17:00",
            ["ServiceHours:Days:0"] = "Monday",
        });
        var shared = server.Services.GetRequiredService<ServiceHours>();
        Assert.Same(shared, server.Services.GetRequiredService<ComplaintComposition>().Hours);
        Assert.Equal("09:30–17:00", shared.Display);
        Assert.False(shared.IsOpen(new DateTimeOffset(2026, 11, 24, 10, 0, 0, Shanghai))); // a Tuesday
        Assert.True(shared.IsOpen(new DateTimeOffset(2026, 11, 30, 10, 0, 0, Shanghai)));
    }
}

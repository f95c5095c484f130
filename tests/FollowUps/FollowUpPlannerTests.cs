using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Complaints;
using ComplaintBot.Dialogs.Policy;
using ComplaintBot.Dialogs.FollowUps;
using ComplaintBot.Dialogs.Schema;

namespace ComplaintBot.Tests.FollowUps;

/// <summary>When the follow-up goes out: the delay, quiet hours (ServiceHours 08:00–22:00 Shanghai), the 24 h promise.</summary>
public sealed class FollowUpPlannerTests
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);
    private static DateTimeOffset At(int day, int hour, int minute = 0) => new(2026, 11, day, hour, minute, 0, Shanghai);

    private static FollowUpPlanner Planner(TimeSpan delay) => new(new FollowUpOptions { Delay = delay }, new ServiceHours(new ServiceHoursOptions()));

    [Fact]
    public void Inside_service_hours_the_follow_up_keeps_the_configured_delay()
    {
        var (due, note) = Planner(TimeSpan.FromHours(4)).Plan(At(24, 10));
        Assert.Equal(At(24, 14), due);
        Assert.Null(note);
    }

    [Theory]
    [InlineData(20, 30, 25, 8)]  // 20:30 + 4 h = 00:30 → next morning 08:00
    [InlineData(21, 59, 25, 8)]  // 01:59 → 08:00
    [InlineData(2, 0, 24, 8)]    // confirmed at night: 06:00 → 08:00 the same morning
    [InlineData(18, 0, 25, 8)]   // 22:00 is already closed (the window ends at 22:00)
    public void A_follow_up_that_would_fall_in_quiet_hours_moves_to_the_next_service_window(int hour, int minute, int dueDay, int dueHour)
    {
        var (due, note) = Planner(TimeSpan.FromHours(4)).Plan(At(24, hour, minute));
        Assert.Equal(At(dueDay, dueHour), due);
        Assert.Contains("quiet hours", note);
        Assert.DoesNotContain("later than 24 h", note);
    }

    [Fact]
    public void When_the_next_window_opens_beyond_24_hours_the_follow_up_still_waits_for_it_and_says_so()
    {
        // 03:00 + 20 h = 23:00 (closed); the next opening, 08:00 the day after, is 29 h after confirmation.
        var (due, note) = Planner(TimeSpan.FromHours(20)).Plan(At(24, 3));
        Assert.Equal(At(25, 8), due);
        Assert.Contains("later than 24 h", note);
    }

    [Fact]
    public void Scheduling_stores_the_plan_and_the_conversation_on_the_case_and_is_off_when_disabled()
    {
        var reference = new ConversationReference { ChannelId = "directline", Conversation = new ConversationAccount { Id = "c-1" } };
        var c = new Case();
        var f = Planner(TimeSpan.FromHours(4)).Schedule(c, reference, At(24, 21))!;
        Assert.Same(f, c.FollowUp);
        Assert.Equal(FollowUpState.Scheduled, f.State);
        Assert.Equal(At(25, 8), f.DueAt);
        Assert.Equal(CaseFollowUp.Key(At(25, 8)), f.PendingAt);
        Assert.NotNull(f.Note);

        var off = new FollowUpPlanner(new FollowUpOptions { Enabled = false }, new ServiceHours(new ServiceHoursOptions()));
        var other = new Case();
        Assert.Null(off.Schedule(other, reference, At(24, 10)));
        Assert.Null(other.FollowUp);
    }

    [Theory]
    [InlineData("1.00:00:01")]
    [InlineData("2.00:00:00")]
    [InlineData("00:00:00")]
    [InlineData("-01:00:00")]
    public void A_delay_outside_zero_to_24_hours_is_refused(string delay)
        => Assert.Contains("FollowUp:Delay", new FollowUpOptions { Delay = TimeSpan.Parse(delay) }.Validate());

    [Fact]
    public void The_shipped_configuration_is_valid_and_within_24_hours()
    {
        var o = Complaints.RepoPaths.Options<FollowUpOptions>(FollowUpOptions.Section);
        Assert.Null(o.Validate());
        Assert.True(o.Delay <= TimeSpan.FromHours(24));
        Assert.NotEmpty(o.NotResolvedPhrases);
        Assert.NotEmpty(o.ResolvedPhrases);
    }
}

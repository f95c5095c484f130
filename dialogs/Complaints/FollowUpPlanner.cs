using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Policy;
using ComplaintBot.Dialogs.Schema;

namespace ComplaintBot.Dialogs.Complaints;

/// <summary>
/// When a case's follow-up goes out: <see cref="FollowUpOptions.Delay"/> after confirmation, but never outside the
/// shop's service hours (<c>ServiceHours</c>): a time at night moves to the next opening. When that opening lies beyond the
/// 24 h promise the follow-up still waits for it (no messages at night) and the note says so.
/// </summary>
public sealed class FollowUpPlanner(FollowUpOptions options, ServiceHours hours)
{
    public FollowUpOptions Options => options;

    public (DateTimeOffset DueAt, string? Note) Plan(DateTimeOffset from)
    {
        var wanted = from + options.Delay;
        if (hours.IsOpen(wanted)) return (wanted, null);
        var opening = hours.NextOpening(wanted);
        var note = opening - from <= FollowUpOptions.Promise
            ? $"moved out of quiet hours to the next service window ({hours.Format(opening)}, service {hours.Display})"
            : $"later than 24 h: {hours.Format(wanted)} is outside service hours ({hours.Display}), so it waits for the opening at {hours.Format(opening)}";
        return (opening, note);
    }

    /// <summary>Plans the follow-up of <paramref name="c"/> (replacing an earlier one); null when follow-ups are off.</summary>
    public CaseFollowUp? Schedule(Case c, ConversationReference reference, DateTimeOffset now)
    {
        if (!options.Enabled || reference.Conversation?.Id is null) return c.FollowUp;
        var (due, note) = Plan(now);
        c.FollowUp = new CaseFollowUp
        {
            ScheduledAt = now,
            DueAt = due,
            Note = note,
            Reference = reference,
            PendingAt = CaseFollowUp.Key(due),
        };
        return c.FollowUp;
    }
}

using System.Text.Json.Serialization;
using ComplaintBot.Dialogs.Schema;

namespace ComplaintBot.Dialogs.Cases;

[JsonConverter(typeof(JsonStringEnumConverter<FollowUpState>))]
public enum FollowUpState { Scheduled, Sending, Sent, Skipped, Failed }

/// <summary>
/// The proactive follow-up of a case (DESIGN §1 step 6), stored inside the case so a restart loses nothing.
/// <see cref="PendingAt"/> is what the stores index: set while the follow-up still needs the dispatcher's attention.
/// </summary>
public sealed class CaseFollowUp
{
    public FollowUpState State { get; set; } = FollowUpState.Scheduled;
    public DateTimeOffset ScheduledAt { get; set; }
    public DateTimeOffset DueAt { get; set; }
    /// <summary>Why <see cref="DueAt"/> differs from the configured delay (quiet hours), shown in the case history when sent.</summary>
    public string? Note { get; set; }
    /// <summary>Where the message goes: the conversation the remedy was confirmed (or the agent resolved it) in.</summary>
    public ConversationReference Reference { get; set; } = new();

    /// <summary>Unix milliseconds: when the dispatcher must look at this next (due time, or the end of a sending lease); null when done.</summary>
    public long? PendingAt { get; set; }
    public string? ClaimedBy { get; set; }
    public DateTimeOffset? ClaimedAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? SkipReason { get; set; }

    /// <summary>
    /// The other cases whose follow-ups went out in the same message as this one (one message per conversation), so
    /// the customer's answer to that message is read as an answer about all of them; null when it went out alone.
    /// </summary>
    public List<string>? SentWith { get; set; }

    /// <summary>The customer's answer to the follow-up: "resolved" or "not-resolved"; null while unanswered.</summary>
    public string? Reply { get; set; }
    public DateTimeOffset? RepliedAt { get; set; }

    public static long Key(DateTimeOffset at) => at.ToUnixTimeMilliseconds();
}

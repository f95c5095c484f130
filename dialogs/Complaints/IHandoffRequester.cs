using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Sentiment;
using ComplaintBot.Dialogs.Turns;

namespace ComplaintBot.Dialogs.Complaints;

/// <summary>
/// The seam between the complaint flow and the human side. The flow has already saved the case as
/// <see cref="CaseStatus.Escalated"/> with reason and priority when this is called; the implementation
/// queues the conversation for a person and tells the customer (in <see cref="HandoffRequest.Locale"/>).
/// The default (<see cref="RecordingHandoffRequester"/>) only tells the customer; the hand-off area replaces it.
/// </summary>
public interface IHandoffRequester
{
    Task RequestAsync(ITurnContext turn, HandoffRequest request, CancellationToken ct = default);
}

/// <param name="Case">The complaint's case; null for a conversation-only hand-off (a request for a person with no complaint
/// in it), which creates no case record of any kind: the queue entry and the transcript are all there is.</param>
/// <param name="Trigger">One of <see cref="HandoffTriggers"/>.</param>
/// <param name="Reason">Human-readable reason shown to the agent.</param>
/// <param name="ToSupervisor">True when the customer's demand is beyond the bot's (and a normal agent's) authority.</param>
/// <param name="Mood">Anger history of the conversation (for the agent's anger curve); null when unknown.</param>
/// <param name="Customer">The shop's record of the signed-in customer, for a hand-off without a case (name and masked
/// contact for the console; a call back is promised only when there is a contact to call); null when unknown.</param>
public sealed record HandoffRequest(
    Case? Case,
    string Trigger,
    string Reason,
    bool ToSupervisor,
    string Locale,
    MoodState? Mood,
    Orders.Customer? Customer = null);

public static class HandoffTriggers
{
    public const string HumanRequest = "human-request";
    /// <summary>IEscalationPolicy fired; the policy's own trigger is appended (e.g. "policy:anger").</summary>
    public const string PolicyPrefix = "policy:";
    public const string BeyondAuthority = "beyond-authority";
    public const string RemediesRefused = "remedies-refused";
    public const string NotUnderstood = "not-understood";
    /// <summary>No price known for the order, so the amount of a refund is an agent's to confirm.</summary>
    public const string AmountUnknown = "amount-unknown";
}

/// <summary>
/// Events the complaint flow understands from other areas (e.g. an agent handing the conversation back).
/// Send an activity of type "event" with this name; Value = { "at": one of <see cref="ResumeAt"/>, "case": number? }.
/// </summary>
public static class ComplaintEvents
{
    public const string Resume = "complaint.resume";

    public static class ResumeAt
    {
        /// <summary>Continue where the flow was (re-prompt the current step).</summary>
        public const string Flow = "flow";
        /// <summary>Offer remedies for the case again.</summary>
        public const string Remedies = "remedies";
        /// <summary>The case was resolved by the agent: ask for satisfaction (1–5).</summary>
        public const string Csat = "csat";
    }
}

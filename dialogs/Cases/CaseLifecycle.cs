using System.Text.Json;
using System.Text.Json.Serialization;

namespace ComplaintBot.Dialogs.Cases;

/// <summary>
/// Where a case stands. The bot's path is Open → Clarifying → Proposed → Agreed → Executing; people take it through
/// Escalated (queued), WithAgent (an agent owns it) or CallbackPending (a call back was promised). It ends Resolved (an
/// agent settled it; the follow-up may still find it unresolved) or Closed (final: a closed case never re-opens).
/// Only <see cref="CaseLifecycle"/> changes it.
/// </summary>
[JsonConverter(typeof(CaseStatusJsonConverter))]
public enum CaseStatus { Open, Clarifying, Proposed, Agreed, Executing, Resolved, Closed, Escalated, WithAgent, CallbackPending }

/// <summary>The named steps of a case's life; each is allowed only from the states in <see cref="CaseLifecycle.Table"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CaseTransition>))]
public enum CaseTransition
{
    /// <summary>The case is registered (its first history entry).</summary>
    Open,
    /// <summary>The bot asks for a missing fact.</summary>
    Clarify,
    /// <summary>The customer agreed with the restatement (an event: the status stays Clarifying).</summary>
    ConfirmRestatement,
    /// <summary>Remedies are offered (again, in a negotiation round).</summary>
    Propose,
    /// <summary>The customer chose a remedy.</summary>
    Agree,
    /// <summary>The written confirmation went out: the agreed remedy is under way.</summary>
    Execute,
    /// <summary>Handed to people: the conversation waits in the agent queue.</summary>
    Escalate,
    /// <summary>An agent took the conversation.</summary>
    TakeOver,
    /// <summary>No person was free (off hours, queue timeout): a call back was promised.</summary>
    PromiseCallback,
    /// <summary>
    /// A person gave the conversation back to the bot, which goes on with the complaint: back to where the bot was
    /// (Open, Clarifying or Proposed), else Clarifying.
    /// </summary>
    HandBack,
    /// <summary>An agent (or an external hand-off system) settled the case.</summary>
    Resolve,
    /// <summary>The customer answered the follow-up "not resolved": back to people. Never from Closed.</summary>
    Reopen,
    /// <summary>The customer rated the handling (an event: the status does not change).</summary>
    Rate,
    /// <summary>The customer withdrew a complaint nothing was agreed on yet (cancel, start over, left the queue).</summary>
    Withdraw,
    /// <summary>The customer confirmed the outcome (the follow-up's "resolved"), or the case ended settled.</summary>
    Close,
}

/// <summary>A transition asked for from a state it is not allowed from (a bug in the caller, or a stale view of the case).</summary>
public sealed class InvalidCaseTransitionException(string caseNumber, CaseStatus from, CaseTransition transition)
    : InvalidOperationException($"Case {caseNumber}: {transition} is not allowed from {from}.")
{
    public CaseStatus From { get; } = from;
    public CaseTransition Transition { get; } = transition;
}

/// <summary>
/// The case state machine as one table: for each transition, the states it may start from and the state it leads to
/// (null: an event that keeps the status). Every change is appended to <see cref="Case.History"/> with its transition.
/// </summary>
public static class CaseLifecycle
{
    public sealed record Rule(IReadOnlySet<CaseStatus> From, CaseStatus? To);

    private static Rule R(CaseStatus? to, params CaseStatus[] from) => new(new HashSet<CaseStatus>(from), to);

    /// <summary>The states where the bot handles the complaint (before anything is agreed).</summary>
    private static readonly CaseStatus[] BotHandling = [CaseStatus.Open, CaseStatus.Clarifying, CaseStatus.Proposed];
    /// <summary>The states where people have (or owe) the conversation.</summary>
    private static readonly CaseStatus[] WithPeople = [CaseStatus.Escalated, CaseStatus.WithAgent, CaseStatus.CallbackPending];

    public static readonly IReadOnlyDictionary<CaseTransition, Rule> Table = new Dictionary<CaseTransition, Rule>
    {
        [CaseTransition.Open] = R(CaseStatus.Open),
        [CaseTransition.Clarify] = R(CaseStatus.Clarifying, CaseStatus.Open, CaseStatus.Clarifying),
        [CaseTransition.ConfirmRestatement] = R(null, CaseStatus.Open, CaseStatus.Clarifying),
        [CaseTransition.Propose] = R(CaseStatus.Proposed, CaseStatus.Open, CaseStatus.Clarifying, CaseStatus.Proposed),
        [CaseTransition.Agree] = R(CaseStatus.Agreed, CaseStatus.Proposed),
        [CaseTransition.Execute] = R(CaseStatus.Executing, CaseStatus.Agreed),
        // From Escalated too: the hand-off area records the escalation the flow already saved (no second entry).
        [CaseTransition.Escalate] = R(CaseStatus.Escalated, [.. BotHandling, CaseStatus.Agreed, CaseStatus.Executing, .. WithPeople]),
        [CaseTransition.TakeOver] = R(CaseStatus.WithAgent, CaseStatus.Escalated, CaseStatus.CallbackPending),
        [CaseTransition.PromiseCallback] = R(CaseStatus.CallbackPending, CaseStatus.Escalated, CaseStatus.WithAgent),
        [CaseTransition.HandBack] = R(CaseStatus.Clarifying, WithPeople),
        [CaseTransition.Resolve] = R(CaseStatus.Resolved, [.. WithPeople, CaseStatus.Agreed, CaseStatus.Executing]),
        [CaseTransition.Reopen] = R(CaseStatus.Escalated, CaseStatus.Resolved, CaseStatus.Executing),
        [CaseTransition.Rate] = R(null, CaseStatus.Executing, CaseStatus.Resolved, CaseStatus.Closed),
        [CaseTransition.Withdraw] = R(CaseStatus.Closed, [.. BotHandling, .. WithPeople]),
        [CaseTransition.Close] = R(CaseStatus.Closed, CaseStatus.Executing, CaseStatus.Resolved),
    };

    /// <summary>Where <paramref name="transition"/> leads from a case with this history (null: the status stays).</summary>
    public static CaseStatus? Target(CaseTransition transition, IReadOnlyList<StatusChange> history)
    {
        if (transition != CaseTransition.HandBack) return Table[transition].To;
        for (var i = history.Count - 1; i >= 0; i--)
            if (!WithPeople.Contains(history[i].Status))
                return BotHandling.Contains(history[i].Status) ? history[i].Status : CaseStatus.Clarifying;
        return CaseStatus.Clarifying;
    }

    /// <summary>Whether <paramref name="transition"/> may happen in <paramref name="status"/> (Open: only on a new case).</summary>
    public static bool Allows(CaseStatus status, CaseTransition transition, bool isNew = false)
        => transition == CaseTransition.Open ? isNew : Table[transition].From.Contains(status);

    /// <summary>A case that is still being handled: neither resolved nor closed.</summary>
    public static bool IsOpen(CaseStatus status) => status is not (CaseStatus.Resolved or CaseStatus.Closed);

    /// <summary>Statuses counted as settled for the dashboard ("resolved" figures).</summary>
    public static readonly CaseStatus[] Ended = [CaseStatus.Resolved, CaseStatus.Closed];
}

/// <summary>Writes status names; also reads the names older versions stored (Received, Confirmed).</summary>
public sealed class CaseStatusJsonConverter : JsonConverter<CaseStatus>
{
    public override CaseStatus Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => Parse(reader.GetString());

    public override void Write(Utf8JsonWriter writer, CaseStatus value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());

    public static CaseStatus Parse(string? name) => name switch
    {
        "Received" => CaseStatus.Open,
        "Confirmed" => CaseStatus.Clarifying,
        _ when Enum.TryParse<CaseStatus>(name, ignoreCase: true, out var s) => s,
        _ => throw new JsonException($"Unknown case status '{name}'."),
    };
}

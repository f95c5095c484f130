using System.Text.Json.Serialization;
using ComplaintBot.Dialogs.Schema;

namespace ComplaintBot.Dialogs.Handoff;

/// <summary>Who answers a conversation: the bot, nobody yet (waiting for an agent), an agent, or an external contact centre.</summary>
public static class ConversationOwner
{
    public const string Bot = "bot";
    public const string Queued = "queued";
    /// <summary>A contact centre connected to the channel accepted our <c>handoff.initiate</c>.</summary>
    public const string External = "external";
    public const string AgentPrefix = "agent:";

    public static string Agent(string agentId) => AgentPrefix + agentId;

    public static string? AgentId(string owner) => owner.StartsWith(AgentPrefix, StringComparison.Ordinal) ? owner[AgentPrefix.Length..] : null;

    /// <summary>True when a person (ours or external) answers; the bot stays silent.</summary>
    public static bool IsHuman(string owner) => owner == External || owner.StartsWith(AgentPrefix, StringComparison.Ordinal);
}

/// <summary>
/// The hand-off record of one conversation: ownership plus what the agent console needs to show it in the
/// queue without reading anything else. <see cref="Version"/> is the optimistic-concurrency token.
/// </summary>
public sealed class HandoffEntry
{
    public string ConversationId { get; set; } = "";
    public string Owner { get; set; } = ConversationOwner.Bot;
    public long Version { get; set; }

    /// <summary>The complaint's case; null for a conversation handed over with no case (yet): the console says so.</summary>
    public string? CaseNumber { get; set; }
    /// <summary>
    /// An agent is opening this conversation's case: claimed (saved) before the case is created, so of two agents opening
    /// one at the same instant only the claim saved first creates a case. Cleared when the case is on the entry.
    /// </summary>
    public CaseOpeningClaim? CaseOpening { get; set; }
    /// <summary>The shop's id of the signed-in customer, when known: privacy export and erasure find a conversation without a case by it.</summary>
    public string? CustomerId { get; set; }
    /// <summary>Higher = handled first (same scale as the case priority: 1 low … 4 urgent).</summary>
    public int Priority { get; set; } = 2;
    public string Reason { get; set; } = "";
    /// <summary>What fired: human_request, anger, anger_trend, threat, safety, not_understood, beyond_authority, …</summary>
    public string? Trigger { get; set; }

    public DateTimeOffset EscalatedAt { get; set; }
    public DateTimeOffset? TakenAt { get; set; }
    public DateTimeOffset? FirstAgentReplyAt { get; set; }
    public DateTimeOffset? SlaDueAt { get; set; }

    /// <summary>Where proactive messages (agent replies, callback promise, CSAT) go.</summary>
    public ConversationReference Reference { get; set; } = new();
    public string Locale { get; set; } = "zh-CN";

    public HandoffSummary Summary { get; set; } = new();

    /// <summary>No agent came in time (or outside service hours): the customer was promised a call back.</summary>
    public bool CallbackPromised { get; set; }
    /// <summary>By when the call back was promised: the opening time off hours, else within the first-response SLA.</summary>
    public DateTimeOffset? CallbackDueAt { get; set; }
    /// <summary>When and by whom the promised call back was made (marked in the console's call-back list).</summary>
    public DateTimeOffset? CallbackDoneAt { get; set; }
    public string? CallbackDoneBy { get; set; }
    /// <summary>A call back is owed; stored with the entry so the stores can list them.</summary>
    public bool CallbackOpen => CallbackPromised && CallbackDoneAt is null;
    /// <summary>The case was resolved by an agent; the customer's next 1–5 answer is the CSAT score.</summary>
    public bool AwaitingCsat { get; set; }
    /// <summary>When the waiting customer cancelled or started over (the entry left the queue before anyone took it).</summary>
    public DateTimeOffset? LeftQueueAt { get; set; }
    /// <summary>
    /// A call back can be kept: the complaint's case, or the signed-in customer's contact, says whom to call. Without either
    /// (an anonymous chat handed over with no case) nobody could keep the promise, so none is made.
    /// </summary>
    [JsonIgnore] public bool CanCallBack => CaseNumber is not null || Summary.MaskedContact is not null;
    /// <summary>Agent id that last handled the conversation (kept after hand back, for the record).</summary>
    public string? LastAgentId { get; set; }
    /// <summary>Remedies agents applied, asked a lead to approve, or had rejected (kind, amount, by whom, state).</summary>
    public List<AppliedRemedy> Remedies { get; set; } = new();

    /// <summary>Remedies waiting for a lead's decision; stored with the entry so the stores can list them.</summary>
    public int PendingApprovals => Remedies.Count(r => r.State == RemedyState.PendingApproval);

    /// <summary>The remedies granted on <paramref name="caseNumber"/> (remedies recorded before cases were noted count for the current case).</summary>
    public IEnumerable<AppliedRemedy> Granted(string? caseNumber)
        => Remedies.Where(r => r.State == RemedyState.Applied && (r.CaseNumber ?? CaseNumber) == caseNumber);

    /// <summary>What has been granted on <paramref name="caseNumber"/> so far.</summary>
    public decimal AppliedTotal(string? caseNumber) => Granted(caseNumber).Sum(r => r.Amount);
}

/// <summary>Who is opening the conversation's case, since when (a claim older than a minute is a crashed attempt and lapses).</summary>
public sealed record CaseOpeningClaim(string AgentId, DateTimeOffset At);

/// <summary>The structured summary an agent reads before typing: a snapshot taken at escalation, refreshed from the case when it changes.</summary>
public sealed class HandoffSummary
{
    public string? CustomerName { get; set; }
    /// <summary>Phone / e-mail, already masked (138****5678). Never the full value.</summary>
    public string? MaskedContact { get; set; }
    public string? CustomerTier { get; set; }
    public string? ChannelId { get; set; }

    public string? Restatement { get; set; }
    public List<string> Facts { get; set; } = new();
    public string? OrderNumber { get; set; }
    public string? Product { get; set; }
    public string? Logistics { get; set; }

    public string? Category { get; set; }
    public string? Responsibility { get; set; }
    public string? Severity { get; set; }
    public List<string> RemediesOffered { get; set; } = new();
    public List<string> RemediesRefused { get; set; } = new();

    /// <summary>Anger (0..1) per customer message, oldest first; the console draws it as a sparkline.</summary>
    public List<double> AngerCurve { get; set; } = new();
    public double Anger { get; set; }
    /// <summary>Positive = getting angrier.</summary>
    public double AngerTrend { get; set; }
}

/// <summary>Applied: granted and the customer told. PendingApproval: above the agent's per-case limit, waiting for a lead (the customer is not told). Rejected: a lead said no.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RemedyState>))]
public enum RemedyState { Applied, PendingApproval, Rejected }

/// <param name="AgentId">Who applied it, or asked for it.</param>
public sealed record AppliedRemedy(string Kind, decimal Amount, string AgentId, DateTimeOffset At, string? Note)
{
    /// <summary>Names it for a lead's decision; null on remedies recorded before approvals existed.</summary>
    public string? Id { get; init; }
    /// <summary>The case it was granted on (the conversation may open another case later).</summary>
    public string? CaseNumber { get; init; }
    public RemedyState State { get; init; } = RemedyState.Applied;
    /// <summary>The lead who approved or rejected it.</summary>
    public string? DecidedBy { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
}

/// <summary>What the case history says when a waiting customer leaves the queue.</summary>
public static class LeftQueueNotes
{
    public const string Cancelled = "cancelled by the customer while waiting for an agent";
    public const string StartedOver = "the customer started over while waiting for an agent";
}

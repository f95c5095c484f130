using System.Text.Json.Serialization;

namespace ComplaintBot.Dialogs.Cases;

/// <summary>
/// What the record is. Every case the bot or an agent opens is a complaint: a request for a person with no complaint in it
/// is handed over without any case (the queue entry carries it). <c>Enquiry</c> only reads records written before that,
/// which the dashboard still leaves out; nothing creates one.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<CaseKind>))]
public enum CaseKind { Complaint, Enquiry }

[JsonConverter(typeof(JsonStringEnumConverter<ComplaintCategory>))]
public enum ComplaintCategory { ProductQuality, Logistics, WrongOrMissingItem, ServiceAttitude, AfterSalesPolicy, FalseAdvertising, PriceDispute, Other }

[JsonConverter(typeof(JsonStringEnumConverter<Responsibility>))]
public enum Responsibility { Unknown, Merchant, ThirdParty, Customer, Mixed }

[JsonConverter(typeof(JsonStringEnumConverter<Severity>))]
public enum Severity { General, Serious, Urgent }

[JsonConverter(typeof(JsonStringEnumConverter<Impact>))]
public enum Impact { Single, Batch, Systemic }

/// <summary>
/// How the customer proved they may see the case's order (issue 13.10): the shop's signed-in id owning it, or the last 4
/// digits of the order's phone or its e-mail typed in the chat. None: not proven, so the bot kept to general terms.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<CustomerVerification>))]
public enum CustomerVerification { None, SignedIn, PhoneLast4, Email }

/// <summary>Higher number = handled first (the agent queue sorts by this, then by waiting time).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CasePriority>))]
public enum CasePriority { Low = 1, Normal = 2, High = 3, Urgent = 4 }

/// <summary>
/// One complaint: the CRM record. A message with several problems produces one case per problem, linked
/// through <see cref="RelatedCases"/>. Contact data is kept here in full and masked wherever it is logged.
/// </summary>
public sealed class Case
{
    /// <summary>Like C20261124-0001; assigned by <see cref="ICaseStore.CreateAsync"/>.</summary>
    public string Number { get; set; } = "";
    public int Version { get; set; }

    public string ConversationId { get; set; } = "";
    /// <summary>Records written before kinds existed have none and read as complaints.</summary>
    public CaseKind Kind { get; set; } = CaseKind.Complaint;
    public string? ChannelId { get; set; }
    /// <summary>The conversation's transcript (ITranscriptStore) is keyed by channel and conversation id.</summary>
    public string TranscriptRef => Schema.ConversationKey.Of(ChannelId ?? "unknown", ConversationId);
    public string Locale { get; set; } = "zh-CN";

    public string? CustomerId { get; set; }
    public string? CustomerName { get; set; }
    public string? CustomerTier { get; set; }
    public string? ContactPhone { get; set; }
    public string? ContactEmail { get; set; }

    public string? OrderNumber { get; set; }
    public string? ProductSku { get; set; }
    public string? ProductName { get; set; }
    public decimal? OrderAmount { get; set; }
    /// <summary>Whether (and how) the customer proved they own <see cref="OrderNumber"/>; agents see the order either way.</summary>
    public CustomerVerification Verification { get; set; }

    public CaseFacts Facts { get; set; } = new();
    public List<string> Restatements { get; set; } = new();

    public ComplaintCategory? Category { get; set; }
    public Responsibility Responsibility { get; set; } = Responsibility.Unknown;
    public Severity Severity { get; set; } = Severity.General;
    public Impact Impact { get; set; } = Impact.Single;
    public CasePriority Priority { get; set; } = CasePriority.Normal;
    /// <summary>Why the rules classified the case as they did, one line per rule that fired.</summary>
    public List<string> AnalysisReasons { get; set; } = new();

    public List<RemedyOffer> RemediesOffered { get; set; } = new();
    public List<string> RemediesRefused { get; set; } = new();
    public string? RemedyChosen { get; set; }
    public List<ActionStep> Steps { get; set; } = new();

    /// <summary>Changed only through <see cref="Apply"/> (the setter is for the stores and test seeds).</summary>
    public CaseStatus Status { get; set; } = CaseStatus.Open;
    /// <summary>Append-only: every transition and note, in order.</summary>
    public List<StatusChange> History { get; set; } = new();

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FirstResponseDue { get; set; }
    public DateTimeOffset? ResolutionDue { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }

    public string? EscalationReason { get; set; }
    public string? EscalationTrigger { get; set; }
    public int? Csat { get; set; }
    /// <summary>What the customer said with the score ("处理速度还可以"); null when only a score was given.</summary>
    public string? CsatComment { get; set; }
    public List<string> RelatedCases { get; set; } = new();
    /// <summary>The proactive follow-up after the remedy was confirmed or an agent resolved the case; null when none.</summary>
    public CaseFollowUp? FollowUp { get; set; }

    /// <summary>Still being handled: neither resolved nor closed.</summary>
    public bool IsOpen => CaseLifecycle.IsOpen(Status);

    /// <summary>Whether <paramref name="transition"/> is allowed in the case's current state.</summary>
    public bool Allows(CaseTransition transition) => CaseLifecycle.Allows(Status, transition, History.Count == 0);

    /// <summary>
    /// Takes <paramref name="transition"/> and records it in the history; a transition that would leave the status as
    /// it is (asking again while clarifying) records nothing. Throws when the state machine does not allow it here.
    /// </summary>
    public void Apply(CaseTransition transition, DateTimeOffset at, string? note = null, string actor = "bot")
    {
        if (!TryApply(transition, at, note, actor)) throw new InvalidCaseTransitionException(Number, Status, transition);
    }

    /// <summary>Like <see cref="Apply"/>, but false (and nothing changed) when the transition is not allowed here.</summary>
    public bool TryApply(CaseTransition transition, DateTimeOffset at, string? note = null, string actor = "bot")
    {
        if (!Allows(transition)) return false;
        var to = CaseLifecycle.Target(transition, History);
        if (to == Status && History.Count > 0) return true;
        Status = to ?? Status;
        UpdatedAt = at;
        if (to is CaseStatus.Resolved or CaseStatus.Closed) ClosedAt ??= at;
        else if (to is not null) ClosedAt = null;
        History.Add(new StatusChange(Status, at, actor, note, transition));
        return true;
    }

    /// <summary>Records something that is no transition (e.g. the follow-up was sent) in the history.</summary>
    public void Note(DateTimeOffset at, string note, string actor = "bot")
    {
        UpdatedAt = at;
        History.Add(new StatusChange(Status, at, actor, note));
    }
}

/// <summary>What the customer told us (and what the order record added).</summary>
public sealed class CaseFacts
{
    /// <summary>Problem kind (see Nlu.ProblemKind names: Damaged, WrongItem, …).</summary>
    public string? Problem { get; set; }
    public string? Description { get; set; }
    /// <summary>Wish kind (Refund, Exchange, …).</summary>
    public string? Wish { get; set; }
    public decimal? DemandedAmount { get; set; }
    public decimal? DemandMultiple { get; set; }
    public List<string> Evidence { get; set; } = new();
    public List<string> Corrections { get; set; } = new();

    // The facts typed, read from here only (they are stored as names, and a wish no rule recognised as the words).
    [JsonIgnore] public Nlu.ProblemKind? ProblemKind => Enum.TryParse<Nlu.ProblemKind>(Problem, out var p) ? p : null;
    [JsonIgnore] public Nlu.WishKind? WishKind => Enum.TryParse<Nlu.WishKind>(Wish, out var w) ? w : null;
    /// <summary>The wish in the customer's words when it is no <see cref="Nlu.WishKind"/>.</summary>
    [JsonIgnore] public string? WishText => WishKind is null ? Wish : null;
}

public sealed record RemedyOffer(string Kind, decimal? Amount, string Basis, DateTimeOffset OfferedAt);

/// <param name="What">What happens, in the case's language.</param>
/// <param name="Owner">Who does it, in the case's language.</param>
/// <param name="Template">The <c>confirm.*</c> templates and amount <paramref name="What"/> and <paramref name="Owner"/> were
/// written from, so they are written again in the conversation's language when it changes (null: a step stored before, or
/// an agent's own step, which stays as written).</param>
public sealed record ActionStep(string What, string Owner, DateTimeOffset Deadline, ActionStepTemplate? Template = null);

/// <summary>The templates of one written step (<c>confirm.{Step}</c>, <c>confirm.{Owner}</c>) and the amount it quotes.</summary>
public sealed record ActionStepTemplate(string Step, string Owner, string? Amount = null);

/// <param name="Transition">The lifecycle transition recorded here; null for a note.</param>
public sealed record StatusChange(CaseStatus Status, DateTimeOffset At, string Actor, string? Note, CaseTransition? Transition = null);

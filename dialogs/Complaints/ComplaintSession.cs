using System.Text.Json.Serialization;
using ComplaintBot.Dialogs.Nlu;
using ComplaintBot.Dialogs.Sentiment;

namespace ComplaintBot.Dialogs.Complaints;

/// <summary>
/// What the flow knows about the complaint in this conversation; kept in conversation state so it survives
/// restarts and is shared by all step dialogs. One <see cref="IssueState"/> (and one case) per problem.
/// </summary>
public sealed class ComplaintSession
{
    public string? Locale { get; set; }
    public string? CustomerId { get; set; }
    public string? CustomerTier { get; set; }

    public string? OrderNumber { get; set; }
    public bool OrderSkipped { get; set; }
    public int UnknownOrderAttempts { get; set; }
    /// <summary>The last order number the shop did not know (shown in the re-ask hint).</summary>
    public string? LastUnknownOrder { get; set; }

    /// <summary>
    /// The order this conversation's customer proved to own, and how (null: none). The order's details are shown and
    /// used only for that order (<see cref="OrderVerified"/>); until then the bot talks about it in general terms.
    /// </summary>
    public OrderProof? Proof { get; set; }
    /// <summary>Wrong answers to the identity question in this conversation (kept across complaints: no fresh tries).</summary>
    public int ProofFailures { get; set; }
    /// <summary>The customer could not or would not prove it, or ran out of tries: not asked again for this order.</summary>
    public string? ProofDeclinedFor { get; set; }

    public List<IssueState> Issues { get; set; } = new();
    public int Current { get; set; }

    public decimal? DemandMultiple { get; set; }
    public string? DemandText { get; set; }
    public decimal? DemandAmount { get; set; }
    /// <summary>The last amount the customer mentioned (e.g. a price drop of 100 元), for partial refunds.</summary>
    public decimal? MentionedAmount { get; set; }

    public List<string> Evidence { get; set; } = new();
    public bool Escalated { get; set; }
    public bool LastTurnNotUnderstood { get; set; }
    public MoodState Mood { get; set; } = new();

    // The four below are derived from the facts above, so they are not stored (documents stored before 2026-12-08
    // have them; they are ignored when read).

    /// <summary>Whether the current order's details may be shown to and used for this customer.</summary>
    [JsonIgnore] public bool OrderVerified => OrderNumber is { } n && Proof?.OrderNumber == n;
    /// <summary>How the customer proved the current order, for the case record.</summary>
    [JsonIgnore] public Cases.CustomerVerification Verification => OrderVerified ? Proof!.By : Cases.CustomerVerification.None;

    [JsonIgnore] public IssueState? CurrentIssue => Current < Issues.Count ? Issues[Current] : null;
    [JsonIgnore] public IEnumerable<string> CaseNumbers => Issues.Select(i => i.CaseNumber).OfType<string>();
}

/// <summary>The customer proved they own <paramref name="OrderNumber"/>, by <paramref name="By"/>.</summary>
public sealed record OrderProof(string OrderNumber, Cases.CustomerVerification By)
{
    /// <summary>What a stored case says the customer proved (continuing it: a returning customer, a hand-back, a follow-up answer).</summary>
    public static OrderProof? Of(Cases.Case c)
        => c.OrderNumber is { } n && c.Verification != Cases.CustomerVerification.None ? new OrderProof(n, c.Verification) : null;
}

public sealed class IssueState
{
    public ProblemKind? Problem { get; set; }
    /// <summary>The customer's own words about this problem.</summary>
    public string? Description { get; set; }
    public string? Sku { get; set; }
    public string? ProductName { get; set; }
    /// <summary>An item the customer named that the shop doesn't list ("羽绒服"): never restated, only quoted in the question which product.</summary>
    public string? NamedProduct { get; set; }
    public WishKind? Wish { get; set; }
    /// <summary>A wish in the customer's words that no rule recognised (still counts as answered).</summary>
    public string? WishText { get; set; }
    public bool ProductAsked { get; set; }
    public string? CaseNumber { get; set; }

    /// <summary>The issue a stored case is about (continuing it: a returning customer, a hand-back, a follow-up answer).</summary>
    public static IssueState Of(Cases.Case c) => new()
    {
        CaseNumber = c.Number,
        Problem = c.Facts.ProblemKind,
        Description = c.Facts.Description,
        Sku = c.ProductSku,
        ProductName = c.ProductName,
        Wish = c.Facts.WishKind,
        WishText = c.Facts.WishText,
    };
}

using System.Text.Json.Serialization;
using ComplaintBot.Dialogs.Orders;

namespace ComplaintBot.Dialogs.Nlu;

[JsonConverter(typeof(JsonStringEnumConverter<ProblemKind>))]
public enum ProblemKind { Damaged, WrongItem, MissingItem, Late, Lost, QualityDefect, FalseAdvertising, RudeService, PriceDispute, RefundDelay, Other }

[JsonConverter(typeof(JsonStringEnumConverter<WishKind>))]
public enum WishKind { Refund, Exchange, Reship, PartialRefund, Compensation, Apology, Explanation }

public enum Intent { None, Human, Cancel, Help, StartOver, Greeting, Thanks }

public enum Answer { None, Yes, No }

public sealed record Money(decimal Amount, string Currency);

/// <summary>A demand beyond what any policy allows, e.g. 十倍赔偿 / "10x compensation".</summary>
public sealed record ExcessiveDemand(string Text, decimal Multiple);

/// <summary>Everything one customer message told us. Lists keep the order things were mentioned in.</summary>
public sealed record Extraction
{
    public string Text { get; init; } = "";
    public IReadOnlyList<string> OrderNumbers { get; init; } = [];
    public IReadOnlyList<Money> Amounts { get; init; } = [];
    public IReadOnlyList<DateOnly> Dates { get; init; } = [];
    public IReadOnlyList<string> Phones { get; init; } = [];
    public IReadOnlyList<string> Emails { get; init; } = [];
    public IReadOnlyList<Product> Products { get; init; } = [];
    /// <summary>An item the customer named that is no product of the shop ("羽绒服", "down jacket"); null when none.</summary>
    public string? UnknownProduct { get; init; }
    /// <summary>Several problems in one message are split here, in the order mentioned.</summary>
    public IReadOnlyList<ProblemKind> Problems { get; init; } = [];
    public WishKind? Wish { get; init; }
    public ExcessiveDemand? Excessive { get; init; }
    public Intent Intent { get; init; }
    public Answer Answer { get; init; }
    /// <summary>A model read the message as correcting earlier facts without a "no" ("it's the kettle, not the mug").</summary>
    public bool CorrectsEarlierFacts { get; init; }
    /// <summary>"不是，是少发了一件": a no (or a correction a model read) followed by new facts.</summary>
    public bool IsCorrection => (Answer == Answer.No || CorrectsEarlierFacts) && (Problems.Count > 0 || Wish is not null || Products.Count > 0 || OrderNumbers.Count > 0);
    /// <summary>The satisfaction score (and comment) when the message gives one; see <see cref="RatingParser"/>.</summary>
    public Rating? Rating { get; init; }
    /// <summary>1–5 when the message is a satisfaction score.</summary>
    public int? Score => Rating?.Score;

    /// <summary>The message says nothing to act on ("asdfgh", "。。。", "???"): no intent, no facts, no real word.</summary>
    public bool IsNoise { get; init; }
    /// <summary>The message is only a yes or a no: an answer to a yes/no question, never a problem or a wish.</summary>
    public bool IsBareAnswer { get; init; }

    public bool HasComplaintFacts => Problems.Count > 0 || Wish is not null || OrderNumbers.Count > 0 || Products.Count > 0;
}

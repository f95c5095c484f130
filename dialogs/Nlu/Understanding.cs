using ComplaintBot.Dialogs.Cases;

namespace ComplaintBot.Dialogs.Nlu;

/// <summary>Earlier facts a message can correct ("no, it was the kettle, not the mug").</summary>
public enum CorrectedFact { Problem, Product, Wish, Order }

/// <summary>
/// Everything one message told the bot, whichever <see cref="INluProvider"/> read it: the facts
/// (<see cref="Extraction"/>: order numbers, problems, product, wish, amounts, yes/no, rating…) and the intent and
/// language (<see cref="IntentResult"/>), plus the complaint category and the earlier facts the message corrects.
/// The dialog reads only this, once per turn (<c>TurnUnderstanding.UnderstandTurnAsync</c>).
/// </summary>
public sealed record Understanding(Extraction Extraction, IntentResult Intent)
{
    /// <summary>The complaint's category when the message is a complaint; null otherwise.</summary>
    public ComplaintCategory? Category { get; init; }
    public IReadOnlyList<CorrectedFact> Corrections { get; init; } = [];
    /// <summary>The provider that produced this result: "rules" also when the model failed and the rules stood in.</summary>
    public string Provider { get; init; } = RulesNluProvider.ProviderName;
    /// <summary>Why the model's answer was not used for this turn (timeout, invalid JSON, refused…); null when it was.</summary>
    public string? FallbackReason { get; init; }
    /// <summary>Facts the model gave that failed a check (e.g. a product on no order in context); the rules' value was kept.</summary>
    public IReadOnlyList<string> Rejected { get; init; } = [];
}

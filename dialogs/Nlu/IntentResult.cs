using ComplaintBot.Dialogs.Text;

namespace ComplaintBot.Dialogs.Nlu;

/// <summary>What a customer's message is, before any case is opened. Only a complaint opens one.</summary>
public enum MessageIntent
{
    Complaint,
    /// <summary>A question with no problem or order in it ("do you sell gift cards?"): answered from the FAQ, or an agent.</summary>
    Question,
    Greeting,
    Thanks,
    /// <summary>"人工", "talk to a person" with no complaint in it.</summary>
    HumanRequest,
    /// <summary>No complaint ("我不是要投诉") and nothing else the bot handles.</summary>
    Unrelated,
    /// <summary>Only emoji: read as <see cref="IntentResult.Mood"/>.</summary>
    Mood,
}

public enum Mood { Neutral, Positive, Negative }

/// <summary>
/// The understanding of one message that decides how the bot answers it: the intent, the language it is written in,
/// a language the customer asks for, the mood of an emoji-only message and the FAQ topic a question is about. The rule
/// classifier fills it today; a model-based classifier fills the same type.
/// </summary>
public sealed record IntentResult
{
    public MessageIntent Intent { get; init; }
    /// <summary><see cref="LocaleResolver.Chinese"/> or <see cref="LocaleResolver.English"/>; null when the text shows none (an order number, an emoji).</summary>
    public string? Language { get; init; }
    /// <summary>True when there is enough text to change a language already in use ("ok" or "iPhone" alone is not).</summary>
    public bool LanguageIsClear { get; init; }
    /// <summary>The locale the customer asked for ("in English please", "说中文"); null when none.</summary>
    public string? LanguageRequest { get; init; }
    public Mood Mood { get; init; }
    /// <summary>The FAQ entry (<c>faq.{topic}</c> in prompts) a question is about; null when none matched.</summary>
    public string? FaqTopic { get; init; }
}

/// <summary>The seam for reading a message's intent: rules (<see cref="RuleIntentClassifier"/>) or a model.</summary>
public interface IIntentClassifier
{
    ValueTask<IntentResult> ClassifyAsync(string? text, Extraction extraction, CancellationToken ct = default);
}

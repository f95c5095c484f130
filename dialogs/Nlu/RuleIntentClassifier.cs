using ComplaintBot.Dialogs.Text;

namespace ComplaintBot.Dialogs.Nlu;

/// <summary>
/// Reads a message's intent with the keyword rules (<c>Nlu/keywords.yaml</c>) and the FAQ phrases. In order: emoji only
/// → its mood; "人工" with no complaint in it (no facts, no "投诉") → a person; greeting / thanks; "我不是要投诉" → unrelated; a question
/// with no problem or order number in it → question (with its FAQ topic when one matches); anything else is a
/// complaint, as a customer who writes to a complaints assistant most often means one.
/// </summary>
public sealed class RuleIntentClassifier(FaqBook faq, KeywordRules? rules = null) : IIntentClassifier
{
    private readonly KeywordRules _rules = rules ?? KeywordRules.Default;

    public ValueTask<IntentResult> ClassifyAsync(string? text, Extraction x, CancellationToken ct = default)
        => ValueTask.FromResult(Classify(text ?? "", x));

    public IntentResult Classify(string text, Extraction x)
    {
        var (language, clear) = LocaleResolver.Read(text);
        var result = new IntentResult { Language = language, LanguageIsClear = clear, LanguageRequest = _rules.LanguageRequest(text) };
        var complaintFacts = x.Problems.Count > 0 || x.OrderNumbers.Count > 0 || x.Excessive is not null;

        if (_rules.EmojiMood(text) is { } mood)
            return result with
            {
                Intent = MessageIntent.Mood,
                Mood = mood switch { "negative" => Mood.Negative, "positive" => Mood.Positive, _ => Mood.Neutral },
            };
        switch (x.Intent)
        {
            // A bare request for a person: no case. One that says it is a complaint ("我要投诉…转人工") opens one first.
            case Intent.Human when !x.HasComplaintFacts && !_rules.SaysComplaint(text): return result with { Intent = MessageIntent.HumanRequest };
            case Intent.Greeting: return result with { Intent = MessageIntent.Greeting };
            case Intent.Thanks: return result with { Intent = MessageIntent.Thanks };
        }
        if (_rules.SaysNoComplaint(text) && !complaintFacts) return result with { Intent = MessageIntent.Unrelated };
        // "可以退货吗" names a wish but asks about the policy; a problem or an order number makes it a complaint.
        if (!complaintFacts && !x.IsNoise && _rules.LooksLikeQuestion(text) && !_rules.SaysComplaint(text))
            return result with { Intent = MessageIntent.Question, FaqTopic = faq.Topic(text) };
        return result with { Intent = MessageIntent.Complaint };
    }
}

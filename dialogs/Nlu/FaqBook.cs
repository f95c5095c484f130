using System.Text.RegularExpressions;
using ComplaintBot.Dialogs.Text;

namespace ComplaintBot.Dialogs.Nlu;

/// <summary>
/// The shop's answers to common questions: every <c>prompts/{locale}/faq.yaml</c> document with <c>match</c> phrases.
/// A question is matched against the phrases of every language (an English question on the Chinese page is still
/// recognised); the answer is then rendered in the customer's language as <c>faq.{topic}</c>.
/// </summary>
public sealed class FaqBook
{
    public const string Family = "faq";
    private readonly List<(string Topic, Regex Pattern, int Length)> _phrases;

    public FaqBook(PromptLibrary prompts)
        => _phrases = prompts.All.Where(t => t.Family == Family)
            .SelectMany(t => t.Match.Where(m => !string.IsNullOrWhiteSpace(m)).Select(m => (t.Name, KeywordRules.Pattern(m.Trim()), m.Length)))
            .OrderByDescending(p => p.Length).ToList();

    /// <summary>The topic whose longest phrase occurs in the text; null when none does.</summary>
    public string? Topic(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        foreach (var (topic, pattern, _) in _phrases)
            if (pattern.IsMatch(text)) return topic;
        return null;
    }

    public IEnumerable<string> Topics => _phrases.Select(p => p.Topic).Distinct();
}

using System.Text.RegularExpressions;
using ComplaintBot.Dialogs.Cases;

namespace ComplaintBot.Dialogs.FollowUps;

/// <summary>
/// Which cases an answer to a combined follow-up is about. A customer who names some of them (case number, order
/// number, SKU, or a word of the product name that only one of them has) means those; one who names none means all of
/// them, as "all good" or "still not received" under a message listing several cases reads.
/// </summary>
/// <param name="answerPhrases">The configured answer phrases: their words ("good", "received", "收到") are the answer
/// itself and never name a product, even when a product name contains them.</param>
public sealed class FollowUpAnswerTargets(IEnumerable<string> answerPhrases)
{
    private readonly HashSet<string> _answerWords = answerPhrases.SelectMany(Tokens).ToHashSet();

    public IReadOnlyList<Case> Select(IReadOnlyList<Case> cases, string text)
    {
        if (cases.Count < 2) return cases;
        var tokens = cases.ToDictionary(c => c.Number, c => Tokens(c.ProductName ?? "").Where(t => !_answerWords.Contains(t)).ToList());
        // A word two of the products share ("mug" in "blue mug" and "red mug") does not tell them apart.
        var shared = tokens.Values.SelectMany(t => t.Distinct()).GroupBy(t => t).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        var named = cases.Where(c =>
                Identifiers(c).Any(id => text.Contains(id, StringComparison.OrdinalIgnoreCase))
                || tokens[c.Number].Where(t => !shared.Contains(t)).Any(t => Mentions(text, t)))
            .ToList();
        return named.Count > 0 ? named : cases;
    }

    private static IEnumerable<string> Identifiers(Case c)
        => new[] { c.Number, c.OrderNumber, c.ProductSku }.Where(id => !string.IsNullOrWhiteSpace(id) && id!.Length >= 4)!;

    /// <summary>
    /// Latin words of three letters or more ("cotton T-shirt" → cotton, shirt), and in a word with Chinese characters
    /// every two-character run with one of them ("纯棉T恤" → 纯棉, 棉T, T恤).
    /// </summary>
    private static List<string> Tokens(string name)
    {
        var tokens = new List<string>();
        foreach (Match word in Regex.Matches(name, @"[\p{L}\p{N}]+"))
        {
            var w = word.Value.ToLowerInvariant();
            if (!w.Any(IsCjk)) { if (w.Length >= 3) tokens.Add(w); continue; }
            for (var i = 0; i + 2 <= w.Length; i++)
                if (IsCjk(w[i]) || IsCjk(w[i + 1])) tokens.Add(w.Substring(i, 2));
        }
        return tokens;
    }

    private static bool IsCjk(char ch) => ch >= 0x2E80;

    // Latin words end at anything but a Latin letter or digit, so "和kettle" in Chinese text names the kettle.
    private static bool Mentions(string text, string token)
        => !token.Any(IsCjk)
            ? Regex.IsMatch(text, $@"(?<![A-Za-z0-9]){Regex.Escape(token)}(s|es)?(?![A-Za-z0-9])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)
            : text.Contains(token, StringComparison.OrdinalIgnoreCase);
}

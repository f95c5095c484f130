using ComplaintBot.Dialogs.Schema;

namespace ComplaintBot.Dialogs.Runtime;

/// <summary>One option of a choice prompt. <see cref="Value"/> is what the bot gets back; the button shows <see cref="Action"/>'s title or the value.</summary>
public sealed class Choice
{
    public Choice() { }
    public Choice(string value, params string[] synonyms)
    {
        Value = value;
        Synonyms = synonyms.Length > 0 ? synonyms.ToList() : null;
    }

    public string Value { get; set; } = "";
    public CardAction? Action { get; set; }
    public List<string>? Synonyms { get; set; }

    public static List<Choice> FromValues(params string[] values) => values.Select(v => new Choice(v)).ToList();

    public Choice Clone() => new() { Value = Value, Action = Action?.Clone(), Synonyms = Synonyms?.ToList() };
}

/// <param name="Index">0-based position in the list of choices.</param>
/// <param name="Score">1 for an exact title/synonym or a number, lower for a substring match.</param>
/// <param name="Synonym">The term that matched.</param>
public sealed record FoundChoice(string Value, int Index, double Score, string? Synonym = null);

/// <summary>
/// Matches a reply against choices: exact title, value or synonym; the option's number ("2", "第二个", "二",
/// "the second", "option 2"); or a title/synonym contained in the reply ("我想要退款吧" → "退款").
/// An ambiguous reply (two choices match independently) is not recognized.
/// </summary>
public static class ChoiceRecognizer
{
    private static readonly string[] EnglishOrdinals = { "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth" };
    private static readonly string[] IndexPrefixes = { "第", "option", "number", "choice", "no.", "no", "#", "the" };
    private static readonly string[] IndexSuffixes = { "个", "项", "种", "条", "号", "one", "option", "choice" };

    public static FoundChoice? Recognize(string? text, IReadOnlyList<Choice> choices)
    {
        var s = TextNormalizer.Normalize(text);
        if (s.Length == 0 || choices.Count == 0) return null;

        // 1. Exact title, value or synonym.
        for (var i = 0; i < choices.Count; i++)
            foreach (var term in Terms(choices[i]))
                if (TextNormalizer.Normalize(term) == s) return new FoundChoice(choices[i].Value, i, 1.0, term);

        // 2. The option's number.
        if (TryIndex(s, out var index) && index >= 1 && index <= choices.Count)
            return new FoundChoice(choices[index - 1].Value, index - 1, 1.0, s);

        // 3. A title or synonym inside the reply (or the reply inside a long title).
        var best = new List<(int Index, int Length, string Term)>();
        for (var i = 0; i < choices.Count; i++)
            foreach (var term in Terms(choices[i]))
            {
                var t = TextNormalizer.Normalize(term);
                if (t.Length == 0) continue;
                var contained = ContainsTerm(s, t) ? t.Length : (s.Length >= 2 && ContainsTerm(t, s) ? s.Length : 0);
                if (contained > 0) best.Add((i, contained, term));
            }
        if (best.Count == 0) return null;
        // A match inside a longer match of another choice is not a separate answer ("退款" inside "退款并赠送优惠券");
        // two independent matches ("refund or replacement") are ambiguous.
        var independent = best.Where(b => !best.Any(o => o.Index != b.Index && o.Length > b.Length
                && TextNormalizer.Normalize(o.Term).Contains(TextNormalizer.Normalize(b.Term), StringComparison.Ordinal)))
            .ToList();
        if (independent.Select(b => b.Index).Distinct().Count() != 1) return null;
        var win = independent.OrderByDescending(b => b.Length).First();
        return new FoundChoice(choices[win.Index].Value, win.Index, 0.8, win.Term);
    }

    private static IEnumerable<string> Terms(Choice c)
    {
        yield return c.Value;
        if (c.Action?.Title is { } title) yield return title;
        if (c.Synonyms is not null) foreach (var s in c.Synonyms) yield return s;
    }

    private static bool TryIndex(string s, out int index)
    {
        index = 0;
        var ordinal = Array.IndexOf(EnglishOrdinals, s.StartsWith("the ") ? s[4..] : s);
        if (ordinal >= 0)
        {
            index = ordinal + 1;
            return true;
        }
        var core = s;
        foreach (var p in IndexPrefixes)
            if (core.StartsWith(p, StringComparison.Ordinal) && core.Length > p.Length) { core = core[p.Length..].Trim(); break; }
        foreach (var x in IndexSuffixes)
            if (core.EndsWith(x, StringComparison.Ordinal) && core.Length > x.Length) { core = core[..^x.Length].Trim(); break; }
        foreach (var x in new[] { "st", "nd", "rd", "th" })
            if (core.Length > x.Length && char.IsDigit(core[0]) && core.EndsWith(x, StringComparison.Ordinal)) { core = core[..^x.Length]; break; }
        if (int.TryParse(core, out index)) return true;
        if (NumberRecognizer.TryParseChinese(core, out var zh) && zh is > 0 and < 100)
        {
            index = (int)zh;
            return true;
        }
        return false;
    }

    /// <summary>Substring test; Latin terms must sit on word boundaries ("no" is not found in "nothing").</summary>
    private static bool ContainsTerm(string haystack, string term)
    {
        var from = 0;
        while ((from = haystack.IndexOf(term, from, StringComparison.Ordinal)) >= 0)
        {
            var beforeOk = from == 0 || !IsLatinWordChar(haystack[from - 1]) || !IsLatinWordChar(term[0]);
            var end = from + term.Length;
            var afterOk = end == haystack.Length || !IsLatinWordChar(haystack[end]) || !IsLatinWordChar(term[^1]);
            if (beforeOk && afterOk) return true;
            from++;
        }
        return false;
    }

    private static bool IsLatinWordChar(char c) => c < 0x2E80 && char.IsLetterOrDigit(c);
}

using System.Text.RegularExpressions;

namespace ComplaintBot.Dialogs.Nlu;

/// <summary>A 1–5 satisfaction score and what the customer said with it ("4分吧，处理速度还可以" → 4, "处理速度还可以").</summary>
public sealed record Rating(int Score, string? Comment);

/// <summary>
/// Reads the answer to a rating question: a score in digits, Chinese numerals, English words or stars, alone or inside
/// a sentence. A score leads the answer ("3, it took way too long", "4分吧，…") or carries a unit anywhere ("…，给4分",
/// "five stars"); what is left is the comment. A bare leading number followed by a word ("2 items are missing") is no
/// score, nor are two different scores, nor 0 or 6–9.
/// </summary>
public static partial class RatingParser
{
    private const string Number = @"(?<n>(?<![\d.])[1-5](?!\d)(?!\.\d)|[一二三四五](?![十百千万])|\b(?:one|two|three|four|five)\b)";
    private const string Unit = @"(?<unit>\s*(?:分|颗星|星|stars?\b|star\b|/\s*5\b|out\s+of\s+5\b))";

    // The score first: with a unit, or followed by the end, a separator or a Chinese particle.
    [GeneratedRegex(@"^\s*(?:(?:我)?(?:给|打)(?:你们|您|个)?\s*|i'?d\s+(?:give|rate)\s+(?:it|you|this)?\s*(?:a\s+)?)?" + Number + Unit + @"?(?<tail>.*)$",
        RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Leading();

    [GeneratedRegex(Number + Unit, RegexOptions.IgnoreCase)]
    private static partial Regex WithUnit();

    [GeneratedRegex(@"^[\s,，.。!！;；:：\-–—~～、]*(?:吧|啊|呀|哈|吧。)?[\s,，.。!！;；:：\-–—~～、]*")]
    private static partial Regex LeadingSeparators();

    [GeneratedRegex(@"^\s*(?:[,，.。!！;；:：\-–—~～、]|吧|啊|呀|哈|$)")]
    private static partial Regex SeparatorNext();

    private static readonly string[] Words = ["one", "two", "three", "four", "five"];

    public static Rating? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var t = text.Trim();
        var stars = t.Count(c => c is '★' or '⭐');
        if (stars is >= 1 and <= 5 && t.All(c => c is '★' or '⭐' or '☆' || char.IsWhiteSpace(c) || c == '\uFE0F')) return new Rating(stars, null);

        var lead = Leading().Match(t);
        if (lead.Success && (lead.Groups["unit"].Success || SeparatorNext().IsMatch(lead.Groups["tail"].Value)))
        {
            var tail = lead.Groups["tail"].Value;
            // "4 or 5", "3分还是4分": two different scores say no one score.
            if (WithUnit().Matches(tail).Select(m => Value(m.Groups["n"].Value)).Any(v => v != Value(lead.Groups["n"].Value))) return null;
            if (Regex.IsMatch(tail, @"^\s*(?:or|还是|或)\s*[1-5一二三四五]")) return null;
            return new Rating(Value(lead.Groups["n"].Value), Comment(tail));
        }
        var found = WithUnit().Matches(t).ToList();
        if (found.Count == 0 || found.Select(m => Value(m.Groups["n"].Value)).Distinct().Count() != 1) return null;
        var m = found[0];
        return new Rating(Value(m.Groups["n"].Value), Comment(t.Remove(m.Index, m.Length)));
    }

    private static int Value(string n)
    {
        if (int.TryParse(n, out var d)) return d;
        var w = Array.IndexOf(Words, n.ToLowerInvariant());
        return w >= 0 ? w + 1 : "一二三四五".IndexOf(n[0]) + 1;
    }

    private static string? Comment(string rest)
    {
        var c = LeadingSeparators().Replace(rest, "").Trim();
        // "…，给4分" leaves "…，给": the verb went with the score.
        c = Regex.Replace(c, @"(?:我)?(?:给|打)(?:你们|您|个)?\s*$", "").Trim().TrimEnd(',', '，', ';', '；', ':', '：', '-', '–', '—', '、').Trim();
        return c.Length > 0 && c.Any(char.IsLetterOrDigit) ? c : null;
    }
}

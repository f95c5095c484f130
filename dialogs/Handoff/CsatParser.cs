namespace ComplaintBot.Dialogs.Handoff;

/// <summary>Reads a 1–5 satisfaction score from a reply: "5", "4分", "五", "★★★", "4/5", "five".</summary>
public static class CsatParser
{
    private static readonly string ChineseDigits = "一二三四五";
    private static readonly string[] EnglishNumbers = ["one", "two", "three", "four", "five"];

    public static int? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var t = text.Trim();
        // "five", "Four stars": the English words the bot's own rating question accepts too.
        var words = System.Text.RegularExpressions.Regex.Match(t, @"^(one|two|three|four|five)(?:\s+stars?)?\s*[.!]?$", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        if (words.Success) return Array.IndexOf(EnglishNumbers, words.Groups[1].Value.ToLowerInvariant()) + 1;
        var stars = t.Count(c => c is '★' or '⭐');
        if (stars is >= 1 and <= 5 && t.All(c => c is '★' or '⭐' or '☆' or ' ' || char.IsWhiteSpace(c) || c == '\uFE0F')) return stars;
        int? found = null;
        foreach (var c in t)
        {
            int? v = c is >= '1' and <= '5' ? c - '0' : ChineseDigits.IndexOf(c) is var i and >= 0 ? i + 1 : null;
            if (c is >= '0' and <= '9' && v is null) return null; // 0, 6-9: not a score
            if (v is null) continue;
            if (found is null) found = v;
            else if (t.Contains('/') || t.Contains("满分")) break; // "4/5", "4分 满分5"
            else return null; // two numbers: ambiguous
        }
        // only short answers count, so a new complaint that mentions a number is not taken as a score
        return t.Length <= 12 ? found : null;
    }
}

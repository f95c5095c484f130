namespace ComplaintBot.Dialogs.Runtime;

/// <summary>
/// Yes/no in Chinese and English. The answer is read from the first clause: "是的，不过包装也坏了" is a yes,
/// "不对，是换货" a no. A clause that starts like a yes but carries a negation ("好像不是") is left unrecognized
/// so the prompt asks again rather than guessing.
/// </summary>
public static class ConfirmRecognizer
{
    // Recognizer data, not customer-facing text. Longest match wins, so "没错" beats "没" and "not really" beats "no".
    private static readonly string[] Yes =
    {
        "是", "是的", "是啊", "对", "对的", "对啊", "没错", "没问题", "好", "好的", "好啊", "可以", "行", "嗯", "嗯嗯", "确认", "正确", "同意", "当然",
        "yes", "yeah", "yea", "yep", "yup", "y", "correct", "right", "that's right", "thats right", "sure", "ok", "okay",
        "of course", "absolutely", "exactly", "true", "no problem", "confirm", "confirmed", "agreed", "fine",
    };

    private static readonly string[] No =
    {
        "不", "不是", "不对", "不行", "不要", "不用", "不可以", "不正确", "否", "没有", "错了", "不同意",
        "no", "nope", "nah", "n", "wrong", "not really", "not", "incorrect", "false", "not correct", "that's wrong",
        "i don't think so", "don't think so", "negative",
    };

    /// <summary>Phrases that start like an answer but are not one ("对不起" is "sorry").</summary>
    private static readonly string[] Neither = { "对不起", "好像", "no idea", "not sure", "不知道", "不确定" };

    private static readonly string[] Negations = { "不", "没有", "否", "别", "not", "n't" };

    private static readonly char[] TrailingParticles = { '啊', '呀', '吧', '呢', '啦', '哦', '嘛', '哈', '喔', '噢' };

    /// <returns>true for yes, false for no, null when the text is neither.</returns>
    public static bool? Recognize(string? text)
    {
        var s = TextNormalizer.Normalize(text);
        if (s.Length == 0) return null;

        var clause = FirstClause(s);
        var stripped = clause.TrimEnd(TrailingParticles);
        foreach (var candidate in new[] { clause, stripped })
        {
            if (Yes.Contains(candidate)) return true;
            if (No.Contains(candidate)) return false;
        }

        if (Neither.Any(n => StartsWithTerm(clause, n))) return null;
        var yes = LongestPrefix(clause, Yes);
        var no = LongestPrefix(clause, No);
        if (yes == 0 && no == 0) return null;
        if (no >= yes) return false;
        // Starts like a yes: only trust it when nothing after the opening word negates it.
        var rest = clause[yes..];
        return Negations.Any(rest.Contains) ? null : true;
    }

    private static string FirstClause(string s)
    {
        // Spaces separate English words, so only punctuation ends an English clause; in Chinese a space does too.
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '\'' ) continue; // that's, don't
            if (char.IsPunctuation(c) || char.IsSymbol(c)) return s[..i];
            if (char.IsWhiteSpace(c) && i > 0 && TextNormalizer.IsCjk(s[i - 1])) return s[..i];
        }
        return s;
    }

    private static int LongestPrefix(string clause, IEnumerable<string> terms)
        => terms.Where(t => StartsWithTerm(clause, t)).Select(t => t.Length).DefaultIfEmpty(0).Max();

    /// <summary>Prefix match; for Latin terms the next character must end the word ("no" is not a prefix of "nothing").</summary>
    private static bool StartsWithTerm(string clause, string term)
    {
        if (!clause.StartsWith(term, StringComparison.Ordinal)) return false;
        if (clause.Length == term.Length) return true;
        var last = term[^1];
        return TextNormalizer.IsCjk(last) || !char.IsLetterOrDigit(clause[term.Length]);
    }
}

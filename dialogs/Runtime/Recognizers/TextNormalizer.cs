using System.Globalization;
using System.Text;

namespace ComplaintBot.Dialogs.Runtime;

/// <summary>Shared clean-up for the recognizers: full-width to half-width, lower case, outer punctuation off.</summary>
public static class TextNormalizer
{
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        // NFKC folds full-width digits and letters (１２３, ＡＢＣ) and compatibility forms into plain ones.
        var s = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant().Trim();
        return TrimPunctuation(s);
    }

    public static string TrimPunctuation(string s)
    {
        int start = 0, end = s.Length;
        while (start < end && IsSeparator(s[start])) start++;
        while (end > start && IsSeparator(s[end - 1])) end--;
        return s[start..end];
    }

    /// <summary>Whitespace and punctuation of both scripts (。，！？、～… as well as ASCII).</summary>
    public static bool IsSeparator(char c)
        => char.IsWhiteSpace(c) || char.IsPunctuation(c) || char.IsSymbol(c) || c is '~' or '～';

    public static bool IsCjk(char c)
        => CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.OtherLetter;
}

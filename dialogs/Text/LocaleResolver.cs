namespace ComplaintBot.Dialogs.Text;

/// <summary>
/// zh-CN or en-US. The customer's own words decide (<see cref="Read"/>, <see cref="Choose"/>); the storefront page's
/// locale is only the default for a conversation whose messages show no language yet.
/// </summary>
public static class LocaleResolver
{
    public const string Chinese = "zh-CN";
    public const string English = "en-US";

    public static string Resolve(string? activityLocale, string? text, string fallback = Chinese)
    {
        if (!string.IsNullOrWhiteSpace(activityLocale))
        {
            if (activityLocale.StartsWith("zh", StringComparison.OrdinalIgnoreCase)) return Chinese;
            if (activityLocale.StartsWith("en", StringComparison.OrdinalIgnoreCase)) return English;
        }
        return Detect(text) ?? fallback;
    }

    /// <summary>Any CJK ideograph → Chinese; Latin letters without CJK → English; otherwise unknown.</summary>
    public static string? Detect(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var latin = false;
        foreach (var ch in text)
        {
            if (IsCjk(ch)) return Chinese;
            if (ch is >= 'a' and <= 'z' or >= 'A' and <= 'Z') latin = true;
        }
        return latin ? English : null;
    }

    /// <summary>
    /// The language a message is written in and whether it says so clearly: two or more Chinese characters, or two or
    /// more Latin words without any Chinese (a token with digits, like an order number, is no word). One character or
    /// one word ("ok", "好", "iPhone") shows a language but too little to change the one in use.
    /// </summary>
    public static (string? Locale, bool Clear) Read(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return (null, false);
        var cjk = text.Count(IsCjk);
        if (cjk > 0) return (Chinese, cjk >= 2);
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(t => t.Trim(',', '.', '!', '?', ';', ':', '"', '\'', '(', ')'))
            .Count(t => t.Length > 0 && t.Any(char.IsAsciiLetter) && !t.Any(char.IsDigit));
        return words switch { 0 => (null, false), 1 => (English, false), _ => (English, true) };
    }

    /// <summary>
    /// The language to answer this message in: the one asked for; else the message's own when it is clear, or when no
    /// language is in use yet; else the one in use; else the page's; else <paramref name="fallback"/>.
    /// </summary>
    public static string Choose(string? current, string? pageLocale, string? asked, string? written, bool clear, string fallback = Chinese)
    {
        if (asked is not null) return asked;
        if (written is not null && (clear || current is null)) return written;
        return current ?? Supported(pageLocale) ?? fallback;
    }

    /// <summary>zh-CN / en-US for a locale naming one of the two languages; null otherwise.</summary>
    public static string? Supported(string? locale)
        => string.IsNullOrWhiteSpace(locale) ? null
            : locale.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? Chinese
            : locale.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? English : null;

    public static bool IsCjk(char ch) => ch is >= '\u4e00' and <= '\u9fff' or >= '\u3400' and <= '\u4dbf' or >= '\uf900' and <= '\ufaff';
}

namespace ComplaintBot.Dialogs.Text;

/// <summary>zh-CN or en-US: from the activity's locale when it names a supported language, else from the text.</summary>
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

    public static bool IsCjk(char ch) => ch is >= '\u4e00' and <= '\u9fff' or >= '\u3400' and <= '\u4dbf' or >= '\uf900' and <= '\ufaff';
}

using System.Text.RegularExpressions;

namespace ComplaintBot.Dialogs.Text;

/// <summary>Contact data is masked wherever it is logged or exported: 138****5678, j***@example.com.</summary>
public static partial class Masking
{
    [GeneratedRegex(@"(?<![\d])(\+?86[-\s]?)?(1[3-9]\d)[-\s]?(\d{4})[-\s]?(\d{4})(?![\d])")]
    private static partial Regex CnMobile();

    [GeneratedRegex(@"(?<![\w.+-])([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})")]
    private static partial Regex Email();

    [GeneratedRegex(@"(?<![\d])(\+?1[-\s.]?)?\(?(\d{3})\)?[-\s.]?(\d{3})[-\s.]?(\d{4})(?![\d])")]
    private static partial Regex UsPhone();

    /// <summary>Keeps the first 3 and last 4 digits: 13812345678 → 138****5678.</summary>
    public static string MaskPhone(string? phone)
    {
        if (string.IsNullOrEmpty(phone)) return "";
        var digits = new string(phone.Where(char.IsDigit).ToArray());
        if (digits.Length < 8) return new string('*', digits.Length);
        return digits[..3] + new string('*', digits.Length - 7) + digits[^4..];
    }

    public static string MaskEmail(string? email)
    {
        if (string.IsNullOrEmpty(email)) return "";
        var at = email.IndexOf('@');
        return at <= 0 ? "***" : email[0] + "***" + email[at..];
    }

    /// <summary>Masks every phone number and e-mail address inside free text.</summary>
    public static string MaskContacts(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        var s = Email().Replace(text, m => m.Groups[1].Value + "***@" + m.Groups[2].Value);
        s = CnMobile().Replace(s, m => m.Groups[1].Value + m.Groups[2].Value + "****" + m.Groups[4].Value);
        s = UsPhone().Replace(s, m => m.Groups[1].Value + m.Groups[2].Value + "-***-" + m.Groups[4].Value);
        return s;
    }
}

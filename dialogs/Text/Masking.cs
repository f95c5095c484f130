using System.Text.RegularExpressions;

namespace ComplaintBot.Dialogs.Text;

/// <summary>
/// Contact data is masked wherever it is logged or exported: 138****5678, j***@example.com, and postal addresses down to
/// the district (北京市朝阳区****, *** for a street address in English).
/// </summary>
public static partial class Masking
{
    [GeneratedRegex(@"(?<![\d])(\+?86[-\s]?)?(1[3-9]\d)[-\s]?(\d{4})[-\s]?(\d{4})(?![\d])")]
    private static partial Regex CnMobile();

    [GeneratedRegex(@"(?<![\w.+-])([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})")]
    private static partial Regex Email();

    [GeneratedRegex(@"(?<![\d])(\+?1[-\s.]?)?\(?(\d{3})\)?[-\s.]?(\d{3})[-\s.]?(\d{4})(?![\d])")]
    private static partial Regex UsPhone();

    // A street-level part (路/街… + number 号, or 小区/花园… + number 号楼/栋) with what precedes it on the same run of
    // text, and the unit details after it. The part up to the last 省/市/区/县 is kept, the rest masked.
    [GeneratedRegex(@"[\p{IsCJKUnifiedIdeographs}0-9A-Za-z\-]{0,30}?(?:(?:路|街|大道|巷|弄|胡同)\s*[0-9０-９一二三四五六七八九十百零〇\-]+\s*号|(?:小区|花园|公寓|大厦|苑)\s*[0-9０-９一二三四五六七八九十百零〇\-]+\s*(?:号楼|栋|幢|座))[0-9０-９A-Za-z一二三四五六七八九十百零〇\-#号楼栋幢座单元层室]*")]
    private static partial Regex CnAddress();

    [GeneratedRegex(@"(?<!\w)\d{1,5}[A-Za-z]?\s+(?:[A-Z][A-Za-z'.-]*\s+){1,4}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|Court|Ct|Place|Pl|Terrace|Close|Crescent)\b\.?(?:,?\s*(?:Apt|Apartment|Unit|Suite|Flat|#)\.?\s*[\w-]+)?")]
    private static partial Regex EnAddress();

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
        return MaskAddresses(s);
    }

    /// <summary>Masks postal addresses inside free text below the district: 北京市朝阳区建国路88号3栋201室 → 北京市朝阳区****.</summary>
    public static string MaskAddresses(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        var s = CnAddress().Replace(text, m => m.Value[..KeptAdministrativePart(m.Value)] + "****");
        return EnAddress().Replace(s, "***");
    }

    /// <summary>Length of the leading part up to the last province/city/district/county (小区 is not a district).</summary>
    private static int KeptAdministrativePart(string address)
    {
        for (var i = address.Length - 1; i > 0; i--)
            if (address[i] is '省' or '市' or '区' or '县' && !(address[i] == '区' && address[i - 1] == '小')) return i + 1;
        return 0;
    }
}

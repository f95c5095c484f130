using System.Globalization;
using System.Text.RegularExpressions;

namespace ComplaintBot.Dialogs.Runtime;

/// <summary>
/// Finds the first number in a message: digits ("3", "1,200", "4.5", full-width "３"), Chinese numerals
/// ("三", "两", "十二", "一百零五", "两千三百", "3万") and English number words ("three", "twenty-one", "a hundred").
/// </summary>
public static partial class NumberRecognizer
{
    public static bool TryRecognize(string? text, out decimal value)
    {
        value = 0;
        var s = TextNormalizer.Normalize(text);
        if (s.Length == 0) return false;

        var digits = DigitsRegex().Match(s);
        if (digits.Success && decimal.TryParse(digits.Value.Replace(",", ""), NumberStyles.Number, CultureInfo.InvariantCulture, out value))
        {
            // "3万" / "2千": a digit run followed by a Chinese magnitude.
            var after = digits.Index + digits.Length;
            if (after < s.Length && ChineseMagnitude(s[after]) is { } magnitude) value *= magnitude;
            return true;
        }

        var chinese = ChineseRegex().Match(s);
        if (chinese.Success && TryParseChinese(chinese.Value, out value)) return true;

        return TryParseEnglish(s, out value);
    }

    /// <summary>Parses a whole string that is only a Chinese numeral ("二十一", "两", "一二三" read digit by digit).</summary>
    public static bool TryParseChinese(string s, out decimal value)
    {
        value = 0;
        if (s.Length == 0) return false;
        var hasUnit = s.Any(c => ChineseUnit(c) is not null || ChineseMagnitude(c) is not null);
        if (!hasUnit)
        {
            // No 十/百/千/万: digits read one by one, e.g. an order number "一二三".
            foreach (var c in s)
            {
                if (ChineseDigit(c) is not { } d) return false;
                value = value * 10 + d;
            }
            return true;
        }

        decimal total = 0, section = 0, number = 0;
        var sawNumber = false;
        foreach (var c in s)
        {
            if (ChineseDigit(c) is { } d)
            {
                number = d;
                sawNumber = true;
            }
            else if (ChineseUnit(c) is { } unit)
            {
                // "十二" = 12: a bare 十 means one ten.
                if (number == 0 && !sawNumber) number = 1;
                section += number * unit;
                number = 0;
                sawNumber = false;
            }
            else if (ChineseMagnitude(c) is { } magnitude)
            {
                total = (total + section + number) * magnitude;
                section = 0;
                number = 0;
                sawNumber = false;
            }
            else return false;
        }
        value = total + section + number;
        return true;
    }

    private static int? ChineseDigit(char c) => c switch
    {
        '零' or '〇' => 0,
        '一' or '壹' => 1,
        '二' or '两' or '贰' => 2,
        '三' or '叁' => 3,
        '四' or '肆' => 4,
        '五' or '伍' => 5,
        '六' or '陆' => 6,
        '七' or '柒' => 7,
        '八' or '捌' => 8,
        '九' or '玖' => 9,
        _ => null,
    };

    private static int? ChineseUnit(char c) => c switch
    {
        '十' or '拾' => 10,
        '百' or '佰' => 100,
        '千' or '仟' => 1000,
        _ => null,
    };

    private static decimal? ChineseMagnitude(char c) => c switch
    {
        '万' => 10_000m,
        '亿' => 100_000_000m,
        _ => null,
    };

    private static readonly Dictionary<string, int> EnglishSmall = new(StringComparer.Ordinal)
    {
        ["zero"] = 0, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7,
        ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["thirteen"] = 13, ["fourteen"] = 14,
        ["fifteen"] = 15, ["sixteen"] = 16, ["seventeen"] = 17, ["eighteen"] = 18, ["nineteen"] = 19, ["twenty"] = 20,
        ["thirty"] = 30, ["forty"] = 40, ["fifty"] = 50, ["sixty"] = 60, ["seventy"] = 70, ["eighty"] = 80, ["ninety"] = 90,
        ["dozen"] = 12,
    };

    private static readonly Dictionary<string, int> EnglishScale = new(StringComparer.Ordinal)
    {
        ["hundred"] = 100, ["thousand"] = 1000, ["million"] = 1_000_000,
    };

    private static bool TryParseEnglish(string s, out decimal value)
    {
        value = 0;
        var words = EnglishWordRegex().Matches(s).Select(m => m.Value).ToList();
        decimal total = 0, current = 0;
        var inNumber = false;
        for (var i = 0; i < words.Count; i++)
        {
            var w = words[i];
            if (EnglishSmall.TryGetValue(w, out var small))
            {
                current += small;
                inNumber = true;
            }
            else if (EnglishScale.TryGetValue(w, out var scale))
            {
                if (!inNumber) current = 1; // "a hundred", "hundred"
                if (scale == 100) current *= 100;
                else
                {
                    total += current * scale;
                    current = 0;
                }
                inNumber = true;
            }
            else if (w == "a" && i + 1 < words.Count && (EnglishScale.ContainsKey(words[i + 1]) || words[i + 1] == "dozen") && !inNumber)
            {
                continue;
            }
            else if (w == "and" && inNumber)
            {
                continue;
            }
            else if (inNumber)
            {
                break;
            }
        }
        if (!inNumber) return false;
        value = total + current;
        return true;
    }

    [GeneratedRegex(@"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?")]
    private static partial Regex DigitsRegex();

    [GeneratedRegex("[零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟]+")]
    private static partial Regex ChineseRegex();

    [GeneratedRegex("[a-z]+")]
    private static partial Regex EnglishWordRegex();
}

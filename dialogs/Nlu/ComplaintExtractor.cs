using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using ComplaintBot.Dialogs.Orders;

namespace ComplaintBot.Dialogs.Nlu;

/// <summary>
/// Rule-based understanding of one customer message, zh and en: order numbers, amounts, dates, contacts,
/// products (from the shop catalog), problems (several are split), the wish, excessive demands, interruption
/// intents, yes/no and satisfaction scores. Deterministic and fast; no model.
/// </summary>
public sealed partial class ComplaintExtractor(KeywordRules? rules = null)
{
    private readonly KeywordRules _rules = rules ?? KeywordRules.Default;

    public Extraction Extract(string? text, IReadOnlyList<Product> catalog, DateTimeOffset now)
    {
        using var span = Runtime.BotTelemetry.StartSpan("nlu.extract");
        text ??= "";
        var phones = Phones(text);
        var orders = OrderNumbers(text);
        var problems = _rules.Problems(text).Select(h => Enum.Parse<ProblemKind>(h.Kind)).Distinct().ToList();
        // "一直没收到" reads as late, but a confirmed loss says more: keep the stronger one.
        if (problems.Contains(ProblemKind.Lost)) problems.Remove(ProblemKind.Late);
        // "退款迟迟没到，太慢了": the slowness is the refund's, not the parcel's.
        if (problems.Contains(ProblemKind.RefundDelay)) problems.Remove(ProblemKind.Late);
        // "我等了两个星期，发邮件也没人回": the customer waits for our answer, not for a parcel (a rant, no new problem).
        if (problems.Contains(ProblemKind.Late) && _rules.WaitsForAnswerNotDelivery(text)) problems.Remove(ProblemKind.Late);
        var wish = _rules.Wishes(text).Select(h => Enum.Parse<WishKind>(h.Kind)).Cast<WishKind?>().FirstOrDefault();
        var excessive = Excessive(text);
        if (excessive is not null && wish is null) wish = WishKind.Compensation;
        var x = new Extraction
        {
            Text = text,
            OrderNumbers = orders,
            Amounts = Amounts(text),
            Dates = Dates(text, now),
            Phones = phones,
            Emails = EmailRegex().Matches(text).Select(m => m.Value).ToList(),
            Products = Products(text, catalog),
            UnknownProduct = UnknownItem(text, catalog),
            Problems = problems,
            Wish = wish,
            Excessive = excessive,
            Intent = _rules.Intent(text),
            // "it's not the hair dryer, it's the headphones" / "是耳机，不是吹风机" says no to what we had, like a leading "no".
            Answer = CorrectionPhrase().IsMatch(text) ? Answer.No : _rules.Answer(text),
            IsBareAnswer = _rules.IsBareAnswer(text),
            Rating = RatingParser.Parse(text),
        };
        return x with { IsNoise = x.Intent == Intent.None && !x.HasComplaintFacts && _rules.IsNoise(text) };
    }

    // ---- corrections ------------------------------------------------------------------------------------------
    // "not X, it's Y", "it's not X, it's Y", "不是X，是Y", "不是X而是Y": the customer replaces X by Y.
    [GeneratedRegex(@"(?<![A-Za-z])(?:it'?s\s+|it\s+is\s+|that'?s\s+|that\s+is\s+)?not\s+(?:the|my|a|an)\b.+?[,;]\s*(?:it'?s|it\s+is|but|rather)\b|不是[^，,。；;]+?(?:[，,]\s*|而)是", RegexOptions.IgnoreCase)]
    private static partial Regex CorrectionPhrase();

    [GeneratedRegex(@"(?<![A-Za-z])not\s+(?<neg>(?:the|my|a|an)\b.+?)[,;]\s*(?:it'?s|it\s+is|but|rather)\b|不是(?<neg>[^，,。；;]+?)(?:[，,]\s*|而)是", RegexOptions.IgnoreCase)]
    private static partial Regex NegatedRegex();

    /// <summary>What a correction says it is not: "the T-shirt" in "not the T-shirt, it's the down jacket", "T恤" in "不是T恤，是羽绒服".</summary>
    public static string? NegatedPart(string text) => NegatedRegex().Match(text) is { Success: true } m ? m.Groups["neg"].Value : null;

    // ---- items the shop doesn't list ---------------------------------------------------------------------------
    // Where a customer names the item: "订单…的羽绒服…", "收到的X", "我的X"; "my/the X from/is/arrived/broke…"; and the
    // new side of a correction ("不是T恤，是羽绒服", "not the T-shirt, it's the down jacket").
    [GeneratedRegex(@"(?:订单\s*[A-Za-z0-9-]*\s*(?:里|中)?的|买的|我的|收到的|这个|这件|这台|这双)(?<item>[\p{IsCJKUnifiedIdeographs}]{2,6}?)(?=质量|收到|用了|用着|才用|坏|碎|破|有|不|是|跑|掉|漏|发|少|太|很|怎么|一直|[，,。！!？?]|$)|不是[^，,。；;]+?(?:[，,]\s*|而)是(?<item>[\p{IsCJKUnifiedIdeographs}]{2,6})(?=[，,。！!？?]|$)", RegexOptions.IgnoreCase)]
    private static partial Regex ChineseItem();
    [GeneratedRegex(@"\b(?:my|the)\s+(?<item>[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,2}?)\s+(?:from|in|of|is|was|arrived|came|broke|has|have|keeps|kept|stopped|doesn't|does|won't|isn't|wasn't|that|which)\b|(?:it'?s|it\s+is|but)\s+(?:the|a|an|my)\s+(?<item>[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,2})\s*[.!]?$", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishItem();

    // Words in the item slot that are no product ("我的订单", "the delivery").
    private static readonly HashSet<string> NoItem = new(StringComparer.OrdinalIgnoreCase)
    {
        "订单", "快递", "包裹", "东西", "商品", "物流", "退款", "钱", "客服", "问题", "货物", "宝贝", "包装", "外包装", "盒子",
        "快递员", "司机", "商家", "卖家", "态度", "服务", "速度", "时候", "时间",
        "box", "packaging", "wrapping", "label", "lid", "seal", "driver", "agent", "staff", "seller", "shop", "store", "website",
        "order", "parcel", "package", "delivery", "refund", "money", "complaint", "item", "items", "stuff", "thing", "things",
        "product", "shipment", "courier", "i", "you", "it", "we", "service", "price", "one", "same", "whole", "last", "first", "right", "wrong",
    };

    /// <summary>An item the customer named that matches no product of the shop's catalog (null when none, or when it is one).</summary>
    public static string? UnknownItem(string text, IReadOnlyList<Product> catalog)
    {
        foreach (Match m in ChineseItem().Matches(text).Concat(EnglishItem().Matches(text)))
        {
            var item = m.Groups["item"].Value.Trim();
            if (item.Length < 2 || NoItem.Contains(item) || item.Split(' ').Any(NoItem.Contains)
                || (!System.Text.Ascii.IsValid(item) && NoItem.Any(w => !System.Text.Ascii.IsValid(w) && item.Contains(w)))) continue;
            if (Products(item, catalog).Count > 0) return null; // the customer named a product we know
            return item;
        }
        return null;
    }

    // ---- order numbers ----------------------------------------------------------------------------------------
    [GeneratedRegex(@"(?<![A-Za-z0-9])([A-Za-z]{1,4}-?\d{6,20})(?![A-Za-z0-9])")]
    private static partial Regex PrefixedOrder();
    [GeneratedRegex(@"(?<!\d)(\d{12,20})(?!\d)")]
    private static partial Regex DigitOrder();
    [GeneratedRegex(@"(?:订单号?|单号|order\s*(?:number|no\.?|#|id)?)\s*(?:是|为|:|：|#|is)?\s*([A-Za-z0-9-]{5,24})", RegexOptions.IgnoreCase)]
    private static partial Regex KeywordOrder();

    // Customers copy numbers with spaces or dashes ("SO 1000 0002", "so-1000-0001"). A lower-case prefix followed by a
    // space is left out: "so 100000" or "at 123456" is more often English than an order number.
    [GeneratedRegex(@"(?<![A-Za-z0-9])([A-Za-z]{1,4})([ \-]?)(\d{2,}(?:[ \-]\d{2,})*)(?![A-Za-z0-9])")]
    private static partial Regex SeparatedOrder();

    public static IReadOnlyList<string> OrderNumbers(string text)
    {
        var found = new List<(int Index, string Value)>();
        foreach (Match m in SeparatedOrder().Matches(text))
        {
            var (prefix, gap, digits) = (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value);
            if (gap == " " && prefix.Any(char.IsLower)) continue;
            var joined = new string(digits.Where(char.IsDigit).ToArray());
            // Only forms that the plain pattern below misses; the joined number is a candidate the shop confirms.
            if ((gap.Length > 0 || digits.Length != joined.Length) && joined.Length is >= 6 and <= 20)
                found.Add((m.Index, prefix.ToUpperInvariant() + joined));
        }
        foreach (Match m in PrefixedOrder().Matches(text)) found.Add((m.Index, m.Groups[1].Value.Replace("-", "").ToUpperInvariant()));
        foreach (Match m in DigitOrder().Matches(text)) found.Add((m.Index, m.Groups[1].Value));
        foreach (Match m in KeywordOrder().Matches(text))
        {
            var v = m.Groups[1].Value;
            // After "订单号" a token with digits is an order number even in a short or unusual format.
            if (v.Any(char.IsDigit) && !IsPhone(v)) found.Add((m.Groups[1].Index, v.Replace("-", "").ToUpperInvariant()));
        }
        return found.OrderBy(f => f.Index).Select(f => f.Value).Where(v => !IsPhone(v)).Distinct().ToList();
    }

    private static bool IsPhone(string v) => CnMobile().IsMatch(v) && v.Length == 11;

    // ---- amounts ----------------------------------------------------------------------------------------------
    [GeneratedRegex(@"(¥|￥|CNY|RMB|\$|USD)\s*(\d+(?:,\d{3})*(?:\.\d{1,2})?)|(\d+(?:,\d{3})*(?:\.\d{1,2})?)\s*(元|块钱|块|CNY|RMB|yuan|dollars?|USD)(?![A-Za-z])", RegexOptions.IgnoreCase)]
    private static partial Regex AmountRegex();

    public static IReadOnlyList<Money> Amounts(string text)
    {
        var list = new List<Money>();
        foreach (Match m in AmountRegex().Matches(text))
        {
            var (symbol, number) = m.Groups[1].Success ? (m.Groups[1].Value, m.Groups[2].Value) : (m.Groups[4].Value, m.Groups[3].Value);
            var currency = symbol.ToUpperInvariant() switch
            {
                "$" or "USD" or "DOLLAR" or "DOLLARS" => "USD",
                _ => "CNY",
            };
            list.Add(new Money(decimal.Parse(number.Replace(",", ""), CultureInfo.InvariantCulture), currency));
        }
        return list;
    }

    // ---- dates ------------------------------------------------------------------------------------------------
    [GeneratedRegex(@"(?<!\d)(20\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")]
    private static partial Regex IsoDate();
    [GeneratedRegex(@"(?<![\d年])(\d{1,2})月(\d{1,2})[日号]")]
    private static partial Regex ChineseMonthDay();
    [GeneratedRegex(@"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b|\b(\d{1,2})(?:st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishMonthDay();
    [GeneratedRegex(@"(\d{1,2}|[一二三四五六七八九十两])\s*天(?:前|之前)|(\d{1,2})\s+days?\s+ago", RegexOptions.IgnoreCase)]
    private static partial Regex DaysAgo();
    [GeneratedRegex(@"今天|昨天|前天|\btoday\b|\byesterday\b|day before yesterday", RegexOptions.IgnoreCase)]
    private static partial Regex RelativeDay();

    private static readonly string[] MonthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    /// <summary>Dates mentioned, resolved against <paramref name="now"/>; a month/day without a year is the latest one not in the future.</summary>
    public static IReadOnlyList<DateOnly> Dates(string text, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.Date);
        var found = new List<(int, DateOnly)>();
        void Add(int index, int y, int m, int d)
        {
            if (m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, m)) return;
            found.Add((index, new DateOnly(y, m, d)));
        }
        void AddNoYear(int index, int m, int d)
        {
            var y = today.Year;
            if (m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, m)) return;
            if (new DateOnly(y, m, d) > today) y--;
            Add(index, y, m, d);
        }
        foreach (Match m in IsoDate().Matches(text)) Add(m.Index, int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value), int.Parse(m.Groups[3].Value));
        foreach (Match m in ChineseMonthDay().Matches(text)) AddNoYear(m.Index, int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value));
        foreach (Match m in EnglishMonthDay().Matches(text))
        {
            var month = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[4].Value;
            var day = m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Value;
            AddNoYear(m.Index, Array.IndexOf(MonthNames, month[..3].ToLowerInvariant()) + 1, int.Parse(day));
        }
        foreach (Match m in DaysAgo().Matches(text))
        {
            var n = m.Groups[1].Success ? ChineseNumber(m.Groups[1].Value) : int.Parse(m.Groups[2].Value);
            found.Add((m.Index, today.AddDays(-n)));
        }
        foreach (Match m in RelativeDay().Matches(text))
        {
            var v = m.Value.ToLowerInvariant();
            var offset = v switch { "今天" or "today" => 0, "昨天" or "yesterday" => -1, _ => -2 };
            found.Add((m.Index, today.AddDays(offset)));
        }
        return found.OrderBy(f => f.Item1).Select(f => f.Item2).Distinct().ToList();
    }

    private static int ChineseNumber(string s)
    {
        if (int.TryParse(s, out var n)) return n;
        const string digits = "零一二三四五六七八九";
        if (s == "两") return 2;
        if (s == "十") return 10;
        if (s == "百") return 100;
        if (s == "千") return 1000;
        var i = digits.IndexOf(s[0]);
        return i >= 0 ? i : 0;
    }

    // ---- contacts ---------------------------------------------------------------------------------------------
    [GeneratedRegex(@"(?<!\d)(?:\+?86[-\s]?)?1[3-9]\d[-\s]?\d{4}[-\s]?\d{4}(?!\d)")]
    private static partial Regex CnMobile();
    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")]
    private static partial Regex EmailRegex();

    public static IReadOnlyList<string> Phones(string text)
        => CnMobile().Matches(text).Select(m => new string(m.Value.Where(char.IsDigit).ToArray())).Select(d => d.Length > 11 ? d[^11..] : d).ToList();

    // ---- products ---------------------------------------------------------------------------------------------
    // Every message is matched against the whole catalog: its word patterns are listed once per catalog object
    // (the demo shop hands out the same list until it re-seeds).
    private static readonly ConditionalWeakTable<IReadOnlyList<Product>, (Product Product, Regex Pattern, string Lead)[]> ProductPatterns = new();

    private static (Product, Regex, string)[] BuildProductPatterns(IReadOnlyList<Product> catalog)
        => catalog.SelectMany(p => p.Keywords.Append(p.Name).Append(p.NameEn).Where(w => !string.IsNullOrWhiteSpace(w)).Distinct()
            .Select(w => (p, KeywordRules.Pattern(w), KeywordRules.Lead(w)))).ToArray();

    /// <summary>Catalog products named in the text (by name or keyword), longest match first, in mention order.</summary>
    public static IReadOnlyList<Product> Products(string text, IReadOnlyList<Product> catalog)
    {
        var hits = new List<(int Start, int Length, Product Product)>();
        var asciiText = System.Text.Ascii.IsValid(text);
        foreach (var (p, pattern, lead) in ProductPatterns.GetValue(catalog, BuildProductPatterns))
        {
            if (!KeywordRules.MayOccur(lead, text, asciiText)) continue; // every catalog word, on every message
            foreach (var m in pattern.EnumerateMatches(text))
                hits.Add((m.Index, m.Length, p));
        }
        var kept = new List<(int Start, int Length, Product Product)>();
        foreach (var h in hits.OrderByDescending(h => h.Length))
            if (!kept.Any(k => h.Start < k.Start + k.Length && k.Start < h.Start + h.Length)) kept.Add(h);
        return kept.OrderBy(k => k.Start).Select(k => k.Product).DistinctBy(p => p.Sku).ToList();
    }

    // ---- demands ----------------------------------------------------------------------------------------------
    [GeneratedRegex(@"(\d+|[二三四五六七八九十两百千]+)\s*倍(?:的)?\s*(?:赔偿|赔付|补偿|价格|价钱|退款)?|\b(\d+|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|fifty|a\s+hundred|hundred|a\s+thousand|thousand)\s*(?:x|times|-?fold)\s*(?:the\s+)?(?:compensation|refund|price|money|back|what\s+i\s+paid)?", RegexOptions.IgnoreCase)]
    private static partial Regex MultipleRegex();

    /// <summary>A demanded multiple of the price above the statutory 3× (十倍赔偿, "10x compensation").</summary>
    public static ExcessiveDemand? Excessive(string text, decimal statutoryMultiple = 3)
    {
        foreach (Match m in MultipleRegex().Matches(text))
        {
            var raw = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value;
            var multiple = int.TryParse(raw, out var n) ? n : EnglishMultiple(raw) ?? ChineseMultiple(raw);
            var looksLikeDemand = m.Value.Contains('倍') || Regex.IsMatch(m.Value, "compensation|refund|price|money|back|paid|fold", RegexOptions.IgnoreCase);
            if (looksLikeDemand && multiple > statutoryMultiple) return new ExcessiveDemand(m.Value.Trim(), multiple);
        }
        return null;
    }

    private static readonly Dictionary<string, int> EnglishMultiples = new(StringComparer.OrdinalIgnoreCase)
    {
        ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7, ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["twelve"] = 12,
        ["fifteen"] = 15, ["twenty"] = 20, ["thirty"] = 30, ["fifty"] = 50, ["hundred"] = 100, ["thousand"] = 1000,
    };

    /// <summary>"ten" → 10, "a hundred" → 100; null for anything else.</summary>
    private static int? EnglishMultiple(string s)
        => EnglishMultiples.TryGetValue(Regex.Replace(s, @"^a\s+", "", RegexOptions.IgnoreCase), out var v) ? v : null;

    private static int ChineseMultiple(string s)
    {
        // 十, 二十, 一百, 百, 千 — enough for demands.
        if (s.Contains('千')) return 1000 * Math.Max(1, ChineseNumber(s[..s.IndexOf('千')] is { Length: > 0 } a ? a : "一"));
        if (s.Contains('百')) return 100 * Math.Max(1, ChineseNumber(s[..s.IndexOf('百')] is { Length: > 0 } b ? b : "一"));
        if (s.Contains('十'))
        {
            var i = s.IndexOf('十');
            var tens = i == 0 ? 1 : ChineseNumber(s[..i]);
            var ones = i == s.Length - 1 ? 0 : ChineseNumber(s[(i + 1)..]);
            return tens * 10 + ones;
        }
        return ChineseNumber(s);
    }

    // ---- scores -----------------------------------------------------------------------------------------------
    public static int? Score(string text) => RatingParser.Parse(text)?.Score;
}

using System.Text.RegularExpressions;
using ComplaintBot.Dialogs.Sentiment.Lexicon;

namespace ComplaintBot.Dialogs.Sentiment;

/// <summary>One sign of frustration in a customer message, with how much it adds to the conversation's frustration.</summary>
public sealed record FrustrationSignal(string Kind, string Text, double Weight);

/// <summary>
/// Signs that a customer is losing patience without swearing, read from one message and the conversation so far:
/// repeating themselves (in so many words, or by sending nearly the same message again), asking whether anyone is
/// there, stacked ??? / !!!, counting the days of waiting, an ultimatum ("do you want to deal with it or not?"), and
/// rejecting the bot's restatement again. The phrases were written for this project from general knowledge of how
/// customers write; none comes from a dataset.
/// </summary>
public static partial class FrustrationSignals
{
    public static class Kinds
    {
        public const string Repeat = "repeat";
        public const string Presence = "anyone-there";
        public const string Punctuation = "stacked-punctuation";
        public const string Waiting = "waiting";
        public const string Ultimatum = "ultimatum";
        public const string RestatementRejected = "restatement-rejected";
        public const string Dissatisfied = "dissatisfied";
    }

    // "third time I'm asking", "I already told you", "how many times", "again and again"; 又问了一遍, 说了多少遍, 我都说过了.
    [GeneratedRegex(@"\b(?:(?:second|third|fourth|fifth|2nd|3rd|4th|5th|\d+th|umpteenth|hundredth)\s+time|(?:told|asked|said|explained|wrote)\s+(?:you\s+)?(?:this\s+|that\s+|it\s+)?(?:already|before|twice|again|(?:\w+\s+)?times)|already\s+(?:told|asked|said|explained|gave|sent|wrote)|how\s+many\s+times|again\s+and\s+again|(?:for\s+the\s+)?last\s+time[,:!]|keep\s+(?:asking|telling|repeating)|repeat(?:ing)?\s+myself|same\s+(?:question|answer|message)\s+again)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RepeatEn();

    [GeneratedRegex(@"又问了?一遍|又说了?一遍|再说一遍|再问一遍|问了?(?:好几|几|[二两三四五六七八九十多\d]+)(?:遍|次)|说了?(?:好几|几|多少|[二两三四五六七八九十多\d]+)(?:遍|次)|第[二三四五六七八九十\d]+(?:遍|次)(?:问|说|找|联系|催)|(?:我|都)(?:已经)?(?:说|讲|告诉你们?|发)过了|重复(?:了)?(?:好几|多少|[二两三四五六七八九十\d]+)?(?:遍|次)|一直在?问|反复(?:问|说|催)|催了?(?:好几|几|[二两三四五六七八九十多\d]+)(?:遍|次)")]
    private static partial Regex RepeatZh();

    // "is anyone there", "hello??", "anybody?", "are you even reading this"; 有人吗, 在吗, 人呢, 有没有人.
    [GeneratedRegex(@"\b(?:is\s+(?:any(?:one|body)|some(?:one|body))\s+(?:there|here|(?:even\s+)?(?:reading|listening))|any(?:one|body)\s+(?:there|home|here)|(?:are|r)\s+(?:you|u)\s+(?:still\s+)?(?:there|even\s+(?:reading|listening|there))|hello+\s*\?{2,}|hello+\s*\?\s*hello|is\s+this\s+(?:thing|chat)\s+(?:even\s+)?(?:on|working)|(?:am\s+i|i'm)\s+talking\s+to\s+(?:a\s+wall|myself|nobody))",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PresenceEn();

    [GeneratedRegex(@"有人吗|有没有人|在吗|在不在|人呢|人去哪了|还在吗|有人在吗|没人(?:管|理|回)|怎么不(?:回|说话|理)|理(?:一下|下)我|喂[？?！!，,]")]
    private static partial Regex PresenceZh();

    // A count of days, weeks, hours of waiting: "waited 3 days", "for two weeks now", "10 days later"; 等了三天, 都一个星期了;
    // or an open-ended one: "can it take weeks?", "waiting for months".
    [GeneratedRegex(@"\b(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|many|a\s+few|few)\s+(?:more\s+)?(?:days?|weeks?|months?|hours?|business\s+days?)\b(?:\s+(?:now|already|later|ago|and\s+(?:still|nothing|counting)))?|\b(?:waited|waiting|been\s+waiting)\s+(?:for\s+)?(?:over\s+|more\s+than\s+|almost\s+)?(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|several|many|a\s+few)\s+(?:days?|weeks?|months?|hours?)|\b(?:take|takes|taking|took|(?:wait|waiting|waited)(?:\s+for)?)\s+(?:even\s+)?(?:weeks|months|ages|forever)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WaitingEn();

    [GeneratedRegex(@"(?:等|过|拖)了?(?:整整|快|将近|差不多)?(?:[\d一二两三四五六七八九十几半]+)(?:多)?(?:个)?(?:天|周|星期|礼拜|月|小时|钟头)|(?:都|已经|快)(?:[\d一二两三四五六七八九十几半]+)(?:多)?(?:个)?(?:多)?(?:天|周|星期|礼拜|月|小时)了")]
    private static partial Regex WaitingZh();

    // Dissatisfaction stated outright, or money taken wrongly and wanted back: "I am dissatisfied", "this is unacceptable",
    // "wrongly charged", "charged me twice", "I want my money back"; 很不满意, 乱扣钱, 重复扣款, 把钱退给我, 还我钱.
    // A plain request for a refund is not one ("I'd like a refund", "can I cancel and get a refund?").
    [GeneratedRegex(@"\b(?:i\s*(?:am|'m)\s+(?:very\s+|really\s+|so\s+|extremely\s+|totally\s+|deeply\s+)?(?:dissatisfied|unhappy|not\s+(?:happy|satisfied|pleased))|(?:this|that|it)\s*(?:is|'s)\s+(?:totally\s+|completely\s+|simply\s+|just\s+)?unacceptable|(?:wrongly|wrongfully|unfairly|incorrectly|double)[-\s]charged|charged\s+(?:me\s+)?twice|overcharged|(?:want|give\s+me|need)\s+(?:my|the)\s+money\s+back|want\s+back\s+(?:my|the)\s+money)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DissatisfiedEn();

    [GeneratedRegex(@"(?:我|很|非常|太|十分|特别|极其)不满意|乱扣(?:钱|款|费)?|多扣了?(?:钱|款|费|我)|(?:扣|收)了?(?:我)?两次|重复(?:扣|收)(?:款|费|钱)|把钱退(?:给我|回来)|还我钱|无法接受|不能接受|不可接受")]
    private static partial Regex DissatisfiedZh();

    // "do you want to deal with it or not", "are you going to fix this or not", "yes or no?", "will you do something".
    [GeneratedRegex(@"\b(?:(?:do|will|are|can|did)\s+(?:you|u)\b[^.?!]{0,60}\bor\s+not\b|yes\s+or\s+no\s*\?|(?:will|are)\s+(?:you|u)\s+(?:going\s+to\s+)?(?:ever\s+)?(?:do|fix|solve|sort)\s+(?:anything|something)|what\s+(?:exactly\s+)?(?:are|do)\s+(?:you|u)\s+(?:even\s+)?(?:doing|going\s+to\s+do)\s+about\s+it|is\s+(?:anyone|anybody)\s+going\s+to\s+(?:do|fix|help))",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UltimatumEn();

    [GeneratedRegex(@"(?:到底|究竟|还)?(?:管不管|理不理|处不处理|解不解决|修不修|退不退|赔不赔|给不给|能不能(?:给个?|解决|处理)|有没有人管)|到底(?:要|想|打算)?(?:怎么|怎样)(?:办|处理|解决)|给(?:我)?(?:个)?(?:准话|说法|答复)|行不行啊?[？?]")]
    private static partial Regex UltimatumZh();

    /// <summary>Signals in <paramref name="text"/>; <paramref name="repeatsEarlier"/> when it nearly repeats an earlier message.</summary>
    public static List<FrustrationSignal> Read(string text, bool repeatsEarlier)
    {
        var found = new List<FrustrationSignal>();
        if (string.IsNullOrWhiteSpace(text)) return found;
        var s = SentimentLexicon.Normalize(text);
        Add(found, Kinds.Repeat, RepeatEn().Match(s), 1.0);
        Add(found, Kinds.Repeat, RepeatZh().Match(s), 1.0);
        if (repeatsEarlier && found.Count == 0) found.Add(new FrustrationSignal(Kinds.Repeat, "(same message again)", 0.8));
        Add(found, Kinds.Presence, PresenceEn().Match(s), 1.0);
        Add(found, Kinds.Presence, PresenceZh().Match(s), 1.0);
        Add(found, Kinds.Waiting, WaitingEn().Match(s), 0.6);
        Add(found, Kinds.Waiting, WaitingZh().Match(s), 0.6);
        Add(found, Kinds.Ultimatum, UltimatumEn().Match(s), 1.2);
        Add(found, Kinds.Ultimatum, UltimatumZh().Match(s), 1.2);
        Add(found, Kinds.Dissatisfied, DissatisfiedEn().Match(s), 0.6);
        Add(found, Kinds.Dissatisfied, DissatisfiedZh().Match(s), 0.6);
        var run = LongestRun(s);
        if (run >= 2) found.Add(new FrustrationSignal(Kinds.Punctuation, new string(s[LongestRunAt(s, run)], 1) + "×" + run, run >= 3 ? 0.8 : 0.5));
        return found;
    }

    private static void Add(List<FrustrationSignal> found, string kind, Match m, double weight)
    {
        if (m.Success && found.All(f => f.Kind != kind)) found.Add(new FrustrationSignal(kind, m.Value.Trim(), weight));
    }

    /// <summary>Longest run of ? and ! (full-width folded), e.g. "???" or "?!?!" = 3 or 4.</summary>
    private static int LongestRun(string s)
    {
        int best = 0, run = 0;
        foreach (var c in s)
        {
            run = c is '?' or '!' ? run + 1 : 0;
            best = Math.Max(best, run);
        }
        return best;
    }

    private static int LongestRunAt(string s, int length)
    {
        var run = 0;
        for (var i = 0; i < s.Length; i++)
        {
            run = s[i] is '?' or '!' ? run + 1 : 0;
            if (run == length) return i;
        }
        return 0;
    }

    /// <summary>
    /// The message's shape for spotting a repeat without keeping its text: hashed words (Latin) and character pairs (CJK).
    /// </summary>
    public static int[] Shape(string text)
    {
        var s = SentimentLexicon.Normalize(text ?? "");
        var set = new HashSet<int>();
        var i = 0;
        while (i < s.Length)
        {
            if (SentimentLexicon.IsWordChar(s[i]))
            {
                var start = i;
                while (i < s.Length && SentimentLexicon.IsWordChar(s[i])) i++;
                var h = 2166136261u;
                foreach (var c in s.AsSpan(start, i - start)) { h ^= c; h *= 16777619u; }
                set.Add((int)(h & 0x7FFFFFFF)); // stable across processes: shapes are kept in conversation state
                continue;
            }
            if (s[i] > 0x2E80 && i + 1 < s.Length && s[i + 1] > 0x2E80)
                set.Add(StableHash(s[i], s[i + 1]));
            i++;
        }
        var shape = set.ToArray();
        Array.Sort(shape);
        return shape;
    }

    private static int StableHash(char a, char b) => (int)((a * 65599u + b) * 2654435761u & 0x7FFFFFFF);

    /// <summary>Nearly the same message: at least 4 pieces and two thirds of them shared.</summary>
    public static bool SameMessage(int[] a, int[] b)
    {
        if (a.Length < 4 || b.Length < 4) return false;
        var shared = a.Intersect(b).Count();
        return shared / (double)(a.Length + b.Length - shared) >= 0.66;
    }
}

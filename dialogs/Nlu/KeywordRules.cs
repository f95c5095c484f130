using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace ComplaintBot.Dialogs.Nlu;

/// <summary>The keyword data (Nlu/keywords.yaml, embedded) compiled into matchers.</summary>
public sealed class KeywordRules
{
    public sealed record Hit(string Kind, int Start, int Length);

    private sealed class File
    {
        public Dictionary<string, Dictionary<string, List<string>>> Problems { get; set; } = new();
        public Dictionary<string, Dictionary<string, List<string>>> Wishes { get; set; } = new();
        public Dictionary<string, Dictionary<string, List<string>>> Intents { get; set; } = new();
        public Dictionary<string, List<string>> Answers { get; set; } = new();
        public Dictionary<string, List<string>> Negators { get; set; } = new();
        public Dictionary<string, List<string>> Noise { get; set; } = new();
        public Dictionary<string, List<string>> ComplaintWords { get; set; } = new();
        public Dictionary<string, List<string>> NotComplaint { get; set; } = new();
        public Dictionary<string, List<string>> CannotProve { get; set; } = new();
        public Dictionary<string, List<string>> Requests { get; set; } = new();
        public Dictionary<string, List<string>> OrderNotAtHand { get; set; } = new();
        public Dictionary<string, List<string>> AwaitingReply { get; set; } = new();
        public Dictionary<string, List<string>> Additions { get; set; } = new();
        public Dictionary<string, List<string>> DeliveryWords { get; set; } = new();
        public Dictionary<string, List<string>> Questions { get; set; } = new();
        public Dictionary<string, Dictionary<string, List<string>>> Languages { get; set; } = new();
        public Dictionary<string, List<string>> Emoji { get; set; } = new();
    }

    private readonly List<(string Kind, Regex Pattern, string Lead)> _problems;
    private readonly List<(string Kind, Regex Pattern, string Lead)> _wishes;
    private readonly List<(Intent Kind, HashSet<string> Exact, List<(Regex Pattern, string Lead)> Phrases)> _intents;
    private readonly List<string> _yes, _no;
    private readonly HashSet<string> _bareAnswers; // every yes and no, normalized once
    private readonly Regex _negatorBefore;
    private readonly HashSet<char> _fillers;
    private readonly List<string> _keyboardRows;
    private readonly List<(string Kind, Regex Pattern, string Lead)> _complaintWords, _notComplaint, _questions, _cannotProve, _requests, _orderNotAtHand, _awaitingReply, _deliveryWords, _additions;
    private readonly List<(string Kind, HashSet<string> Exact, List<(Regex Pattern, string Lead)> Phrases)> _languages;
    private readonly Dictionary<string, string> _emojiMood; // emoji (without variation selectors) → "negative" / "positive"

    // Product names, catalog keywords and policy words are matched on every message; building their Regex each
    // time cost more CPU than the rest of the turn. Capped in case a shop's catalog keeps changing.
    // Declared before Default: static initialisers run in order and Load() uses it.
    private const int MaxCachedPatterns = 20_000;
    private static readonly ConcurrentDictionary<string, Regex> Patterns = new(StringComparer.Ordinal);

    public static KeywordRules Default { get; } = Load();

    private KeywordRules(File f)
    {
        _problems = Compile(f.Problems);
        _wishes = Compile(f.Wishes);
        _intents = f.Intents.Select(kv => (Enum.Parse<Intent>(kv.Key),
            kv.Value.GetValueOrDefault("exact", new()).Select(Normalize).ToHashSet(),
            kv.Value.GetValueOrDefault("phrases", new()).Select(p => (Pattern(p), Lead(p))).ToList())).ToList();
        _yes = f.Answers.GetValueOrDefault("yes", new()).OrderByDescending(s => s.Length).ToList();
        _no = f.Answers.GetValueOrDefault("no", new()).OrderByDescending(s => s.Length).ToList();
        _bareAnswers = _yes.Concat(_no).Select(Normalize).Where(a => a.Length > 0).ToHashSet();
        var zh = f.Negators.GetValueOrDefault("zh", new()).Select(Regex.Escape);
        var en = f.Negators.GetValueOrDefault("en", new()).Select(w => $"\\b{Regex.Escape(w)}\\s+(?:\\w+\\s+)?");
        _fillers = f.Noise.GetValueOrDefault("fillers", new()).SelectMany(w => w).ToHashSet();
        _keyboardRows = f.Noise.GetValueOrDefault("keyboardRows", new());
        _complaintWords = Compile(new() { ["complaint"] = f.ComplaintWords });
        _notComplaint = Compile(new() { ["not"] = f.NotComplaint });
        _cannotProve = Compile(new() { ["cannot"] = f.CannotProve });
        _requests = Compile(new() { ["request"] = f.Requests });
        _orderNotAtHand = Compile(new() { ["notAtHand"] = f.OrderNotAtHand });
        _awaitingReply = Compile(new() { ["awaitingReply"] = f.AwaitingReply });
        _deliveryWords = Compile(new() { ["delivery"] = f.DeliveryWords });
        _additions = Compile(new() { ["addition"] = f.Additions });
        _questions = Compile(new() { ["question"] = f.Questions });
        _languages = f.Languages.Select(kv => (kv.Key,
            kv.Value.GetValueOrDefault("exact", new()).Select(Normalize).ToHashSet(),
            kv.Value.GetValueOrDefault("phrases", new()).Select(p => (Pattern(p), Lead(p))).ToList())).ToList();
        _emojiMood = f.Emoji.SelectMany(kv => kv.Value.Select(e => (Emoji: e.Replace("\uFE0F", ""), Mood: kv.Key)))
            .ToDictionary(x => x.Emoji, x => x.Mood);
        _negatorBefore = new Regex("(?:" + string.Join("|", zh.Concat(en)) + ")$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    private static KeywordRules Load()
    {
        using var stream = typeof(KeywordRules).Assembly.GetManifestResourceStream("ComplaintBot.Dialogs.Nlu.keywords.yaml")
            ?? throw new InvalidOperationException("Embedded NLU keyword file is missing.");
        using var reader = new StreamReader(stream);
        var file = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build().Deserialize<File>(reader);
        return new KeywordRules(file);
    }

    private static List<(string, Regex, string)> Compile(Dictionary<string, Dictionary<string, List<string>>> groups)
        => groups.SelectMany(g => g.Value.Values.SelectMany(v => v).Select(w => (g.Key, Pattern(w), Lead(w)))).ToList();

    /// <summary>
    /// The phrase's leading run of Chinese characters, or of ASCII letters and digits: text its <see cref="Pattern"/>
    /// matches always contains it (Chinese as is, ASCII in either case), since a pattern only loosens spaces and
    /// apostrophes. Empty when the phrase starts otherwise.
    /// </summary>
    public static string Lead(string phrase)
    {
        static bool Chinese(char c) => c is >= '\u4e00' and <= '\u9fff';
        phrase = phrase.Trim();
        if (phrase.Length == 0) return "";
        var n = 0;
        if (Chinese(phrase[0])) while (n < phrase.Length && Chinese(phrase[n])) n++;
        else while (n < phrase.Length && char.IsAsciiLetterOrDigit(phrase[n])) n++;
        return phrase[..n];
    }

    /// <summary>
    /// False when a phrase with this <see cref="Lead"/> cannot occur in <paramref name="text"/>, so its pattern need not
    /// run (hundreds of phrases, each matched against every message; most messages contain few of their first words).
    /// An ASCII lead is only looked for in an all-ASCII text: the patterns ignore case, and some non-ASCII characters
    /// match ASCII letters then, e.g. the Kelvin sign.
    /// </summary>
    public static bool MayOccur(string lead, string text, bool asciiText)
    {
        if (lead.Length == 0) return true;
        if (lead[0] is >= '\u4e00' and <= '\u9fff') return text.Contains(lead, StringComparison.Ordinal);
        return !asciiText || text.Contains(lead, StringComparison.OrdinalIgnoreCase);
    }

    private static bool AnyMatch(List<(string Kind, Regex Pattern, string Lead)> rules, string text)
    {
        var asciiText = System.Text.Ascii.IsValid(text);
        foreach (var (_, pattern, lead) in rules)
            if (MayOccur(lead, text, asciiText) && pattern.IsMatch(text)) return true;
        return false;
    }

    private static bool AnyMatch(List<(Regex Pattern, string Lead)> phrases, string text, bool asciiText)
    {
        foreach (var (pattern, lead) in phrases)
            if (MayOccur(lead, text, asciiText) && pattern.IsMatch(text)) return true;
        return false;
    }

    /// <summary>Latin words match on word boundaries; Chinese as substrings. Built once per phrase.</summary>
    public static Regex Pattern(string phrase)
    {
        if (Patterns.TryGetValue(phrase, out var known)) return known;
        // An apostrophe matches the typographic ones phone keyboards type ("don’t").
        var p = Regex.Escape(phrase).Replace("\\ ", "\\s+").Replace("'", "['\u2018\u2019\u02bc]");
        if (char.IsAsciiLetterOrDigit(phrase[0])) p = "(?<![A-Za-z0-9])" + p;
        if (char.IsAsciiLetterOrDigit(phrase[^1])) p += "(?![A-Za-z0-9])";
        var built = new Regex(p, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        return Patterns.Count < MaxCachedPatterns ? Patterns.GetOrAdd(phrase, built) : built;
    }

    public IReadOnlyList<Hit> Problems(string text) => Find(_problems, text);
    /// <summary>"我要投诉", "I want to complain" (not negated).</summary>
    public bool SaysComplaint(string text) => Find(_complaintWords, text).Count > 0;
    /// <summary>"我不是要投诉", "this is not a complaint".</summary>
    public bool SaysNoComplaint(string text) => AnyMatch(_notComplaint, text);
    /// <summary>Question words or a question mark ("请问…吗", "do you…?").</summary>
    /// <summary>"不记得了", "I don't have that phone any more": the customer can't answer the identity question.</summary>
    public bool SaysCannotProve(string text) => AnyMatch(_cannotProve, text);
    /// <summary>The message asks for something ("我要…", "please…", "I want…"): only then is free text a wish.</summary>
    public bool AsksForSomething(string text) => AnyMatch(_requests, text);
    /// <summary>"订单号找不到了", "I can't find my order number": the customer doesn't have the order number at hand.</summary>
    public bool SaysOrderNotAtHand(string text) => AnyMatch(_orderNotAtHand, text);

    /// <summary>
    /// "我等了两个星期，发邮件也没人回", "nobody answers my emails": the wait is for the shop's answer and the message names no
    /// delivery, so its wait words are no late delivery.
    /// </summary>
    public bool WaitsForAnswerNotDelivery(string text)
        => AnyMatch(_awaitingReply, text) && !AnyMatch(_deliveryWords, text);

    /// <summary>The message names the delivery (快递, 物流, parcel, delivery, …): a wait in it is for the parcel.</summary>
    public bool NamesDelivery(string text) => _deliveryWords.Any(r => r.Pattern.IsMatch(text));

    /// <summary>"而且…也…", "… too", "also …": the message adds to what was said rather than correcting it.</summary>
    public bool SaysAddition(string text) => AnyMatch(_additions, text);

    public bool LooksLikeQuestion(string text) => AnyMatch(_questions, text);

    /// <summary>The locale the customer asks to switch to ("in English please", "说中文"); null when none.</summary>
    public string? LanguageRequest(string text)
    {
        var n = Normalize(text);
        if (n.Length == 0) return null;
        var asciiText = System.Text.Ascii.IsValid(text);
        foreach (var (locale, exact, phrases) in _languages)
            if (exact.Contains(n) || AnyMatch(phrases, text, asciiText))
                return locale;
        return null;
    }

    /// <summary>
    /// For a message made only of emoji (and spaces or punctuation): "negative" when any shows a bad mood, else
    /// "positive" when any shows a good one, else "neutral". Null when the message has anything else in it.
    /// </summary>
    public string? EmojiMood(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var moods = new HashSet<string>();
        var any = false;
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune) || Rune.IsPunctuation(rune) || rune.Value is 0xFE0F or 0x200D || rune.Value is >= 0x1F3FB and <= 0x1F3FF) continue;
            var category = Rune.GetUnicodeCategory(rune);
            if (category is not (System.Globalization.UnicodeCategory.OtherSymbol or System.Globalization.UnicodeCategory.MathSymbol)) return null;
            any = true;
            if (_emojiMood.TryGetValue(rune.ToString(), out var mood)) moods.Add(mood);
        }
        if (!any) return null;
        return moods.Contains("negative") ? "negative" : moods.Contains("positive") ? "positive" : "neutral";
    }
    public IReadOnlyList<Hit> Wishes(string text) => Find(_wishes, text);

    /// <summary>All matches; overlapping ones resolved in favour of the longer; negated ones dropped.</summary>
    private IReadOnlyList<Hit> Find(List<(string Kind, Regex Pattern, string Lead)> rules, string text)
    {
        List<Hit>? all = null; // most messages hit none of a list: then nothing is allocated
        var asciiText = System.Text.Ascii.IsValid(text);
        foreach (var (kind, pattern, lead) in rules)
        {
            if (!MayOccur(lead, text, asciiText)) continue;
            foreach (var m in pattern.EnumerateMatches(text))
                (all ??= new List<Hit>()).Add(new Hit(kind, m.Index, m.Length));
        }
        if (all is null) return Array.Empty<Hit>();
        var kept = new List<Hit>();
        foreach (var h in all.OrderByDescending(h => h.Length).ThenBy(h => h.Start))
        {
            if (kept.Any(k => h.Start < k.Start + k.Length && k.Start < h.Start + h.Length)) continue;
            if (_negatorBefore.IsMatch(text.AsSpan(0, h.Start))) continue;
            kept.Add(h);
        }
        return kept.OrderBy(h => h.Start).ToList();
    }

    public Intent Intent(string text)
    {
        var n = Normalize(text);
        if (n.Length == 0) return Nlu.Intent.None;
        var asciiText = System.Text.Ascii.IsValid(text);
        foreach (var (kind, exact, phrases) in _intents)
            if (exact.Contains(n) || AnyMatch(phrases, text, asciiText))
                return kind;
        return Nlu.Intent.None;
    }

    /// <summary>
    /// True when the text carries no words at all: only filler sounds, punctuation, symbols, numbers too short to be an
    /// order, and Latin "words" that are none (no vowel, five consonants in a row, a run of neighbouring keys, one or
    /// two letters repeated). Any other letter (a real word, a Chinese character that is no filler) makes it false.
    /// An empty message (no text at all) says nothing either; whether it carried photos is the caller's to weigh.
    /// </summary>
    public bool IsNoise(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return true;
        var latin = new List<string>();
        var word = new System.Text.StringBuilder();
        var digitRun = 0;
        foreach (var c in text.Trim() + " ")
        {
            if (char.IsAsciiLetter(c)) { word.Append(char.ToLowerInvariant(c)); digitRun = 0; continue; }
            if (word.Length > 0) { latin.Add(word.ToString()); word.Clear(); }
            if (char.IsDigit(c))
            {
                if (++digitRun >= 6) return false; // could be an order number
                continue;
            }
            digitRun = 0;
            if (char.IsLetter(c) && !_fillers.Contains(c)) return false;
        }
        return latin.All(IsNoWord);
    }

    private bool IsNoWord(string w)
    {
        const string vowels = "aeiouy";
        if (w.Length == 1 || !w.Any(vowels.Contains)) return true;
        if (w.Length >= 4 && w.Distinct().Count() <= 2) return true; // "aaaa", "hahaha"
        var consonants = 0;
        foreach (var c in w)
            if ((consonants = vowels.Contains(c) ? 0 : consonants + 1) >= 5) return true;
        // Four or more neighbouring keys of one keyboard row, either way ("asdf", "qwerty", "lkjh").
        var run = 1;
        for (var i = 1; i < w.Length; i++)
        {
            run = _keyboardRows.Any(r => r.IndexOf(w[i - 1]) is >= 0 and var a && r.IndexOf(w[i]) is >= 0 and var b && Math.Abs(a - b) == 1) ? run + 1 : 1;
            if (run >= 4) return true;
        }
        return false;
    }

    /// <summary>The whole message is only a yes or a no ("好的", "No."), nothing more.</summary>
    public bool IsBareAnswer(string text)
    {
        var n = Normalize(text);
        return n.Length > 0 && _bareAnswers.Contains(n);
    }

    /// <summary>A yes/no at the start of the message ("不是，是少发了一件" is a no).</summary>
    public Answer Answer(string text)
    {
        var t = text.Trim();
        if (Starts(t, _no)) return Nlu.Answer.No;
        if (Starts(t, _yes)) return Nlu.Answer.Yes;
        return Nlu.Answer.None;
    }

    private static bool Starts(string text, List<string> tokens)
    {
        foreach (var token in tokens)
        {
            if (!text.StartsWith(token, StringComparison.OrdinalIgnoreCase)) continue;
            if (text.Length == token.Length) return true;
            var next = text[token.Length];
            // Multi-character Chinese answers stand on their own ("不对应该是…"); single characters and English need a boundary.
            if (LooksChinese(token) && token.Length >= 2) return true;
            if (char.IsWhiteSpace(next) || char.IsPunctuation(next) || char.IsSymbol(next)) return true;
        }
        return false;
    }

    private static bool LooksChinese(string s) => s.Any(c => c >= '\u4e00' && c <= '\u9fff');

    /// <summary>
    /// Lower case, punctuation (but question marks) and surrounding spaces removed, inner spaces collapsed to one; then
    /// surrounding question marks removed unless nothing else is left. One pass into a buffer: it runs on every message
    /// several times (intent, language request, bare answer), and allocates only the result.
    /// </summary>
    public static string Normalize(string text)
    {
        var trimmed = text.AsSpan().Trim();
        if (trimmed.Length == 0) return "";
        char[]? rented = null;
        Span<char> buffer = trimmed.Length <= 256 ? stackalloc char[trimmed.Length] : (rented = System.Buffers.ArrayPool<char>.Shared.Rent(trimmed.Length));
        trimmed.ToLowerInvariant(buffer);
        var n = 0;
        var space = false;
        for (var i = 0; i < trimmed.Length; i++)
        {
            var c = buffer[i];
            if (char.IsPunctuation(c) && c is not ('?' or '？')) continue;
            if (char.IsWhiteSpace(c)) { space = true; continue; }
            if (space && n > 0) buffer[n++] = ' '; // a run of spaces between words is one; none at either end
            space = false;
            buffer[n++] = c;
        }
        ReadOnlySpan<char> s = buffer[..n];
        if (s.Length > 1 && s.Trim("?？") is { Length: > 0 } t) s = t;
        var result = new string(s);
        if (rented is not null) System.Buffers.ArrayPool<char>.Shared.Return(rented);
        return result;
    }
}

using System.Globalization;
using System.Reflection;

namespace ComplaintBot.Dialogs.Sentiment.Lexicon;

/// <summary>What a lexicon entry does when it matches.</summary>
public enum EntryKind : byte
{
    /// <summary>Consumes text so that a shorter, misleading entry inside it does not match (好像, 没想到).</summary>
    Neutral,
    Positive,
    Negative,
    Anger,
    Profanity,
    Complaint,
    Threat,
    Safety,
    HumanRequest,
    Negator,
    Intensifier,
    Diminisher,
    /// <summary>但是/but: what came before counts less than what follows.</summary>
    Contrast,
    /// <summary>你们/you: negativity aimed at someone reads as anger rather than sadness.</summary>
    Target,
    /// <summary>A swear that also works as an adverb (fucking, damn): before a positive word it only intensifies it.</summary>
    Expletive,
    /// <summary>lol/haha/😂: scores as positive and marks a swear or jab in the same message as playful.</summary>
    Laughter,
    /// <summary>"sorry to hear", "hope you feel better": negative words around it are shared sadness, not anger.</summary>
    Sympathy,
    /// <summary>呵呵/真行/谢谢你全家: a marker of irony; praise in the same message is read as its opposite.</summary>
    Sarcasm,
}

public readonly record struct LexiconEntry(string Text, EntryKind Kind, float Polarity, float Anger, bool Latin, bool Prefix);

/// <summary>
/// The word lists (zh + en) compiled into one character trie. Matching walks the trie from a position and
/// keeps the longest entry, so 不错 wins over 不, and 好像 (neutral) hides 好. Latin entries only match on
/// word boundaries unless they end in '*' (prefix entries such as fuck*). One dictionary lookup per character,
/// no regular expressions: the analyzer stays well above 100k short messages per second per core.
/// </summary>
public sealed class SentimentLexicon
{
    private readonly Dictionary<long, int> _edges = new();
    /// <summary>First-character edges in a flat table: every position of every message starts there.</summary>
    private readonly int[] _root = new int[char.MaxValue + 1];
    private readonly List<int> _terminal = new() { -1 };
    private readonly List<LexiconEntry> _entries = new();

    public IReadOnlyList<LexiconEntry> Entries => _entries;

    private static readonly Lazy<SentimentLexicon> _default = new(LoadEmbedded);

    /// <summary>The curated zh + en lists shipped in this assembly.</summary>
    public static SentimentLexicon Default => _default.Value;

    private static SentimentLexicon LoadEmbedded()
    {
        var lexicon = new SentimentLexicon();
        var asm = typeof(SentimentLexicon).Assembly;
        foreach (var name in asm.GetManifestResourceNames().Where(n => n.EndsWith(".lex", StringComparison.Ordinal)).Order())
        {
            using var stream = asm.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            lexicon.AddList(reader.ReadToEnd());
        }
        return lexicon;
    }

    /// <summary>
    /// List format: `[kind]` or `[kind polarity anger]` section headers set defaults; each line is
    /// `text` or `text|polarity` or `text|polarity|anger` (for intensifiers/diminishers the number is the factor).
    /// `#` starts a comment line.
    /// </summary>
    public void AddList(string text)
    {
        var kind = EntryKind.Neutral;
        float pol = 0, anger = 0;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            if (line[0] == '[' && line[^1] == ']')
            {
                var parts = line[1..^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                kind = Enum.Parse<EntryKind>(parts[0], ignoreCase: true);
                pol = parts.Length > 1 ? float.Parse(parts[1], CultureInfo.InvariantCulture) : 0;
                anger = parts.Length > 2 ? float.Parse(parts[2], CultureInfo.InvariantCulture) : 0;
                continue;
            }
            var fields = line.Split('|');
            var p = pol;
            var entryKind = kind;
            if (fields.Length > 1)
            {
                // Numbers on a line are magnitudes; the section says which way they point. A weighted line in
                // the neutral section is a plain positive/negative word that also hides shorter entries.
                p = float.Parse(fields[1], CultureInfo.InvariantCulture);
                if (pol < 0) p = -Math.Abs(p);
                else if (pol > 0) p = Math.Abs(p);
                if (kind == EntryKind.Neutral && p != 0) entryKind = p > 0 ? EntryKind.Positive : EntryKind.Negative;
            }
            var a = fields.Length > 2 ? float.Parse(fields[2], CultureInfo.InvariantCulture) : anger;
            Add(fields[0].Trim(), entryKind, p, a);
        }
    }

    public void Add(string text, EntryKind kind, float polarity, float anger)
    {
        var prefix = text.Length > 1 && text[^1] == '*';
        if (prefix) text = text[..^1];
        var normalized = Normalize(text);
        if (normalized.Length == 0) return;
        var latin = IsWordChar(normalized[0]);
        var node = 0;
        foreach (var c in normalized)
        {
            var key = ((long)node << 16) | c;
            if (!_edges.TryGetValue(key, out var next))
            {
                next = _terminal.Count;
                _terminal.Add(-1);
                _edges[key] = next;
                if (node == 0) _root[c] = next;
            }
            node = next;
        }
        var entry = new LexiconEntry(normalized, kind, polarity, anger, latin, prefix);
        if (_terminal[node] >= 0) _entries[_terminal[node]] = entry; // later lists override earlier ones
        else
        {
            _terminal[node] = _entries.Count;
            _entries.Add(entry);
        }
    }

    /// <summary>Longest entry starting at <paramref name="pos"/> that respects word boundaries; 0 when none.</summary>
    public int Match(ReadOnlySpan<char> text, int pos, out int entryIndex)
    {
        entryIndex = -1;
        var best = 0;
        var node = 0;
        for (var i = pos; i < text.Length; i++)
        {
            if (node == 0)
            {
                node = _root[text[i]];
                if (node == 0) break;
            }
            else if (!_edges.TryGetValue(((long)node << 16) | text[i], out node)) break;
            var t = _terminal[node];
            if (t < 0) continue;
            var e = _entries[t];
            var end = i + 1;
            if (e.Latin && !e.Prefix && end < text.Length && IsWordChar(text[end]) && IsWordChar(text[end - 1]) && !IsPossessive(text, end)) continue;
            best = end - pos;
            entryIndex = t;
        }
        return best;
    }

    public LexiconEntry this[int index] => _entries[index];

    /// <summary>'s after a word ends the word for matching, so "idiot's" still finds idiot.</summary>
    private static bool IsPossessive(ReadOnlySpan<char> text, int end)
        => text[end] == '\'' && end + 1 < text.Length && text[end + 1] == 's' && (end + 2 == text.Length || !IsWordChar(text[end + 2]));

    /// <summary>Latin letters, digits and the apostrophe inside words (don't) make up Latin words.</summary>
    public static bool IsWordChar(char c) => c < 0x250 && (char.IsLetterOrDigit(c) || c == '\'');

    public static string Normalize(string s)
    {
        var buf = new char[s.Length];
        for (var i = 0; i < s.Length; i++) buf[i] = NormalizeChar(s[i]);
        return new string(buf).Trim();
    }

    /// <summary>
    /// Lower case, full-width ASCII to half-width, typographic apostrophes to ', traditional Chinese to simplified.
    /// One table lookup per character: every message passes through it.
    /// </summary>
    public static char NormalizeChar(char c) => _fold[c];

    private static readonly char[] _fold = BuildFold();

    private static char[] BuildFold()
    {
        var fold = new char[char.MaxValue + 1];
        for (var i = 0; i <= char.MaxValue; i++)
        {
            var c = (char)i;
            if (c >= '\uFF01' && c <= '\uFF5E') c = (char)(c - 0xFEE0);
            else if (c == '\u2019' || c == '\u2018') c = '\'';
            else if (c == '\u3000') c = ' ';
            if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
            else if (c >= 0x80 && !char.IsSurrogate(c)) c = char.ToLowerInvariant(c);
            fold[i] = c;
        }
        var pairs = TraditionalChinese.Pairs;
        for (var i = 0; i + 1 < pairs.Length; i += 2) fold[pairs[i]] = pairs[i + 1];
        return fold;
    }
}

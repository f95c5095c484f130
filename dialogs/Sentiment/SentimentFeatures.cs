using ComplaintBot.Dialogs.Sentiment.Lexicon;

namespace ComplaintBot.Dialogs.Sentiment;

/// <summary>Which language's heads score a message: any Han character makes it Chinese.</summary>
public enum ModelLanguage { En, Zh }

/// <summary>
/// The one tokenizer of the learned model, used by training and inference alike (a change here means retraining):
/// hashed n-grams of the normalized text (lower case, full-width folded, traditional → simplified, digits → 0) plus
/// dense inputs taken from the lexicon's scores and cues, so the model learns how far to trust the word lists.
/// <list type="bullet">
/// <item>Latin text: word 1–2-grams and character 3–4-grams inside each word (with its boundaries), so misspellings,
/// inflections and elongations ("sooo", "refunded") share weights. Three context marks a linear model cannot build from
/// those: a word inside a negation's scope (after not/never/…n't up to the next , . ; : ! ?) is also a separate "negated"
/// feature; the first two words also count as "opening" features (an outburst leads with it); and when the message
/// addresses someone (you, your, u…) each word is also an "addressed" feature ("stupid" about a thing vs at a person).</item>
/// <item>CJK text: character 1–3-grams of each run of CJK characters.</item>
/// <item>Punctuation: each !/?, and a run of two or more of them.</item>
/// </list>
/// </summary>
public static class SentimentFeatures
{
    /// <summary>Dense inputs: 5 lexicon scores, then one indicator per <see cref="CueKind"/>.</summary>
    public static readonly int DenseCount = 5 + Enum.GetValues<CueKind>().Length;

    public static ModelLanguage LanguageOf(string text)
    {
        foreach (var c in text)
            if (c is >= '\u3400' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF') return ModelLanguage.Zh;
        return ModelLanguage.En;
    }

    /// <summary>The lexicon's view of the message as dense inputs (squashed so a long rant does not dominate).</summary>
    public static float[] Dense(LexiconScore score, IReadOnlyList<SentimentCue> cues)
    {
        var d = new float[DenseCount];
        d[0] = (float)Math.Log(1 + score.Positive);
        d[1] = (float)Math.Log(1 + score.Negative);
        d[2] = (float)Math.Log(1 + score.Anger);
        d[3] = score.Hits > 0 ? 1 : 0;
        d[4] = (float)(score.Anger <= 0 ? 0 : score.Anger / (score.Anger + 1.2));
        foreach (var c in cues) d[5 + (int)c.Kind] = 1;
        return d;
    }

    private static bool IsNegator(ReadOnlySpan<char> w)
        => w is "not" or "no" or "never" or "nothing" or "nobody" or "none" or "nor" or "cannot" or "without" || w.EndsWith("n't");

    private static bool IsAddressee(ReadOnlySpan<char> w)
        => w is "you" or "your" or "you're" or "youre" or "u" or "ur" or "yourself" or "you've" or "you'll";

    /// <summary>Appends the hashed features of <paramref name="text"/> (unmasked, non-negative; may repeat).</summary>
    public static void Hashed(string text, List<int> into)
    {
        var s = text.Length <= 2000 ? text : text[..2000];
        Span<char> buf = s.Length <= 512 ? stackalloc char[s.Length] : new char[s.Length];
        for (var k = 0; k < s.Length; k++)
        {
            var c = SentimentLexicon.NormalizeChar(s[k]);
            buf[k] = c is >= '0' and <= '9' ? '0' : c;
        }
        char p1 = '\0', p2 = '\0';
        var cjkRun = 0;
        uint prevWord = 0;
        var negated = false;
        var addressed = false;
        var words = 0;
        // Word hashes kept for the "addressed" copies, which are known only at the end (the first 128 words).
        Span<uint> seen = stackalloc uint[128];
        var i = 0;
        while (i < buf.Length)
        {
            var c = buf[i];
            if (SentimentLexicon.IsWordChar(c))
            {
                var start = i;
                while (i < buf.Length && SentimentLexicon.IsWordChar(buf[i])) i++;
                var word = buf[start..i];
                var h = Fnv(word, 0x9E3779B9);
                into.Add(Pos(h));
                if (prevWord != 0) into.Add(Pos((prevWord * 31u + h) * 2654435761u));
                if (negated) into.Add(Pos((h ^ 0x5BD1E995u) * 2654435761u));
                if (IsNegator(word)) negated = true;
                if (IsAddressee(word)) addressed = true;
                if (words < 2) into.Add(Pos((h + (uint)words + 7u) * 3266489917u));
                if (words < seen.Length) seen[words] = h;
                words++;
                prevWord = h;
                CharGrams(word, into);
                cjkRun = 0;
                continue;
            }
            if (c > 0x2E80 && !char.IsPunctuation(c) && !char.IsSymbol(c))
            {
                cjkRun++;
                into.Add(Pos(Hash3(c, '\0', '\0', 0x85EBCA6B)));
                if (cjkRun >= 2) into.Add(Pos(Hash3(p1, c, '\0', 0xC2B2AE35)));
                if (cjkRun >= 3) into.Add(Pos(Hash3(p2, p1, c, 0x27D4EB2F)));
                p2 = p1; p1 = c;
                prevWord = 0;
                i++;
                continue;
            }
            if (c is '!' or '?')
            {
                var start = i;
                while (i < buf.Length && buf[i] is '!' or '?') i++;
                for (var k = start; k < i; k++) into.Add(Pos(Hash3(buf[k], '\0', '\0', 0x165667B1)));
                if (i - start >= 2) into.Add(Pos(Hash3(buf[start], buf[i - 1], (char)Math.Min(i - start, 4), 0x165667B1)));
                cjkRun = 0;
                prevWord = 0;
                negated = false;
                continue;
            }
            if (!char.IsWhiteSpace(c))
            {
                cjkRun = 0;
                prevWord = 0;
                if (c is '.' or ',' or ';' or ':') negated = false;
            }
            i++;
        }
        if (addressed)
            foreach (var h in seen[..Math.Min(words, seen.Length)]) into.Add(Pos((h ^ 0x3C6EF372u) * 2246822519u));
    }

    /// <summary>Character 3- and 4-grams of "&lt;word&gt;"; words of one or two letters are covered by the word itself.</summary>
    private static void CharGrams(ReadOnlySpan<char> word, List<int> into)
    {
        if (word.Length < 3 || word.Length > 30) return;
        Span<char> w = stackalloc char[word.Length + 2];
        w[0] = '<';
        word.CopyTo(w[1..]);
        w[^1] = '>';
        for (var n = 3; n <= 4; n++)
            for (var k = 0; k + n <= w.Length; k++)
                into.Add(Pos(Fnv(w.Slice(k, n), 0x7F4A7C15u + (uint)n)));
    }

    private static int Pos(uint h) => (int)(h & 0x7FFFFFFF);

    private static uint Hash3(char a, char b, char c, uint seed)
    {
        var h = 2166136261u ^ seed;
        h ^= a; h *= 16777619u; h ^= b; h *= 16777619u; h ^= c; h *= 16777619u;
        return h ^ (h >> 15);
    }

    private static uint Fnv(ReadOnlySpan<char> s, uint seed)
    {
        var h = 2166136261u ^ seed;
        foreach (var ch in s) { h ^= ch; h *= 16777619u; }
        h ^= h >> 15;
        return h == 0 ? 1 : h;
    }
}

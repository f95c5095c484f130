using System.Buffers;
using ComplaintBot.Dialogs.Sentiment.Lexicon;

namespace ComplaintBot.Dialogs.Sentiment;

/// <summary>Tuning of the rule layer on top of the word lists; the defaults are what the docs/sentiment.md figures were measured with.</summary>
public sealed class LexiconOptions
{
    /// <summary>Units (CJK characters or Latin words) a negator reaches forward.</summary>
    public int NegationScopeZh { get; set; } = 4;
    public int NegationScopeEn { get; set; } = 3;
    /// <summary>How much of a negated positive survives as negative (不满意) and of a negated negative as positive (不贵).</summary>
    public double NegatedPositiveFactor { get; set; } = 0.9;
    public double NegatedNegativeFactor { get; set; } = 0.5;
    /// <summary>Weight kept by the clause before 但是/but.</summary>
    public double BeforeContrastFactor { get; set; } = 0.4;
    /// <summary>Share of plain negativity that counts as anger (annoyance rides on complaint words).</summary>
    public double NegativityToAnger { get; set; } = 0.1;
    /// <summary>Anger added when a negative message addresses someone (你们/you) — anger is other-directed.</summary>
    public double TargetedNegativityAnger { get; set; } = 0.5;
    /// <summary>Emphasis added by a question mark in a negative message (凭什么…？ / why would you…?).</summary>
    public double AccusingQuestionEmphasis { get; set; } = 0.15;
    /// <summary>
    /// Raw anger of a Chinese message that shouts (a run of ！！) without a single sentiment word: the
    /// exclamations are the only cue, and with no praise in sight they are agitation (at the default
    /// <see cref="AngerHalfPoint"/> this alone is anger 0.5). The label stays neutral, so this alone never
    /// escalates. Raised by <see cref="TargetedNegativityAnger"/> when someone is addressed.
    /// </summary>
    public double BareExclamationAnger { get; set; } = 1.2;
    /// <summary>
    /// With an irony marker (呵呵, 真行, 谢谢你全家…) in a Chinese message, praise counts as this much negativity
    /// and this much anger per unit: "服务真好呵呵" is a complaint.
    /// </summary>
    public double SarcasticPraiseFactor { get; set; } = 1.0;
    public double SarcasticPraiseAnger { get; set; } = 0.5;
    /// <summary>
    /// Negativity and anger of an elapsed-time frame in Chinese (都三天了, 已经一个星期了, 等了两个小时): the
    /// customer counts the days, which is impatience even without a complaint word.
    /// </summary>
    public double ElapsedTimeNegativity { get; set; } = 1.3;
    public double ElapsedTimeAnger { get; set; } = 1.0;
    /// <summary>Raw anger at which <see cref="SentimentResult.Anger"/> reaches 0.5.</summary>
    public double AngerHalfPoint { get; set; } = 1.2;

    // English (Latin-script) rules; Chinese messages never reach them.
    /// <summary>
    /// Factor on the anger of messages without CJK text: the English list's weights run hotter than the Chinese
    /// one, so at the same raw sum English would cross the escalation threshold more easily (measured on GoEmotions dev).
    /// </summary>
    public double EnglishAngerScale { get; set; } = 0.86;
    /// <summary>Factor on a positive word that follows an adverbial swear (so fucking good).</summary>
    public double ExpletiveBoost { get; set; } = 1.5;
    /// <summary>Share of anger kept when the message laughs (lol, haha, 😂): the jab is playful.</summary>
    public double LaughterAngerFactor { get; set; } = 0.5;
    /// <summary>Share of anger kept when the message consoles someone (sorry to hear, hope you feel better).</summary>
    public double SympathyAngerFactor { get; set; } = 0.3;
    /// <summary>
    /// Factor on the anger of English swears (profanity and adverbial swears such as fucking/damn): a swear is a
    /// stronger sign of anger than the list weights alone give it. Emphasis before praise is still taken back whole.
    /// </summary>
    public double EnglishSwearAngerFactor { get; set; } = 1.2;
    /// <summary>
    /// Share of anger kept when an English message praises at least as much as it complains: a jab inside a
    /// compliment or a mixed review is not an angry message (and escalation never fires on a positive one anyway).
    /// </summary>
    public double PraiseOutweighsAngerFactor { get; set; } = 0.5;
    /// <summary>
    /// Factor on the anger of a short English message (at most <see cref="OutburstMaxWords"/> words) whose first
    /// anger word or swear comes within its first <see cref="OutburstLeadWords"/> + 1 words: an outburst that leads
    /// with the anger ("Ugh, you idiots…", "Fucking hell.").
    /// </summary>
    public double OutburstAngerFactor { get; set; } = 1.2;
    public int OutburstMaxWords { get; set; } = 12;
    public int OutburstLeadWords { get; set; } = 3;
    /// <summary>
    /// Factor on the anger of an English message of <see cref="ArgumentMinSentences"/> or more sentences: an anger
    /// word inside a longer comment is more often an argument or a report (disapproval) than the writer's anger.
    /// </summary>
    public double ArgumentAngerFactor { get; set; } = 0.85;
    public int ArgumentMinSentences { get; set; } = 3;
    /// <summary>
    /// Factor on the anger of an English message without a single anger word, insult or swear: plain negativity
    /// (terrible, late, useless), "you" and punctuation alone read as disapproval or a complaint more often than as anger.
    /// </summary>
    public double NoAngerWordFactor { get; set; } = 0.5;
}

/// <summary>Raw sums before they are mapped to probabilities; exposed for the evaluation command and the model blend.</summary>
public readonly record struct LexiconScore(double Positive, double Negative, double Anger, int Hits)
{
    public double Polarity => Positive - Negative;
}

/// <summary>
/// The embedded, offline analyzer for zh and en: curated word lists (see Lexicon/*.lex) plus rules for negation
/// scope, intensifiers/diminishers, contrast (但是/but), exclamation and repeated punctuation, ALL CAPS,
/// profanity, threats, safety words and requests for a person. Every contribution is reported as a cue.
/// </summary>
public sealed class LexiconSentimentAnalyzer : ISentimentAnalyzer
{
    public const string ProviderName = "lexicon";
    private readonly SentimentLexicon _lexicon;
    private readonly LexiconOptions _options;

    public LexiconSentimentAnalyzer(SentimentLexicon? lexicon = null, LexiconOptions? options = null)
    {
        _lexicon = lexicon ?? SentimentLexicon.Default;
        _options = options ?? new LexiconOptions();
    }

    public string Name => ProviderName;

    public ValueTask<SentimentResult> AnalyzeAsync(string text, string? locale, CancellationToken ct = default)
        => ValueTask.FromResult(Analyze(text));

    public SentimentResult Analyze(string text)
    {
        var cues = new List<SentimentCue>();
        var score = Score(text, cues);
        return ToResult(score, cues, ProviderName, _options.AngerHalfPoint);
    }

    /// <summary>Maps raw sums to the contract's probabilities, label and anger.</summary>
    public static SentimentResult ToResult(LexiconScore score, IReadOnlyList<SentimentCue> cues, string provider, double angerHalfPoint = 1.2)
    {
        var p = score.Positive;
        var n = score.Negative;
        var total = p + n + 1.0;
        var label = (p, n) switch
        {
            _ when p >= 1 && n >= 1 && Math.Min(p, n) / Math.Max(p, n) >= 0.6 => SentimentLabel.Mixed,
            _ when p - n >= 0.3 => SentimentLabel.Positive,
            _ when n - p >= 0.3 => SentimentLabel.Negative,
            _ => SentimentLabel.Neutral,
        };
        var anger = score.Anger <= 0 ? 0 : score.Anger / (score.Anger + angerHalfPoint);
        return new SentimentResult(label, p / total, 1.0 / total, n / total, Math.Round(anger, 4), cues, provider);
    }

    /// <summary>Scores without building a result; pass null cues on hot paths that only need the numbers.</summary>
    public LexiconScore Score(string text, List<SentimentCue>? cues = null)
    {
        if (string.IsNullOrEmpty(text)) return default;
        var rented = text.Length > 256 ? ArrayPool<char>.Shared.Rent(text.Length) : null;
        Span<char> buf = rented ?? stackalloc char[text.Length];
        buf = buf[..text.Length];
        int upperLetters = 0, lowerLetters = 0, capsWords = 0, words = 0, runUpper = 0, runLetters = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is >= 'A' and <= 'Z') { upperLetters++; runUpper++; runLetters++; }
            else if (c is >= 'a' and <= 'z') { lowerLetters++; runLetters++; }
            else
            {
                if (runLetters >= 3 && runUpper == runLetters) capsWords++;
                if (runLetters > 0) words++;
                runUpper = runLetters = 0;
            }
            buf[i] = SentimentLexicon.NormalizeChar(c);
        }
        if (runLetters >= 3 && runUpper == runLetters) capsWords++;
        if (runLetters > 0) words++;
        // Shouting is a share of the message in capitals; two acronyms or names in a long sentence are not.
        if (capsWords * 3 < words) capsWords = Math.Min(capsWords, 1);
        try
        {
            return Walk(buf, cues, upperLetters, lowerLetters, capsWords);
        }
        finally
        {
            if (rented != null) ArrayPool<char>.Shared.Return(rented);
        }
    }

    private LexiconScore Walk(ReadOnlySpan<char> s, List<SentimentCue>? cues, int upper, int lower, int capsWords)
    {
        double pos = 0, neg = 0, anger = 0, rawAnger = 0;
        int hits = 0, unit = 0, negUntil = -1, modUntil = -1, exclamations = 0, questions = 0, maxRun = 0, maxRunAt = 0, maxBang = 0;
        double modFactor = 1;
        string? negator = null, target = null;
        var hasCjk = false;
        // A degree word whose list entry carries a stand-alone polarity and that modifies no sentiment word before
        // its scope or clause ends counts as that polarity: 有点咸 is scored by 咸, but 有点多 / 太干了 complain
        // through the degree word alone; 好 is "very" in 好难过 and "good" on its own.
        double dangling = 0;
        int danglingUntil = -1, danglingEnd = 0;
        string? danglingText = null;
        var danglingNegated = false;
        // English rules: a pending adverbial swear (its unit, or -1), laughter and consolation seen.
        int expletiveUnit = -1;
        double expletiveNeg = 0, expletiveAnger = 0;
        bool laughter = false, sympathy = false;
        // A sadness or fear word (negative anger in the list) was seen.
        var sad = false;
        // An irony marker (呵呵, 真行…) was seen: praise in the message is sarcastic.
        var sarcasm = false;
        // English outburst vs argument: Latin words seen, the word index of the first anger word, sentences.
        int latinWords = 0, firstAngerWord = -1, sentences = 0;
        var sentenceHasContent = false;
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (IsClauseBreak(c) && !StartsEmoticon(s, i))
            {
                var run = 1;
                while (i + run < s.Length && IsClauseBreak(s[i + run])) run++;
                int bangs = 0, asks = 0;
                for (var k = i; k < i + run; k++)
                {
                    if (s[k] == '!') bangs++;
                    else if (s[k] == '?') asks++;
                }
                exclamations += bangs;
                questions += asks;
                // ？？！！ is astonishment; only a run of ！ without ？ is shouting.
                if (asks == 0) maxBang = Math.Max(maxBang, bangs);
                if (run >= 2 && run > maxRun && (s[i] is '!' or '?' || s[i + run - 1] is '!' or '?')) { maxRun = run; maxRunAt = i; }
                negUntil = modUntil = expletiveUnit = -1;
                modFactor = 1;
                if (dangling != 0) ResolveDangling(atClauseEnd: true);
                if (sentenceHasContent && (bangs + asks > 0 || s[i] is '.' or '\n' || s[i + run - 1] is '.' or '\n'))
                {
                    sentences++;
                    sentenceHasContent = false;
                }
                i += run;
                continue;
            }
            var latinStart = SentimentLexicon.IsWordChar(c) && (i == 0 || !SentimentLexicon.IsWordChar(s[i - 1]));
            var isLatin = SentimentLexicon.IsWordChar(c);
            if (isLatin && !latinStart) { i++; continue; }
            if (latinStart) latinWords++;
            if (!char.IsWhiteSpace(c)) sentenceHasContent = true;
            if (!isLatin && c > 0x2E80 && !char.IsSurrogate(c)) hasCjk = true; // emoji are not CJK
            if (dangling != 0 && unit > danglingUntil) ResolveDangling(atClauseEnd: false);
            var elapsed = c is '都' or '已' or '等' ? MatchElapsedTime(s, i) : 0;
            if (elapsed > 0)
            {
                hits++;
                dangling = 0;
                modFactor = 1; modUntil = -1;
                neg += _options.ElapsedTimeNegativity;
                rawAnger += _options.ElapsedTimeAnger;
                cues?.Add(new SentimentCue(CueKind.Complaint, s.Slice(i, elapsed).ToString(), _options.ElapsedTimeAnger));
                unit += elapsed;
                i += elapsed;
                continue;
            }
            var len = _lexicon.Match(s, i, out var idx);
            if (len == 0)
            {
                if (isLatin) { while (i < s.Length && SentimentLexicon.IsWordChar(s[i])) i++; unit++; }
                else { if (!char.IsWhiteSpace(c)) unit++; i++; }
                continue;
            }
            var e = _lexicon[idx];
            var entryUnits = e.Latin ? CountWords(e.Text) : len;
            switch (e.Kind)
            {
                case EntryKind.Neutral:
                    break;
                case EntryKind.Negator:
                    // A negator's list entry may carry its own reach: 没有 spans a comparison (没有店里的好吃).
                    negUntil = unit + entryUnits - 1 + (e.Polarity > 0 ? (int)e.Polarity : e.Latin ? _options.NegationScopeEn : _options.NegationScopeZh);
                    negator = e.Text;
                    break;
                case EntryKind.Intensifier:
                case EntryKind.Diminisher:
                    if (e.Anger != 0 && !e.Latin)
                    {
                        // 特别好 keeps 特别's weight; 不是太好 keeps its negation.
                        dangling = e.Anger * (unit <= modUntil ? modFactor : 1);
                        danglingText = e.Text;
                        danglingNegated = unit <= negUntil;
                        if (danglingNegated)
                        {
                            dangling = dangling > 0 ? -dangling * _options.NegatedPositiveFactor : -dangling * _options.NegatedNegativeFactor;
                            danglingText = negator + "…" + e.Text;
                        }
                    }
                    modFactor *= e.Polarity;
                    modUntil = unit + entryUnits - 1 + (e.Latin ? 2 : 3);
                    danglingEnd = unit + entryUnits;
                    cues?.Add(new SentimentCue(e.Kind == EntryKind.Intensifier ? CueKind.Intensifier : CueKind.Diminisher, e.Text, e.Polarity));
                    danglingUntil = modUntil;
                    break;
                case EntryKind.Target:
                    target ??= e.Text;
                    break;
                case EntryKind.Sympathy:
                    sympathy = true;
                    cues?.Add(new SentimentCue(CueKind.Positive, e.Text, 0));
                    break;
                case EntryKind.Contrast:
                    pos *= _options.BeforeContrastFactor;
                    neg *= _options.BeforeContrastFactor;
                    sympathy = false; // "sorry, but…" only prefaces what follows
                    break;
                default:
                {
                    hits++;
                    dangling = 0;
                    double f = unit <= modUntil ? modFactor : 1;
                    modFactor = 1; modUntil = -1;
                    double p = e.Polarity * f, a = e.Anger * f;
                    if (e.Latin && e.Kind is EntryKind.Profanity or EntryKind.Expletive) a *= _options.EnglishSwearAngerFactor;
                    var negatable = e.Kind is EntryKind.Positive or EntryKind.Negative or EntryKind.Anger or EntryKind.Complaint;
                    if (negatable && unit <= negUntil)
                    {
                        cues?.Add(new SentimentCue(CueKind.Negation, negator + "…" + e.Text, p));
                        p = p > 0 ? -p * _options.NegatedPositiveFactor : -p * _options.NegatedNegativeFactor;
                        a = 0;
                        negUntil = -1;
                    }
                    else cues?.Add(new SentimentCue(CueFor(e.Kind, p), e.Text, e.Kind is EntryKind.Positive or EntryKind.Negative ? p : a));
                    if (e.Kind == EntryKind.Laughter) laughter = true;
                    if (firstAngerWord < 0 && e.Latin && a > 0 && e.Kind is EntryKind.Anger or EntryKind.Profanity or EntryKind.Expletive)
                        firstAngerWord = latinWords - 1;
                    if (a < 0 && !e.Latin) sad = true;
                    if (e.Kind == EntryKind.Sarcasm) sarcasm = true;
                    // "so fucking good": the swear was emphasis, not anger; take it back and boost the praise.
                    if (p > 0 && expletiveUnit >= 0 && unit - expletiveUnit <= 2)
                    {
                        neg -= expletiveNeg;
                        rawAnger -= expletiveAnger;
                        p *= _options.ExpletiveBoost;
                        cues?.Add(new SentimentCue(CueKind.Intensifier, "expletive", _options.ExpletiveBoost));
                    }
                    expletiveUnit = -1;
                    if (e.Kind == EntryKind.Expletive && p < 0) { expletiveUnit = unit + entryUnits - 1; expletiveNeg = -p; expletiveAnger = a; }
                    if (p > 0) pos += p; else neg -= p;
                    rawAnger += a;
                    break;
                }
            }
            unit += entryUnits;
            i += len;
        }

        if (dangling != 0) ResolveDangling(atClauseEnd: true);
        if (sarcasm && pos > 0)
        {
            // "服务真好呵呵": the praise is the complaint, said the other way round.
            neg += pos * _options.SarcasticPraiseFactor;
            rawAnger += pos * _options.SarcasticPraiseAnger;
            cues?.Add(new SentimentCue(CueKind.Anger, "sarcasm", pos * _options.SarcasticPraiseAnger));
            pos = 0;
        }
        anger = rawAnger;
        // Emphasis amplifies whatever the message already says; on its own it is not anger.
        var emphasis = 0.0;
        if (maxRun >= 2) { emphasis += 0.25 + 0.1 * Math.Min(maxRun - 2, 3); cues?.Add(new SentimentCue(CueKind.Punctuation, s.Slice(maxRunAt, maxRun).ToString(), 0.25)); }
        else if (exclamations > 0) emphasis += 0.1 * Math.Min(exclamations, 3);
        var letters = upper + lower;
        if (!hasCjk && (capsWords >= 2 || (letters >= 8 && upper >= 0.7 * letters)))
        {
            emphasis += 0.35;
            cues?.Add(new SentimentCue(CueKind.Caps, "CAPS", 0.35));
        }
        if (neg > pos)
        {
            if (questions > 0) emphasis += _options.AccusingQuestionEmphasis;
            neg *= 1 + emphasis;
            anger = rawAnger * (1 + emphasis) + _options.NegativityToAnger * (neg - pos) + (emphasis > 0.2 ? emphasis : 0);
            // 舍不得你 / 想你们: sadness addressed to someone is longing, not anger at them.
            if (target != null && !sympathy && !sad)
            {
                anger += _options.TargetedNegativityAnger;
                cues?.Add(new SentimentCue(CueKind.Target, target, _options.TargetedNegativityAnger));
            }
        }
        else if (pos > neg) pos *= 1 + emphasis;
        // The run's punctuation cue above already explains this anger.
        else if (hasCjk && hits == 0 && maxBang >= 2)
            anger += _options.BareExclamationAnger + (target != null ? _options.TargetedNegativityAnger : 0);
        if (!hasCjk && pos > 0 && pos >= neg) anger *= _options.PraiseOutweighsAngerFactor;
        if (laughter) anger *= _options.LaughterAngerFactor;
        if (sympathy) anger *= _options.SympathyAngerFactor;
        if (sentenceHasContent) sentences++;
        if (!hasCjk)
        {
            anger *= _options.EnglishAngerScale;
            if (!laughter && firstAngerWord >= 0 && firstAngerWord <= _options.OutburstLeadWords && latinWords <= _options.OutburstMaxWords)
                anger *= _options.OutburstAngerFactor;
            if (sentences >= _options.ArgumentMinSentences) anger *= _options.ArgumentAngerFactor;
            if (firstAngerWord < 0) anger *= _options.NoAngerWordFactor;
        }
        return new LexiconScore(pos, neg, Math.Max(0, anger), hits);

        // Praise stands alone only at the end of its clause (送得快。/ 好！); 快一周了 and 好几天 are not praise.
        void ResolveDangling(bool atClauseEnd)
        {
            if (dangling > 0 && !danglingNegated && (!atClauseEnd || unit - danglingEnd > 1)) { dangling = 0; return; }
            if (dangling > 0) pos += dangling; else neg -= dangling;
            cues?.Add(new SentimentCue(danglingNegated ? CueKind.Negation : dangling > 0 ? CueKind.Positive : CueKind.Negative, danglingText + "…", dangling));
            dangling = 0;
        }
    }

    private static CueKind CueFor(EntryKind kind, double polarity) => kind switch
    {
        EntryKind.Positive or EntryKind.Laughter => CueKind.Positive,
        EntryKind.Expletive => CueKind.Profanity,
        EntryKind.Negative => polarity > 0 ? CueKind.Positive : CueKind.Negative,
        EntryKind.Anger or EntryKind.Sarcasm => CueKind.Anger,
        EntryKind.Profanity => CueKind.Profanity,
        EntryKind.Complaint => CueKind.Complaint,
        EntryKind.Threat => CueKind.Threat,
        EntryKind.Safety => CueKind.Safety,
        EntryKind.HumanRequest => CueKind.HumanRequest,
        _ => CueKind.Negative,
    };

    /// <summary>
    /// Length of an elapsed-time frame starting at <paramref name="i"/>, 0 when there is none: 都三天了, 都已经一个多月了,
    /// 已经两个星期了, 都几点了 (the 了 is required: the wait is over the top) and 等了一个小时 (no 了 needed).
    /// </summary>
    internal static int MatchElapsedTime(ReadOnlySpan<char> s, int i)
    {
        var j = i;
        bool needLe;
        if (At(s, j, "等了")) { j += 2; needLe = false; }
        else
        {
            if (s[j] == '都') j++;
            if (At(s, j, "已经")) j += 2;
            if (j == i) return 0;
            needLe = true;
        }
        var start = j;
        var numeral = false;
        while (j < s.Length && j - start < 6 && "0123456789一二两三四五六七八九十百几半多好个整".Contains(s[j]))
        {
            if (s[j] is not ('多' or '好' or '个' or '整')) numeral = true;
            j++;
        }
        if (!numeral) return 0;
        var unitLength = At(s, j, "分钟") || At(s, j, "小时") || At(s, j, "钟头") || At(s, j, "星期") || At(s, j, "礼拜") ? 2
            : j < s.Length && s[j] is '天' or '周' or '月' or '年' || (needLe && j < s.Length && s[j] is '号' or '点') ? 1 : 0;
        if (unitLength == 0) return 0;
        j += unitLength;
        if (j < s.Length && s[j] == '多') j++;
        if (j < s.Length && s[j] == '了') return j + 1 - i;
        return needLe ? 0 : j - i;

        static bool At(ReadOnlySpan<char> s, int at, string word) => s.Length - at >= word.Length && s.Slice(at, word.Length).SequenceEqual(word);
    }

    private static int CountWords(string s)
    {
        var n = 1;
        foreach (var ch in s) if (ch == ' ') n++;
        return n;
    }

    /// <summary>:) :( :/ ;) keep their punctuation; everything else at a clause break resets scopes.</summary>
    private bool StartsEmoticon(ReadOnlySpan<char> s, int i)
        => s[i] is ':' or ';' && i + 1 < s.Length && _lexicon.Match(s, i, out _) > 0;

    private static bool IsClauseBreak(char c) => c is '!' or '?' or '.' or ',' or ';' or ':' or '\n'
        or '。' or '，' or '、' or '；' or '…' or '~' or '～';
}

using ComplaintBot.Dialogs.Nlu;

namespace ComplaintBot.Tests.Nlu;

public sealed class KeywordRulesTests
{
    // Phone keyboards (iOS, Android smart punctuation) type ’ where the word lists have '.
    [Theory]
    [InlineData("I don’t remember the number")]
    [InlineData("I can‘t remember")]
    [InlineData("I don't remember the number")]
    public void A_phrase_with_an_apostrophe_matches_whichever_apostrophe_the_customer_typed(string text)
        => Assert.True(KeywordRules.Default.SaysCannotProve(text));

    [Fact]
    public void A_request_typed_with_a_typographic_apostrophe_is_a_request()
        => Assert.True(KeywordRules.Default.AsksForSomething("I’d like my money back"));

    [Fact]
    public void Other_punctuation_in_place_of_the_apostrophe_does_not_match()
        => Assert.False(KeywordRules.Default.SaysCannotProve("I don-t remember"));

    /// <summary>What Normalize did as LINQ and a regex replace, kept as the definition the one-pass version must meet.</summary>
    private static string NormalizeByDefinition(string text)
    {
        var chars = text.Trim().ToLowerInvariant().Where(c => !char.IsPunctuation(c) || c is '?' or '？').ToArray();
        var s = System.Text.RegularExpressions.Regex.Replace(new string(chars), "\\s+", " ").Trim();
        return s.Length > 1 ? s.Trim('?', '？') is { Length: > 0 } t ? t : s : s;
    }

    public static TheoryData<string> Texts()
    {
        var data = new TheoryData<string>
        {
            "", " ", "?", "？", "??", " ? ", "?a?", "…", "Hello,   World!", "\tTHANKS\u00a0a lot!!\n", "好的，谢谢！", "  人工 客服 ",
            "don’t — stop", "ÄÖÜ İstanbul ΣΑΣ", "a . b", ". a", "a .", "what can you do?", "？？你好？？", "\u2028x\u2029y\u0085z",
            new string('x', 300) + " , " + new string('Y', 300),
        };
        foreach (var lang in new[] { "en", "zh" })
            foreach (var line in File.ReadLines(Path.Combine(ComplaintBot.Tests.Complaints.RepoPaths.Root, "tests", "Nlu", $"understanding-{lang}.tsv")).Skip(1))
                data.Add(line.Split('\t')[0]);
        return data;
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void Normalizing_lowercases_drops_punctuation_but_question_marks_and_collapses_spaces(string text)
        => Assert.Equal(NormalizeByDefinition(text), KeywordRules.Normalize(text));
}

/// <summary>Keyword look-ups run several times on every message: counted, not timed.</summary>
[Collection(nameof(Performance.AllocationCounting))]
public sealed class KeywordRulesAllocationTests
{
    [Theory]
    [InlineData("Hello, is anybody there?")]
    [InlineData("你好，在吗")]
    public void Looking_for_keywords_a_message_does_not_contain_allocates_nothing(string text)
    {
        var rules = KeywordRules.Default;
        int LookUp() => rules.Problems(text).Count + rules.Wishes(text).Count
            + (rules.SaysComplaint(text) ? 1 : 0) + (rules.SaysNoComplaint(text) ? 1 : 0)
            + (rules.SaysCannotProve(text) ? 1 : 0) + (rules.SaysOrderNotAtHand(text) ? 1 : 0);
        Assert.Equal(0, LookUp());

        var before = GC.GetAllocatedBytesForCurrentThread();
        var found = 0;
        for (var i = 0; i < 10; i++) found += LookUp();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, found);
        Assert.True(allocated == 0, $"{allocated} bytes allocated by 10 look-ups");
    }

    [Theory]
    [InlineData("The mug I ordered arrived broken, the box was crushed.")]
    [InlineData("我买的杯子到了是碎的，盒子都压扁了。")]
    public void Reading_the_intent_a_language_request_and_a_bare_answer_allocates_only_the_normalized_text(string text)
    {
        var rules = KeywordRules.Default;
        int LookUp() => (int)rules.Intent(text) + (rules.LanguageRequest(text) is null ? 0 : 1) + (rules.IsBareAnswer(text) ? 1 : 0);
        var none = LookUp();
        Assert.Equal((int)Intent.None, none);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++) LookUp();
        var perLookUp = (GC.GetAllocatedBytesForCurrentThread() - before) / 10;

        // Each of the three normalizes the text once: one string of at most its length each (24 bytes of header).
        var bound = 3 * (24 + 2 * text.Length + 8);
        Assert.True(perLookUp <= bound, $"{perLookUp} bytes per look-up, bound {bound}");
    }
}

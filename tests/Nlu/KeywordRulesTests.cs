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
}

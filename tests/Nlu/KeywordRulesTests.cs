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

using ComplaintBot.Dialogs.Handoff;

namespace ComplaintBot.Tests.Agents;

/// <summary>The score after an agent resolved the case: read like the bot's own rating question reads it.</summary>
public sealed class CsatParserTests
{
    [Theory]
    [InlineData("5", 5)]
    [InlineData("4分", 4)]
    [InlineData("★★★", 3)]
    [InlineData("five", 5)]
    [InlineData("Four stars!", 4)]
    [InlineData("one star", 1)]
    public void A_score_in_digits_chinese_stars_or_english_words_is_read(string text, int score)
        => Assert.Equal(score, CsatParser.Parse(text));

    [Theory]
    [InlineData("ten")]
    [InlineData("someone else took it")]
    [InlineData("7")]
    public void Other_answers_are_no_score(string text)
        => Assert.Null(CsatParser.Parse(text));
}

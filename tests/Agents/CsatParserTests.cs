using ComplaintBot.Dialogs.Handoff;
using ComplaintBot.Dialogs.Nlu;

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
    [InlineData("4分吧，处理速度还可以", 4, "处理速度还可以")]
    [InlineData("3, it took way too long to get a human", 3, "it took way too long to get a human")]
    [InlineData("处理速度还可以，给4分", 4, "处理速度还可以")]
    [InlineData("五星好评", 5, "好评")]
    [InlineData("I'd give it a 2, the agent was rude", 2, "the agent was rude")]
    [InlineData("5", 5, null)]
    [InlineData("4/5!", 4, null)]
    public void A_score_inside_a_sentence_is_read_with_the_rest_as_the_comment(string text, int score, string? comment)
        => Assert.Equal(new Rating(score, comment), RatingParser.Parse(text));

    [Theory]
    [InlineData("2 items are missing from my order")]
    [InlineData("4 or 5")]
    [InlineData("3分还是4分吧")]
    [InlineData("10")]
    [InlineData("三天才到")]
    public void A_number_that_is_no_single_score_is_not_read_as_one(string text)
        => Assert.Null(RatingParser.Parse(text));

    [Theory]
    [InlineData("ten")]
    [InlineData("someone else took it")]
    [InlineData("7")]
    public void Other_answers_are_no_score(string text)
        => Assert.Null(CsatParser.Parse(text));
}

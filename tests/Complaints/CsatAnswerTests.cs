namespace ComplaintBot.Tests.Complaints;

/// <summary>The answer to the satisfaction question at the end of the flow, in zh-CN and en-US.</summary>
public sealed class CsatAnswerTests
{
    private static string L(string lang, string zh, string en) => lang == "zh-CN" ? zh : en;

    private static async Task<Support.TestAdapter> AtTheRatingAsync(ComplaintHarness h, string lang)
    {
        var c = h.Owner(lang, "SO10000001");
        await c.Say(L(lang, "订单SO10000001的杯子碎了，我要退款", "My mug from order SO10000001 arrived broken, I want a refund"));
        await c.Say(L(lang, "是的", "yes"));
        await c.Say("1", h.T(lang, "csat.ask"));
        return c;
    }

    [Theory]
    [InlineData("en-US", "five", 5)]
    [InlineData("en-US", "Four stars", 4)]
    [InlineData("zh-CN", "五分", 5)]
    public async Task A_rating_in_words_is_taken(string lang, string answer, int score)
    {
        using var h = new ComplaintHarness();
        var c = await AtTheRatingAsync(h, lang);
        await c.Say(answer, h.T(lang, "csat.thanks", new { score }));
        Assert.Equal(score, (await h.OnlyCaseAsync(c)).Csat);
    }

    /// <summary>Issue 13 point 8: a score inside a sentence is taken, and the rest is kept on the case as the comment.</summary>
    [Theory]
    [InlineData("zh-CN", "4分吧，处理速度还可以", 4, "处理速度还可以")]
    [InlineData("en-US", "3, it took way too long to get a human", 3, "it took way too long to get a human")]
    public async Task A_score_inside_a_sentence_is_taken_and_the_comment_kept_on_the_case(string lang, string answer, int score, string comment)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000001");
        await c.Say(L(lang, "订单SO10000001的杯子碎了，我要退款", "My mug from order SO10000001 arrived broken, I want a refund"));
        await c.Say(L(lang, "是的", "yes"));
        var asked = await c.Say("1", h.T(lang, "csat.ask"));
        Assert.EndsWith("1 | 2 | 3 | 4 | 5", asked.Buttons());
        await c.Say(answer, h.T(lang, "csat.thanks", new { score, comment }));
        var k = await h.OnlyCaseAsync(c);
        Assert.Equal((score, comment), (k.Csat, k.CsatComment));
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task A_second_answer_that_is_no_rating_is_answered_not_met_with_silence(string lang)
    {
        using var h = new ComplaintHarness();
        var c = await AtTheRatingAsync(h, lang);
        await c.Say(L(lang, "非常满意", "great service"), h.T(lang, "csat.invalid"));
        var replies = await c.SendAsync(L(lang, "挺好的", "really good"));
        Assert.Equal([h.T(lang, "csat.skipped")], replies.Select(r => r.Text));
        Assert.Null((await h.OnlyCaseAsync(c)).Csat);
    }
}

using ComplaintBot.Dialogs.Sentiment;

namespace ComplaintBot.Tests.Complaints;

/// <summary>
/// Issue 13 point 3 (a rant quoted back as the customer's wish): a wish is only what the customer asked for. An answer
/// to "what would you like us to do?" that vents gets the feeling acknowledged and the wish asked openly; the next answer
/// that asks for something is the wish. Run with the shipped default analyzer (the learned model).
/// </summary>
public sealed class WishTranscriptTests
{
    private static string L(string lang, string zh, string en) => lang == "zh-CN" ? zh : en;

    [Theory]
    [InlineData("en-US", "This is ridiculous, I've waited two weeks and nobody answers my emails")]
    [InlineData("zh-CN", "太离谱了，两个星期了，发邮件也没人回")]
    public async Task A_rant_is_acknowledged_and_the_wish_asked_openly_instead_of_quoted_as_the_wish(string lang, string rant)
    {
        using var h = new ComplaintHarness(sentiment: new ModelSentimentAnalyzer(SentimentModel.Default));
        var c = h.Owner(lang, "SO10000001");
        await c.Say(L(lang, "我的订单SO10000001收到的马克杯碎了", "My mug from order SO10000001 arrived broken"), h.T(lang, "clarify.ask_wish"));
        var replies = await c.Say(rant, h.T(lang, "clarify.wish_feeling"));
        Assert.DoesNotContain(replies, r => r.Text!.Contains(rant));
        Assert.DoesNotContain(replies, r => r.Text == h.T(lang, "clarify.not_understood"));
        Assert.Null((await h.OnlyCaseAsync(c)).Facts.WishText);
        // What the customer then asks for is the wish.
        await c.Say(L(lang, "我要换一个新的", "I want an exchange"), h.T(lang, "labels.wish_exchange"), h.T(lang, "restate.yes"));
        var k = await h.OnlyCaseAsync(c);
        Assert.Equal("Exchange", k.Facts.Wish);
        Assert.Null(k.Facts.WishText);
    }
}

using ComplaintBot.Dialogs.Complaints;

namespace ComplaintBot.Tests.Complaints;

/// <summary>
/// Issue 13 (language right, facts said back true): after the customer switches language mid-chat, the product is said
/// back in the new language (it was quoted in the old one: "the 无线降噪耳机 from order …", "「wireless noise-cancelling
/// headphones」"), and the case follows the switch, so the written confirmation and the follow-up within 24 h are written
/// in the language the customer now uses.
/// </summary>
public sealed class LanguageSwitchFactsTests
{
    private static string Other(string lang) => lang == "zh-CN" ? "en-US" : "zh-CN";
    private static string L(string lang, string zh, string en) => lang == "zh-CN" ? zh : en;

    /// <param name="lang">The language the customer starts in; the wish comes in the other one.</param>
    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task After_a_switch_the_product_and_the_case_are_in_the_new_language(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000004");
        await c.Say(L(lang, "订单SO10000004还没到，等了一个星期了", "Order SO10000004 still hasn't arrived, it's been a week"), h.T(lang, "clarify.ask_wish"));
        var now = Other(lang);
        var product = L(now, "无线降噪耳机", "wireless noise-cancelling headphones");
        var old = L(lang, "无线降噪耳机", "wireless noise-cancelling headphones");
        var restated = await c.Say(L(lang, "I want a refund", "我要退款"), product, h.T(now, "labels.wish_refund"));
        Assert.DoesNotContain(restated, r => r.Text!.Contains(old));
        await c.Say(L(now, "是的", "yes"));
        var confirmed = await c.Say("1", h.T(now, "csat.ask"));
        var card = confirmed.SelectMany(a => a.Attachments ?? []).Single(a => a.ContentType == ConfirmStep.ContentType);
        Assert.Equal(product, card.Content!["product"]!.GetValue<string>());

        var k = await h.OnlyCaseAsync(c);
        Assert.Equal(now, k.Locale);
        Assert.Equal(product, k.ProductName);
    }
    /// <param name="lang">The language the remedy is agreed in; the customer switches to the other one at the rating question.</param>
    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task After_a_switch_the_steps_of_the_written_confirmation_follow_the_new_language_where_they_are_shown_again(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000001");
        await c.Say(L(lang, "订单SO10000001的杯子碎了，我要换货", "The mug from order SO10000001 arrived broken, I want an exchange"), h.T(lang, "restate.yes"));
        await c.Say(L(lang, "是的", "yes"), h.T(lang, "remedies.remedy_exchange"));
        await c.Say("1", h.T(lang, "confirm.step_pickup"), h.T(lang, "csat.ask"));
        var now = Other(lang);
        await c.Say(L(now, "说中文", "in English please"), h.T(now, "csat.ask"));

        string[] Steps(string l) => [h.T(l, "confirm.step_pickup"), h.T(l, "confirm.step_ship_replacement"), h.T(l, "confirm.step_coupon", new { amount = "15" })];
        string[] Owners(string l) => [h.T(l, "confirm.owner_logistics"), h.T(l, "confirm.owner_warehouse"), h.T(l, "confirm.owner_service")];
        var k = await h.OnlyCaseAsync(c);
        Assert.Equal(now, k.Locale);
        Assert.Equal(Steps(now), k.Steps.Select(st => st.What));
        Assert.Equal(Owners(now), k.Steps.Select(st => st.Owner));

        // The follow-up within 24 h names the next step in the language the customer now writes.
        var followUp = new Dialogs.FollowUps.FollowUpDispatcher(h.Cases, h.Composition.Messages, h.Composition.Hours, h.Clock,
            new Bot.Agents.ChannelRouter([]), Microsoft.Extensions.Options.Options.Create(h.FollowUpOptions)).Message(k).Text!;
        Assert.Contains(Steps(now), followUp.Contains);
        Assert.DoesNotContain(Steps(lang), followUp.Contains);
    }
}

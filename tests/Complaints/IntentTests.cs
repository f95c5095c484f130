using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Complaints;
using ComplaintBot.Dialogs.Schema;

namespace ComplaintBot.Tests.Complaints;

/// <summary>
/// Issue 13 point 6: not every first message is a complaint. Questions are answered from the shop's FAQ
/// (prompts/*/faq.yaml) or offered a person, "not a complaint" is taken at its word, emoji are read as the mood they
/// show, and only a complaint opens a case — a request for a person leaves an enquiry record the dashboard doesn't count.
/// </summary>
public sealed class IntentTests
{
    private static string L(string lang, string zh, string en) => lang == "zh-CN" ? zh : en;

    private static async Task JoinAsync(Support.TestAdapter c)
        => await c.SendAsync(new Activity { Type = ActivityTypes.ConversationUpdate, MembersAdded = [new ChannelAccount { Id = "user1" }] });

    private static CaseStatisticsQuery Today => new(ComplaintHarness.OfficeHours.AddDays(-1), ComplaintHarness.OfficeHours.AddDays(1),
        ComplaintHarness.OfficeHours, TimeZoneInfo.Utc);

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task A_question_about_gift_cards_is_answered_from_the_faq_and_opens_no_case(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        await JoinAsync(c);
        var replies = await c.SendAsync(L(lang, "你们卖礼品卡吗？", "do you sell gift cards?"));
        Assert.Equal([h.T(lang, "faq.gift_cards")], replies.Select(r => r.Text));
        Assert.Empty(await h.CasesOfAsync(c));
        // A complaint afterwards is still the conversation's first case.
        await c.Say(L(lang, "订单SO10000001的杯子碎了", "My mug from order SO10000001 arrived broken"), "C20261124-0001");
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task The_returns_question_quotes_the_return_window_from_the_policy_settings(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        var days = RepoPaths.Options<Dialogs.Policy.PolicyOptions>(Dialogs.Policy.PolicyOptions.Section).ReturnWindowDays;
        await c.Say(L(lang, "请问可以退货吗？", "Can I return an item I don't like?"), h.T(lang, "faq.returns_policy", new { returnWindowDays = days }));
        Assert.Empty(await h.CasesOfAsync(c));
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task Saying_it_is_not_a_complaint_opens_no_case(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        await JoinAsync(c);
        var replies = await c.SendAsync(L(lang, "我不是要投诉", "This is not a complaint"));
        Assert.Equal([h.T(lang, "greeting.unrelated")], replies.Select(r => r.Text));
        Assert.Empty(await h.CasesOfAsync(c));
        Assert.Empty(h.Handoff.Requests);
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task An_angry_emoji_and_a_thumbs_up_are_read_as_the_moods_they_show(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        await JoinAsync(c);
        Assert.Equal([h.T(lang, "greeting.mood_negative")], (await c.SendAsync("😡😡")).Select(r => r.Text));
        Assert.Equal([h.T(lang, "greeting.mood_positive")], (await c.SendAsync("👍")).Select(r => r.Text));
        Assert.NotEqual(h.T(lang, "greeting.mood_negative"), h.T(lang, "greeting.mood_positive"));
        Assert.Empty(await h.CasesOfAsync(c));
        // Telling what happened after the angry face is the complaint.
        await c.Say(L(lang, "订单SO10000001的杯子碎了", "My mug from order SO10000001 arrived broken"), "C20261124-0001");
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task A_question_the_faq_cannot_answer_offers_a_person_who_gets_the_conversation_without_any_case(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        await JoinAsync(c);
        var offer = await c.Say(L(lang, "可以用支付宝付款吗？", "Can I pay with Alipay?"), h.T(lang, "faq.unknown"));
        Assert.Equal(h.T(lang, "faq.button_agent"), offer.Buttons());
        Assert.Empty(await h.CasesOfAsync(c));

        var handedOver = await c.SendAsync(h.T(lang, "faq.button_agent"));
        var request = Assert.Single(h.Handoff.Requests);
        Assert.Equal(HandoffTriggers.HumanRequest, request.Trigger);
        Assert.Null(request.Case);
        Assert.Empty(await h.CasesOfAsync(c));
        Assert.Equal([h.T(lang, "handoff.person_no_case")], handedOver.Select(r => r.Text));
        // No complaint was registered: no acknowledgement, and the dashboard counts nothing.
        Assert.DoesNotContain(handedOver, r => r.Text!.Contains(h.T(lang, "acknowledge.calm")));
        Assert.Equal(0, (await h.Cases.GetStatisticsAsync(Today)).Total);
    }
    /// <summary>The bot says it answers shipping times and returns: everyday wordings of those questions get those answers.</summary>
    [Theory]
    [InlineData("zh-CN", "你们几点发货？", "shipping_times")]
    [InlineData("zh-CN", "退货要多久？", "returns_policy")]
    [InlineData("en-US", "when do you ship orders?", "shipping_times")]
    [InlineData("en-US", "how long do returns take?", "returns_policy")]
    public async Task Everyday_wordings_of_the_topics_the_faq_answers_get_their_answer(string lang, string question, string topic)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        var options = RepoPaths.Options<ComplaintOptions>(ComplaintOptions.Section);
        var values = new Dictionary<string, object?>(options.FaqValues.ToDictionary(kv => kv.Key, kv => (object?)kv.Value))
        {
            ["returnWindowDays"] = RepoPaths.Options<Dialogs.Policy.PolicyOptions>(Dialogs.Policy.PolicyOptions.Section).ReturnWindowDays,
        };
        var replies = await c.SendAsync(question);
        Assert.Equal([h.T(lang, "faq." + topic, values)], replies.Select(r => r.Text));
        Assert.Empty(await h.CasesOfAsync(c));
    }
}

using ComplaintBot.Dialogs.Complaints;
using ComplaintBot.Dialogs.Schema;

namespace ComplaintBot.Tests.Complaints;

/// <summary>
/// The customer's first message after the welcome (storefront chats start with a conversationUpdate): it is always
/// acknowledged in the language it is written in, even when it hands the conversation to a person at once, and a
/// bare greeting opens no case.
/// </summary>
public sealed class FirstMessageTests
{
    private static string L(string lang, string zh, string en) => lang == "zh-CN" ? zh : en;

    private static async Task JoinAsync(Support.TestAdapter c)
        => await c.SendAsync(new Activity { Type = ActivityTypes.ConversationUpdate, MembersAdded = [new ChannelAccount { Id = "user1" }] });

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task An_angry_first_message_without_a_locale_is_acknowledged_before_the_hand_off_in_its_own_language(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        var noLocale = new Support.TestAdapter(h.Bot) { Locale = null, ConversationId = c.ConversationId + "-x" };
        await JoinAsync(noLocale);
        var replies = await noLocale.SendAsync(L(lang, "你们这帮骗子，杯子碎了还不管，垃圾店！！！", "You fucking scammers, my mug arrived broken!!!"));
        var texts = replies.Where(r => r.Type == ActivityTypes.Message).Select(r => r.Text!).ToList();
        Assert.True(texts.Count >= 2, string.Join("\n", texts));
        Assert.StartsWith(h.T(lang, "acknowledge.angry"), texts[0]);
        var number = Assert.Single(await h.Cases.QueryAsync(new Dialogs.Cases.CaseQuery(ConversationId: noLocale.ConversationId))).Number;
        Assert.Contains(texts, t => t == h.T(lang, "handoff.person", new { caseNumber = number }));
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task Asking_for_a_person_right_after_the_welcome_hands_off_without_any_case_record(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        await JoinAsync(c);
        var replies = await c.SendAsync(L(lang, "转人工", "talk to a human"));
        Assert.Equal([h.T(lang, "handoff.person_no_case")], replies.Select(r => r.Text));
        var request = Assert.Single(h.Handoff.Requests);
        Assert.Null(request.Case);
        Assert.Equal(HandoffTriggers.HumanRequest, request.Trigger);
        Assert.Empty(await h.CasesOfAsync(c));
        // The customer comes back with a complaint (after the agent, or instead of waiting): now, and only now, a case.
        await c.Say(L(lang, "订单SO10000001的杯子碎了", "My mug from order SO10000001 arrived broken"),
            h.T(lang, "acknowledge.received", new { caseNumber = "C20261124-0001", firstResponseMinutes = 30, resolutionHours = 48 }));
        Assert.Equal(Dialogs.Cases.CaseKind.Complaint, (await h.OnlyCaseAsync(c)).Kind);
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task Asking_for_a_person_with_a_complaint_is_acknowledged_then_handed_off(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        await JoinAsync(c);
        var replies = await c.Say(L(lang, "订单SO10000001的杯子碎了，转人工", "My mug from order SO10000001 arrived broken, talk to a human"),
            h.T(lang, "acknowledge.received", new { caseNumber = "C20261124-0001", firstResponseMinutes = 30, resolutionHours = 48 }));
        var k = await h.OnlyCaseAsync(c);
        Assert.Contains(replies, r => r.Text == h.T(lang, "handoff.person", new { caseNumber = k.Number }));
        Assert.Equal(Dialogs.Cases.CaseKind.Complaint, k.Kind);
    }

    [Theory]
    [InlineData("zh-CN", "你好")]
    [InlineData("zh-CN", "在吗？")]
    [InlineData("en-US", "hi")]
    [InlineData("en-US", "Hello!")]
    public async Task A_bare_greeting_is_answered_with_a_hello_and_opens_no_case(string lang, string greeting)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        await JoinAsync(c);
        var replies = await c.SendAsync(greeting);
        Assert.Equal([h.T(lang, "greeting.hello")], replies.Select(r => r.Text));
        Assert.Empty(await h.CasesOfAsync(c));
        // The next message is the complaint, acknowledged as usual.
        await c.Say(L(lang, "订单SO10000001的杯子碎了", "My mug from order SO10000001 arrived broken"), h.T(lang, "acknowledge.received", new { caseNumber = "C20261124-0001", firstResponseMinutes = 30, resolutionHours = 48 }));
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task The_angry_acknowledgement_before_a_hand_off_admits_no_fault_and_promises_no_personal_care(string lang)
    {
        // Nothing is checked yet (the customer may have dropped the item) and a person takes over in the same turn.
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        var replies = await c.Say(L(lang, "你们这帮骗子，杯子碎了还不管，垃圾店！！！", "You fucking scammers, my mug arrived broken!!!"), h.T(lang, "acknowledge.angry"));
        Assert.Contains(replies, r => r.Text!.Contains(h.T(lang, "handoff.person", new { caseNumber = "C20261124-0001" })));
        var ack = replies.First().Text!;
        foreach (var claim in new[] { "我们的责任", "亲自", "on us", "our fault", "personally" })
            Assert.DoesNotContain(claim, ack, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("zh-CN", "。。。")]
    [InlineData("zh-CN", "啊啊啊")]
    [InlineData("zh-CN", "asdfgh")]
    [InlineData("en-US", "asdfgh")]
    [InlineData("en-US", "???")]
    [InlineData("en-US", "qwzxv kjh")]
    [InlineData("en-US", "fjdkslaf!!")]
    public async Task A_first_message_that_says_nothing_is_not_understood_and_opens_no_case(string lang, string noise)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        await JoinAsync(c);
        var replies = await c.SendAsync(noise);
        Assert.Equal([h.T(lang, "greeting.not_understood")], replies.Select(r => r.Text));
        Assert.Empty(await h.CasesOfAsync(c));
        // A real complaint afterwards is acknowledged as usual, as the first case.
        await c.Say(L(lang, "订单SO10000001的杯子碎了", "My mug from order SO10000001 arrived broken"), h.T(lang, "acknowledge.received", new { caseNumber = "C20261124-0001", firstResponseMinutes = 30, resolutionHours = 48 }));
    }

    [Theory, InlineData("zh-CN", null), InlineData("en-US", null), InlineData("en-US", ""), InlineData("zh-CN", "   ")]
    public async Task A_first_message_without_text_or_attachments_is_not_understood_and_opens_no_case(string lang, string? text)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        await JoinAsync(c);
        var replies = await c.SendAsync(new Activity { Type = ActivityTypes.Message, Text = text });
        Assert.Equal([h.T(lang, "greeting.not_understood")], replies.Select(r => r.Text));
        Assert.Empty(await h.CasesOfAsync(c));
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task Messages_that_say_nothing_count_as_not_understood_and_hand_over_to_a_person_without_a_case(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        await JoinAsync(c);
        var turns = RepoPaths.Options<Dialogs.Sentiment.EscalationOptions>(Dialogs.Sentiment.EscalationOptions.Section).NotUnderstoodTurns;
        for (var i = 1; i < turns; i++)
            Assert.Equal([h.T(lang, "greeting.not_understood")], (await c.SendAsync("asdfgh")).Select(r => r.Text));
        Assert.Empty(h.Handoff.Requests);
        await c.SendAsync("???");
        var request = Assert.Single(h.Handoff.Requests);
        Assert.Equal(HandoffTriggers.PolicyPrefix + Dialogs.Sentiment.EscalationPolicy.Triggers.NotUnderstood, request.Trigger);
        // Nothing was said to register: a person takes the conversation without a case (the dashboard never sees it).
        Assert.Null(request.Case);
        Assert.Empty(await h.CasesOfAsync(c));
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task A_real_message_between_messages_that_say_nothing_resets_the_not_understood_count(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        await JoinAsync(c);
        await c.SendAsync("asdfgh");
        await c.SendAsync(L(lang, "你好", "hello"));
        await c.SendAsync("asdfgh");
        await c.SendAsync("???");
        Assert.Empty(h.Handoff.Requests);
    }

    [Theory]
    [InlineData("zh-CN", "谢谢", "greeting.thanks")]
    [InlineData("zh-CN", "你好", "greeting.hello")]
    [InlineData("en-US", "thanks!", "greeting.thanks")]
    [InlineData("en-US", "hi", "greeting.hello")]
    [InlineData("zh-CN", "好的", "greeting.anything_else")]
    [InlineData("en-US", "ok", "greeting.anything_else")]
    public async Task Thanks_a_greeting_or_an_ok_after_a_finished_complaint_opens_no_new_case(string lang, string words, string reply)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000001");
        await c.Say(L(lang, "我的订单SO10000001收到的马克杯碎了，我要换货", "My mug from order SO10000001 arrived broken, I want an exchange"));
        await c.Say(L(lang, "是的", "yes"));
        await c.Say("1", h.T(lang, "csat.ask"));
        await c.Say("5", h.T(lang, "csat.thanks", new { score = 5 }));

        var replies = await c.SendAsync(words);
        Assert.Equal([h.T(lang, reply)], replies.Select(r => r.Text));
        Assert.Single(await h.CasesOfAsync(c));
    }
}

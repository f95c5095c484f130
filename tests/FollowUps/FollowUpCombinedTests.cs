using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Complaints;
using ComplaintBot.Dialogs.FollowUps;
using ComplaintBot.Dialogs.Handoff;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.Text;
using ComplaintBot.Dialogs.Turns;
using ComplaintBot.Tests.Complaints;
using ComplaintBot.Tests.Support;
using Microsoft.Extensions.Options;

namespace ComplaintBot.Tests.FollowUps;

/// <summary>
/// A conversation with several cases gets one follow-up message for the cases due at about the same time, and the
/// customer's answer to it applies to the cases it names, else to all of them. Real flow, prompts and SQLite.
/// </summary>
public sealed class FollowUpCombinedTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cb-followup-combined-").FullName;
    private string DbPath => Path.Combine(_dir, "bot.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    private static string L(string lang, string zh, string en) => lang == "zh-CN" ? zh : en;

    private static FollowUpDispatcher Dispatcher(ComplaintHarness h, IProactiveSender sender, string instance = "test-instance")
        => TestDispatcher.For(h, sender, instance: instance);

    /// <summary>One customer, two complaints in the same conversation: a broken mug (exchange) and a wrong T-shirt (refund).</summary>
    private static async Task<(TestAdapter Customer, Case Mug, Case Shirt)> TwoRemediesAsync(ComplaintHarness h, string lang)
    {
        var c = h.Customer(lang);
        await c.Say(L(lang, "我的订单SO10000001收到的马克杯碎了，我要换货", "My mug from order SO10000001 arrived broken, I want an exchange"),
            h.T(lang, "identity.ask", new { orderNumber = "SO10000001" }));
        await c.Say(ComplaintHarness.Last4("SO10000001"), h.T(lang, "identity.verified"), h.T(lang, "restate.yes"));
        await c.Say(L(lang, "是的，没错", "Yes, that's right"), h.T(lang, "remedies.remedy_exchange"));
        await c.Say("1", h.T(lang, "csat.ask"));
        await c.Say("5", h.T(lang, "csat.thanks", new { score = 5 }));
        // Another order in the same conversation is proved on its own.
        await c.Say(L(lang, "订单SO10000002发错货了，T恤尺码不对", "Order SO10000002: you sent me the wrong size T-shirt"),
            h.T(lang, "identity.ask", new { orderNumber = "SO10000002" }));
        await c.Say(ComplaintHarness.Last4("SO10000002"), h.T(lang, "identity.verified"), h.T(lang, "clarify.ask_wish"));
        await c.Say(L(lang, "我要退款", "I want a refund"), h.T(lang, "restate.yes"));
        await c.Say(L(lang, "是的", "Yes"), h.T(lang, "remedies.remedy_return_refund"));
        await c.Say(h.T(lang, "remedies.remedy_return_refund"), h.T(lang, "csat.ask"));
        await c.Say("5", h.T(lang, "csat.thanks", new { score = 5 }));
        var cases = await h.CasesOfAsync(c);
        Assert.Equal(2, cases.Count);
        Assert.All(cases, k => Assert.Equal(FollowUpState.Scheduled, k.FollowUp!.State));
        return (c, cases.Single(k => k.OrderNumber == "SO10000001"), cases.Single(k => k.OrderNumber == "SO10000002"));
    }

    private static async Task<Activity> SendFollowUpsAsync(ComplaintHarness h)
    {
        h.Clock.Advance(h.FollowUpOptions.Delay);
        var channel = new RecordingSender();
        Assert.Equal(2, (await Dispatcher(h, channel).RunDueAsync()).Sent);
        h.Clock.Advance(TimeSpan.FromHours(2));
        return Assert.Single(channel.Sent);
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task Two_cases_due_together_in_one_conversation_get_one_message_listing_both(string lang)
    {
        using var h = new ComplaintHarness(databasePath: DbPath);
        var (customer, mug, shirt) = await TwoRemediesAsync(h, lang);

        var message = await SendFollowUpsAsync(h);

        Assert.Equal(customer.ConversationId, message.Conversation!.Id);
        Assert.StartsWith(h.T(lang, "followup.message_combined", new { count = 2, cases = Array.Empty<object>() }).Split('\n')[0], message.Text);
        foreach (var (k, product) in new[] { (mug, L(lang, "陶瓷马克杯", "ceramic mug")), (shirt, L(lang, "纯棉T恤", "cotton T-shirt")) })
        {
            Assert.Contains(k.Number, message.Text);
            Assert.Contains(product, message.Text, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Contains(h.T(lang, "remedies.remedy_exchange"), message.Text);
        Assert.Contains(h.T(lang, "remedies.remedy_return_refund"), message.Text);
        Assert.Equal([h.T(lang, "followup.button_resolved"), h.T(lang, "followup.button_not_resolved")], message.SuggestedActions!.Actions.Select(a => a.Title));
        Assert.NotEqual(h.T(lang, "guard.fallback"), message.Text);
        Assert.Equal(lang, message.Locale);

        var stored = await h.CasesOfAsync(customer);
        Assert.All(stored, k => Assert.Equal(FollowUpState.Sent, k.FollowUp!.State));
        Assert.Equal([stored[1].Number], stored[0].FollowUp!.SentWith);
        Assert.Equal([stored[0].Number], stored[1].FollowUp!.SentWith);
        Assert.Contains(stored[0].History, x => x.Note?.Contains("in one message with " + stored[1].Number) == true);
        Assert.Equal(new FollowUpRun(0, 0, 0, 0), await Dispatcher(h, new RecordingSender()).RunDueAsync());
    }

    [Theory]
    [InlineData("zh-CN", "都收到了，谢谢")]
    [InlineData("en-US", "All good, thanks")]
    public async Task Thanks_to_a_combined_follow_up_closes_every_case_in_it(string lang, string reply)
    {
        using var h = new ComplaintHarness(databasePath: DbPath);
        var (customer, mug, shirt) = await TwoRemediesAsync(h, lang);
        await SendFollowUpsAsync(h);

        var replies = await customer.Say(reply, h.T(lang, "followup.closed_several",
            new { caseNumbers = h.T(lang, "followup.list_last", new { a = mug.Number, b = shirt.Number }) }));
        Assert.Single(replies);

        Assert.All(await h.CasesOfAsync(customer), k =>
        {
            Assert.Equal(CaseStatus.Closed, k.Status);
            Assert.Equal("resolved", k.FollowUp!.Reply);
        });
        Assert.Empty(h.Handoff.Requests);
    }

    [Theory]
    [InlineData("zh-CN", "还没收到")]
    [InlineData("en-US", "Still not received")]
    public async Task Not_received_naming_no_case_reopens_every_case_in_it_with_one_hand_off(string lang, string reply)
    {
        using var h = new ComplaintHarness(databasePath: DbPath);
        var (customer, mug, shirt) = await TwoRemediesAsync(h, lang);
        await SendFollowUpsAsync(h);

        await customer.Say(reply, h.T(lang, "followup.reopened_several",
            new { caseNumbers = h.T(lang, "followup.list_last", new { a = mug.Number, b = shirt.Number }) }));

        Assert.All(await h.CasesOfAsync(customer), k =>
        {
            Assert.Equal(CaseStatus.Escalated, k.Status);
            Assert.Equal(FollowUpReplyInterceptor.ReopenTrigger, k.EscalationTrigger);
            Assert.Equal("not-resolved", k.FollowUp!.Reply);
        });
        var request = Assert.Single(h.Handoff.Requests);
        Assert.Equal(mug.Number, request.Case?.Number);
        Assert.Contains(shirt.Number, request.Reason);
    }

    [Theory]
    [InlineData("zh-CN", "T恤还没收到退款", "马克杯收到了，谢谢")]
    [InlineData("en-US", "The refund for the T-shirt still not received", "The mug arrived, thanks")]
    public async Task Not_received_naming_one_product_reopens_only_that_case_and_the_other_stays_open_for_its_answer(string lang, string notReceived, string thanks)
    {
        using var h = new ComplaintHarness(databasePath: DbPath);
        var (customer, mug, shirt) = await TwoRemediesAsync(h, lang);
        await SendFollowUpsAsync(h);

        await customer.Say(notReceived, h.T(lang, "followup.reopened", new { caseNumber = shirt.Number }));
        Assert.Equal(CaseStatus.Escalated, (await h.Cases.GetAsync(shirt.Number))!.Status);
        var open = (await h.Cases.GetAsync(mug.Number))!;
        Assert.Equal(CaseStatus.Executing, open.Status);
        Assert.Null(open.FollowUp!.Reply);
        Assert.Equal(shirt.Number, Assert.Single(h.Handoff.Requests).Case?.Number);

        // A later answer about the mug still counts as the answer to its follow-up.
        await customer.Say(thanks, h.T(lang, "followup.closed", new { caseNumber = mug.Number }));
        Assert.Equal(CaseStatus.Closed, (await h.Cases.GetAsync(mug.Number))!.Status);
        Assert.Equal(CaseStatus.Escalated, (await h.Cases.GetAsync(shirt.Number))!.Status);
    }

    [Theory]
    [InlineData("zh-CN", "马克杯收到了，谢谢")]
    [InlineData("en-US", "Got the mug, thank you")]
    public async Task Thanks_naming_one_product_closes_only_that_case(string lang, string reply)
    {
        using var h = new ComplaintHarness(databasePath: DbPath);
        var (customer, mug, shirt) = await TwoRemediesAsync(h, lang);
        await SendFollowUpsAsync(h);

        await customer.Say(reply, h.T(lang, "followup.closed", new { caseNumber = mug.Number }));
        Assert.Equal(CaseStatus.Closed, (await h.Cases.GetAsync(mug.Number))!.Status);
        var other = (await h.Cases.GetAsync(shirt.Number))!;
        Assert.NotEqual(CaseStatus.Closed, other.Status);
        Assert.Null(other.FollowUp!.Reply);
    }

    // ---- timing and instances: cases scheduled directly in the store ----------------------------------------------

    private static async Task<Case> ScheduleAsync(ComplaintHarness h, string conversationId, string product, DateTimeOffset confirmedAt)
    {
        var c = await h.Cases.CreateAsync(new Case
        {
            ConversationId = conversationId, Locale = "en-US", ProductName = product, RemedyChosen = "Reship",
            CreatedAt = confirmedAt, History = { new StatusChange(CaseStatus.Open, confirmedAt, "bot", null) },
        });
        foreach (var t in new[] { CaseTransition.Propose, CaseTransition.Agree, CaseTransition.Execute }) c.Apply(t, confirmedAt);
        h.Composition.FollowUps.Schedule(c, new ConversationReference { ChannelId = "directline", Conversation = new ConversationAccount { Id = conversationId } }, confirmedAt);
        await h.Cases.SaveAsync(c);
        return c;
    }

    [Fact]
    public async Task A_follow_up_due_within_the_combine_window_goes_out_early_with_the_due_one_and_a_later_one_on_its_own()
    {
        using var h = new ComplaintHarness(databasePath: DbPath);
        var window = h.FollowUpOptions.CombineWindow;
        Assert.True(window > TimeSpan.FromMinutes(30));
        var start = h.Clock.GetUtcNow();
        var first = await ScheduleAsync(h, "conv-1", "Kettle", start);
        var withinWindow = await ScheduleAsync(h, "conv-1", "Toaster", start + window - TimeSpan.FromMinutes(1));
        var later = await ScheduleAsync(h, "conv-1", "Blender", start + window + TimeSpan.FromMinutes(30));
        var elsewhere = await ScheduleAsync(h, "conv-2", "Lamp", start);
        var channel = new RecordingSender();

        h.Clock.Advance(h.FollowUpOptions.Delay);
        Assert.Equal(3, (await Dispatcher(h, channel).RunDueAsync()).Sent);
        var toConv1 = Assert.Single(channel.Sent, m => m.Conversation!.Id == "conv-1");
        Assert.Contains(first.Number, toConv1.Text);
        Assert.Contains(withinWindow.Number, toConv1.Text);
        Assert.DoesNotContain(later.Number, toConv1.Text);
        Assert.Contains(elsewhere.Number, Assert.Single(channel.Sent, m => m.Conversation!.Id == "conv-2").Text);
        Assert.Equal(FollowUpState.Scheduled, (await h.Cases.GetAsync(later.Number))!.FollowUp!.State);

        // Not yet due, nor anything due in its conversation: it waits for its own time.
        Assert.Equal(0, (await Dispatcher(h, channel).RunDueAsync()).Sent);
        h.Clock.Advance(window + TimeSpan.FromMinutes(30));
        Assert.Equal(1, (await Dispatcher(h, channel).RunDueAsync()).Sent);
        Assert.Contains(later.Number, channel.Sent[^1].Text);
        Assert.Equal(3, channel.Sent.Count);
    }

    [Fact]
    public async Task Two_dispatchers_racing_over_conversations_with_several_cases_send_each_case_once_in_one_message_per_conversation()
    {
        using var h = new ComplaintHarness(databasePath: DbPath);
        var numbers = new Dictionary<string, List<string>>();
        for (var conv = 0; conv < 6; conv++)
            for (var i = 0; i < 3; i++)
                (numbers.TryGetValue($"conv-{conv}", out var l) ? l : numbers[$"conv-{conv}"] = new()).Add((await ScheduleAsync(h, $"conv-{conv}", $"Item {i}", h.Clock.GetUtcNow())).Number);
        var channel = new RecordingSender();
        h.Clock.Advance(h.FollowUpOptions.Delay);

        var runs = await Task.WhenAll(Task.Run(() => Dispatcher(h, channel, "a").RunDueAsync()), Task.Run(() => Dispatcher(h, channel, "b").RunDueAsync()));
        var again = await Task.WhenAll(Dispatcher(h, channel, "a").RunDueAsync(), Dispatcher(h, channel, "b").RunDueAsync());

        Assert.Equal(18, runs.Concat(again).Sum(r => r.Sent));
        foreach (var (conv, cases) in numbers)
        {
            var message = Assert.Single(channel.Sent, m => m.Conversation!.Id == conv);
            Assert.All(cases, n => Assert.Contains(n, message.Text));
        }
    }
}

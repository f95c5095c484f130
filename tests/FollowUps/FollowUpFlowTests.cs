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
/// The follow-up with the real complaint flow, prompts and a real SQLite case store; the clock is moved by hand and
/// the dispatcher is run the way the background service runs it.
/// </summary>
public sealed class FollowUpFlowTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cb-followup-").FullName;
    private string DbPath => Path.Combine(_dir, "bot.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    private static string L(string lang, string zh, string en) => lang == "zh-CN" ? zh : en;

    /// <summary>Damaged mug → exchange + coupon confirmed; the CSAT question is open afterwards.</summary>
    private static async Task<(TestAdapter Customer, Case Case)> ConfirmRemedyAsync(ComplaintHarness h, string lang)
    {
        var c = h.Customer(lang);
        await c.Say(L(lang, "我的订单SO10000001收到的马克杯碎了，我要换货", "My mug from order SO10000001 arrived broken, I want an exchange"),
            h.T(lang, "identity.ask", new { orderNumber = "SO10000001" }));
        await c.Say(ComplaintHarness.Last4("SO10000001"), h.T(lang, "identity.verified"), h.T(lang, "restate.yes"));
        await c.Say(L(lang, "是的，没错", "Yes, that's right"), h.T(lang, "remedies.remedy_exchange"));
        await c.Say("1", h.T(lang, "csat.ask"));
        return (c, await h.OnlyCaseAsync(c));
    }

    private static FollowUpDispatcher Dispatcher(ComplaintHarness h, IProactiveSender sender, IHandoffStore? handoff = null, string? instance = null)
        => TestDispatcher.For(h, sender, handoff, instance ?? "test-instance");

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task Confirming_a_remedy_schedules_the_follow_up_after_the_configured_delay_in_the_conversation(string lang)
    {
        using var h = new ComplaintHarness(databasePath: DbPath);
        var (customer, k) = await ConfirmRemedyAsync(h, lang);

        var f = Assert.IsType<CaseFollowUp>(k.FollowUp);
        Assert.Equal(FollowUpState.Scheduled, f.State);
        Assert.Equal(h.Clock.GetUtcNow(), f.ScheduledAt);
        Assert.Equal(h.Clock.GetUtcNow() + TimeSpan.FromHours(4), f.DueAt); // 10:00 → 14:00 Shanghai, inside service hours
        Assert.Null(f.Note);
        Assert.Equal(customer.ConversationId, f.Reference.Conversation!.Id);
        Assert.Equal(customer.ChannelId, f.Reference.ChannelId);
        Assert.Equal(CaseStatus.Executing, k.Status);
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task The_follow_up_is_not_sent_before_it_is_due_and_is_sent_exactly_once_when_due(string lang)
    {
        using var h = new ComplaintHarness(databasePath: DbPath);
        var (customer, k) = await ConfirmRemedyAsync(h, lang);
        var channel = new RecordingSender();
        var dispatcher = Dispatcher(h, channel);

        Assert.Equal(0, (await dispatcher.RunDueAsync()).Sent);
        h.Clock.Advance(TimeSpan.FromHours(4) - TimeSpan.FromSeconds(1));
        Assert.Equal(0, (await dispatcher.RunDueAsync()).Sent);
        Assert.Empty(channel.Sent);

        h.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, (await dispatcher.RunDueAsync()).Sent);
        h.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(new FollowUpRun(0, 0, 0, 0), await dispatcher.RunDueAsync());

        var message = Assert.Single(channel.Sent);
        Assert.Equal(customer.ConversationId, message.Conversation!.Id);
        var remedy = h.T(lang, "remedies.combine", new { a = h.T(lang, "remedies.remedy_exchange"), b = h.T(lang, "remedies.remedy_coupon", new { amount = 15 }) });
        Assert.Contains(k.Number, message.Text);
        Assert.Contains(remedy, message.Text);
        Assert.Contains(h.T(lang, "labels.status_executing"), message.Text);
        Assert.Contains(h.T(lang, "confirm.step_pickup"), message.Text); // the next open step (24 h) with its deadline
        Assert.Equal([h.T(lang, "followup.button_resolved"), h.T(lang, "followup.button_not_resolved")], message.SuggestedActions!.Actions.Select(a => a.Title));
        Assert.NotEqual(h.T(lang, "guard.fallback"), message.Text);

        var stored = (await h.Cases.GetAsync(k.Number))!;
        Assert.Equal(FollowUpState.Sent, stored.FollowUp!.State);
        Assert.Equal(k.FollowUp!.DueAt, stored.FollowUp.SentAt);
        Assert.Null(stored.FollowUp.PendingAt);
        var sent = Assert.Single(stored.History, x => x.Note?.StartsWith("follow-up sent") == true);
        Assert.Equal(k.FollowUp.DueAt, sent.At);
        Assert.Equal(CaseStatus.Executing, sent.Status);
    }

    [Fact]
    public async Task A_scheduled_follow_up_survives_a_restart_and_is_sent_by_the_new_process()
    {
        Case k;
        using (var before = new ComplaintHarness(databasePath: DbPath))
            (_, k) = await ConfirmRemedyAsync(before, "zh-CN");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        // A new process: new store and dispatcher objects on the same file, nothing carried over in memory.
        using var after = new ComplaintHarness(ComplaintHarness.OfficeHours + TimeSpan.FromHours(5), cases: null, databasePath: DbPath);
        var channel = new RecordingSender();
        Assert.Equal(1, (await Dispatcher(after, channel).RunDueAsync()).Sent);
        Assert.Contains(k.Number, Assert.Single(channel.Sent).Text);
        Assert.Equal(FollowUpState.Sent, (await after.Cases.GetAsync(k.Number))!.FollowUp!.State);
    }

    [Fact]
    public async Task The_follow_up_is_skipped_while_an_agent_owns_the_conversation()
    {
        using var h = new ComplaintHarness(databasePath: DbPath);
        var (customer, k) = await ConfirmRemedyAsync(h, "zh-CN");
        var handoff = new SqliteHandoffStore(h.Database);
        Assert.True(await handoff.TrySaveAsync(new HandoffEntry { ConversationId = customer.ConversationId, Owner = ConversationOwner.Agent("alice"), EscalatedAt = h.Clock.GetUtcNow() }));
        var channel = new RecordingSender();

        h.Clock.Advance(TimeSpan.FromHours(5));
        var run = await Dispatcher(h, channel, handoff).RunDueAsync();

        Assert.Equal(new FollowUpRun(0, 1, 0, 0), run);
        Assert.Empty(channel.Sent);
        var stored = (await h.Cases.GetAsync(k.Number))!;
        Assert.Equal(FollowUpState.Skipped, stored.FollowUp!.State);
        Assert.Contains("agent:alice", stored.FollowUp.SkipReason);
        Assert.Contains(stored.History, x => x.Note?.StartsWith("follow-up skipped") == true);
        h.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(new FollowUpRun(0, 0, 0, 0), await Dispatcher(h, channel, handoff).RunDueAsync());
    }

    [Fact]
    public async Task The_follow_up_is_skipped_when_the_customer_was_handed_to_a_person_after_confirmation()
    {
        using var h = new ComplaintHarness(databasePath: DbPath);
        var (customer, k) = await ConfirmRemedyAsync(h, "zh-CN");
        await customer.Say("转人工", h.T("zh-CN", "handoff.person", new { caseNumber = k.Number }));
        var channel = new RecordingSender();

        h.Clock.Advance(TimeSpan.FromHours(5));
        Assert.Equal(new FollowUpRun(0, 1, 0, 0), await Dispatcher(h, channel).RunDueAsync());
        Assert.Empty(channel.Sent);
        Assert.Equal("the case was escalated", (await h.Cases.GetAsync(k.Number))!.FollowUp!.SkipReason);
    }

    [Fact]
    public async Task Two_dispatchers_on_one_store_send_each_follow_up_once()
    {
        using var h = new ComplaintHarness(databasePath: DbPath);
        var numbers = new List<string>();
        for (var i = 0; i < 3; i++) numbers.Add((await ConfirmRemedyAsync(h, "en-US")).Case.Number);
        var channel = new RecordingSender();
        h.Clock.Advance(TimeSpan.FromHours(4));

        var runs = await Task.WhenAll(Task.Run(() => Dispatcher(h, channel, instance: "a").RunDueAsync()), Task.Run(() => Dispatcher(h, channel, instance: "b").RunDueAsync()));

        Assert.Equal(3, runs.Sum(r => r.Sent));
        Assert.Equal(numbers.Order(), channel.Sent.Select(m => numbers.Single(n => m.Text!.Contains(n))).Order());
    }

    [Fact]
    public async Task A_channel_that_refuses_the_message_is_retried_then_the_follow_up_is_marked_failed_never_sent_twice()
    {
        using var h = new ComplaintHarness(databasePath: DbPath);
        var (_, k) = await ConfirmRemedyAsync(h, "zh-CN");
        var broken = new RecordingSender { Fail = true };
        h.Clock.Advance(TimeSpan.FromHours(4));
        Assert.Equal(new FollowUpRun(0, 0, 0, 1), await Dispatcher(h, broken).RunDueAsync());
        Assert.Equal(new FollowUpRun(0, 0, 0, 0), await Dispatcher(h, broken).RunDueAsync()); // waits RetryDelay
        h.Clock.Advance(h.FollowUpOptions.RetryDelay);
        Assert.Equal(new FollowUpRun(0, 0, 0, 1), await Dispatcher(h, broken).RunDueAsync());
        h.Clock.Advance(h.FollowUpOptions.RetryDelay);
        Assert.Equal(new FollowUpRun(0, 0, 1, 0), await Dispatcher(h, broken).RunDueAsync());
        var stored = (await h.Cases.GetAsync(k.Number))!;
        Assert.Equal(FollowUpState.Failed, stored.FollowUp!.State);
        Assert.Equal(3, stored.FollowUp.Attempts);
    }

    [Fact]
    public async Task A_claim_whose_sender_stopped_midway_is_marked_failed_after_the_lease_and_not_sent_again()
    {
        using var h = new ComplaintHarness(databasePath: DbPath);
        var (_, k) = await ConfirmRemedyAsync(h, "zh-CN");
        h.Clock.Advance(TimeSpan.FromHours(4));
        // What a crashed instance leaves behind: claimed, never finished.
        var c = (await h.Cases.GetAsync(k.Number))!;
        c.FollowUp!.State = FollowUpState.Sending;
        c.FollowUp.ClaimedBy = "crashed";
        c.FollowUp.PendingAt = CaseFollowUp.Key(h.Clock.GetUtcNow() + h.FollowUpOptions.SendingTimeout);
        await h.Cases.SaveAsync(c);
        var channel = new RecordingSender();

        Assert.Equal(new FollowUpRun(0, 0, 0, 0), await Dispatcher(h, channel).RunDueAsync());
        h.Clock.Advance(h.FollowUpOptions.SendingTimeout);
        Assert.Equal(new FollowUpRun(0, 0, 1, 0), await Dispatcher(h, channel).RunDueAsync());
        Assert.Empty(channel.Sent);
        Assert.Contains((await h.Cases.GetAsync(k.Number))!.History, x => x.Note?.Contains("interrupted") == true);
    }

    // ---- the customer's answer -------------------------------------------------------------------------------

    private static async Task<(TestAdapter Customer, Case Case)> FollowUpSentAsync(ComplaintHarness h, string lang, bool rate = true)
    {
        var (customer, k) = await ConfirmRemedyAsync(h, lang);
        if (rate) await customer.Say("5", h.T(lang, "csat.thanks", new { score = 5 }));
        h.Clock.Advance(TimeSpan.FromHours(4));
        Assert.Equal(1, (await Dispatcher(h, new RecordingSender()).RunDueAsync()).Sent);
        h.Clock.Advance(TimeSpan.FromHours(3));
        return (customer, k);
    }

    [Theory]
    [InlineData("zh-CN", "还没收到")]
    [InlineData("zh-CN", "退款还没到账，东西也没收到")]
    [InlineData("en-US", "Still not received")]
    [InlineData("en-US", "I haven't received the replacement yet")]
    public async Task Not_received_after_the_follow_up_reopens_the_case_and_hands_it_to_a_person(string lang, string reply)
    {
        using var h = new ComplaintHarness(databasePath: DbPath);
        var (customer, k) = await FollowUpSentAsync(h, lang);

        await customer.Say(reply, h.T(lang, "followup.reopened", new { caseNumber = k.Number }), h.T(lang, "handoff.person", new { caseNumber = k.Number }));

        var stored = (await h.Cases.GetAsync(k.Number))!;
        Assert.Equal(CaseStatus.Escalated, stored.Status);
        Assert.Equal(FollowUpReplyInterceptor.ReopenTrigger, stored.EscalationTrigger);
        Assert.Equal("not-resolved", stored.FollowUp!.Reply);
        Assert.StartsWith("reopened", stored.History[^1].Note);
        Assert.Equal("customer", stored.History[^1].Actor);
        var request = Assert.Single(h.Handoff.Requests);
        Assert.Equal(k.Number, request.Case?.Number);
        Assert.Equal(lang, request.Locale);
    }

    [Theory]
    [InlineData("zh-CN", "已经收到了，谢谢")]
    [InlineData("zh-CN", "已解决，谢谢")]
    [InlineData("en-US", "All good, thanks")]
    [InlineData("en-US", "Got it, thank you!")]
    public async Task Thanks_after_the_follow_up_closes_the_case_politely(string lang, string reply)
    {
        using var h = new ComplaintHarness(databasePath: DbPath);
        var (customer, k) = await FollowUpSentAsync(h, lang, rate: false);

        var replies = await customer.Say(reply, h.T(lang, "followup.closed", new { caseNumber = k.Number }));
        Assert.Single(replies);

        var stored = (await h.Cases.GetAsync(k.Number))!;
        Assert.Equal(CaseStatus.Closed, stored.Status);
        Assert.Equal("resolved", stored.FollowUp!.Reply);
        Assert.Empty(h.Handoff.Requests);
        // The open CSAT question was dropped: the next message is a new complaint, not a rating.
        await customer.Say(L(lang, "订单SO10000002发错货了", "Order SO10000002 came with the wrong item"), k.Number[..^4] + "0002");
    }

    [Fact]
    public async Task A_reply_that_is_not_an_answer_to_the_follow_up_goes_to_the_complaint_flow_and_the_follow_up_stays_open()
    {
        using var h = new ComplaintHarness(databasePath: DbPath);
        var (customer, k) = await FollowUpSentAsync(h, "zh-CN", rate: false);
        await customer.Say("4", h.T("zh-CN", "csat.thanks", new { score = 4 }));
        var stored = (await h.Cases.GetAsync(k.Number))!;
        Assert.Null(stored.FollowUp!.Reply);
        Assert.Equal(4, stored.Csat);
        Assert.Equal(CaseStatus.Executing, stored.Status);
    }

    [Fact]
    public async Task An_answer_after_the_reply_window_is_a_new_message_for_the_flow()
    {
        using var h = new ComplaintHarness(databasePath: DbPath);
        var (customer, k) = await FollowUpSentAsync(h, "zh-CN");
        h.Clock.Advance(h.FollowUpOptions.ReplyWindow);
        var replies = await customer.Say("谢谢");
        Assert.DoesNotContain(replies, r => r.Text == h.T("zh-CN", "followup.closed", new { caseNumber = k.Number }));
        Assert.Null((await h.Cases.GetAsync(k.Number))!.FollowUp!.Reply);
    }

    [Fact]
    public async Task An_agent_resolving_a_case_schedules_its_follow_up_in_the_agents_conversation()
    {
        using var h = new ComplaintHarness(databasePath: DbPath);
        var created = await h.Cases.CreateAsync(new Case { ConversationId = "conv-agent", Locale = "en-US", Status = CaseStatus.WithAgent });
        var reference = new ConversationReference { ChannelId = "directline", ServiceUrl = "http://127.0.0.1/", Conversation = new ConversationAccount { Id = "conv-agent" } };
        var recorder = new CaseHandoffRecorder(h.Cases, h.Clock, h.Composition.FollowUps);

        await recorder.ResolvedAsync(created.Number, "alice", "reshipped", reference: reference);

        var stored = (await h.Cases.GetAsync(created.Number))!;
        Assert.Equal(CaseStatus.Resolved, stored.Status);
        Assert.Equal(FollowUpState.Scheduled, stored.FollowUp!.State);
        Assert.Equal("conv-agent", stored.FollowUp.Reference.Conversation!.Id);
        h.Clock.Advance(TimeSpan.FromHours(4));
        var channel = new RecordingSender();
        Assert.Equal(1, (await Dispatcher(h, channel).RunDueAsync()).Sent);
        Assert.Contains(h.T("en-US", "labels.status_resolved"), Assert.Single(channel.Sent).Text);
    }
}

/// <summary>A channel for proactive turns that keeps what the bot sent (and can refuse, like a Connector returning 5xx).</summary>
public sealed class RecordingSender : BotAdapter, IProactiveSender
{
    private readonly List<Activity> _sent = new();
    public bool Fail { get; set; }

    public IReadOnlyList<Activity> Sent { get { lock (_sent) return _sent.ToList(); } }

    public Task ContinueAsync(ConversationReference reference, BotCallback callback, CancellationToken ct = default)
        => ContinueConversationAsync(reference, callback, ct);

    public override Task<IReadOnlyList<ResourceResponse>> SendActivitiesAsync(ITurnContext turnContext, IReadOnlyList<Activity> activities, CancellationToken ct)
    {
        if (Fail) throw new HttpRequestException("channel unavailable");
        lock (_sent)
            foreach (var a in activities)
            {
                a.Conversation ??= turnContext.Activity.Conversation;
                _sent.Add(a);
            }
        return Task.FromResult<IReadOnlyList<ResourceResponse>>(activities.Select(_ => new ResourceResponse { Id = Guid.NewGuid().ToString("N") }).ToList());
    }
}

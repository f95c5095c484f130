using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Complaints;
using ComplaintBot.Dialogs.Handoff;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.Text;
using ComplaintBot.Dialogs.Turns;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintBot.Tests.Agents;

/// <summary>
/// Issue 13, "intents before cases": a request for a person with no complaint in it hands the conversation to an agent
/// with no case record of any kind. The real bot behind the channel's real middleware and SQLite stores, the agent over
/// the console's HTTP API: the queue shows the conversation as "no case yet" with its transcript, the agent takes it
/// over, chats, hands it back or closes it; a complaint that turns up afterwards opens an ordinary case, and only then
/// does the dashboard count one. Hand-off messages render as "template|locale|name=value…" (<see cref="KeyTexts"/>).
/// </summary>
public sealed class ConversationHandoffTests : IAsyncLifetime
{
    private readonly AgentConsoleHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _host.DisposeAsync();

    private ICaseStore Cases => _host.Services.GetRequiredService<ICaseStore>();
    private string T(string lang, string key, object? values = null) => _host.Services.GetRequiredService<PromptLibrary>().Render(lang, key, values);

    /// <summary>What the customer sees after saying <paramref name="text"/> (through the middleware, then the real bot).</summary>
    private async Task<List<string>> SayAsync(string conversation, string text, string lang, string? signedInAs = null)
    {
        var before = _host.Channel.TextsTo(conversation).Count;
        var bot = _host.Services.GetRequiredService<IBot>();
        await _host.CustomerSaysAsync(conversation, text, lang, bot: (turn, ct) =>
        {
            // The channel proves who is signed in (Direct Line's stamped id); this channel stands in for it.
            if (signedInAs is not null) turn.SetSignedInCustomerId(signedInAs);
            return bot.OnTurnAsync(turn, ct);
        });
        return _host.Channel.TextsTo(conversation).Skip(before).ToList();
    }

    /// <summary>Every case in the store and the dashboard's count for the day (the shop's clock).</summary>
    private async Task<(int Stored, int Counted)> CaseCountsAsync()
    {
        var now = _host.Clock.GetUtcNow();
        var stats = await Cases.GetStatisticsAsync(new CaseStatisticsQuery(now.AddDays(-1), now.AddDays(1), now, TimeZoneInfo.Utc));
        return ((await Cases.QueryAsync(new CaseQuery(Limit: 1000))).Count, stats.Total);
    }

    private static string Waiting(string lang, int position = 1) => $"{HandoffTemplates.TakingOver}|{lang}|caseNumber=|position={position}|waitMinutes={2 * position}";

    [Theory]
    [InlineData("zh-CN", "转人工")]
    [InlineData("zh-CN", "我要找人工客服")]
    [InlineData("en-US", "I want a human")]
    [InlineData("en-US", "can I talk to someone?")]
    public async Task A_request_for_a_person_queues_the_conversation_with_no_case_record_and_the_agent_sees_it(string lang, string request)
    {
        var conversation = "person-" + lang + request.Length;
        await SayAsync(conversation, lang == "zh-CN" ? "你好" : "hello", lang);
        var told = await SayAsync(conversation, request, lang);

        Assert.Contains(Waiting(lang), told);
        Assert.Equal((0, 0), await CaseCountsAsync());
        var entry = (await _host.Handoff.Store.GetAsync(conversation))!;
        Assert.Equal((ConversationOwner.Queued, (string?)null, HandoffTriggers.HumanRequest), (entry.Owner, entry.CaseNumber, entry.Trigger));

        // Written while waiting: to the agent's view, the bot only says the place in the queue again.
        var more = await SayAsync(conversation, lang == "zh-CN" ? "有人吗" : "anyone there?", lang);
        Assert.Equal([$"{HandoffTemplates.StillWaiting}|{lang}|caseNumber=|position=1|waitMinutes=2"], more);

        var agent = await _host.SignInDemoAsync();
        var row = Assert.Single((await agent.GetJsonAsync("agent/api/queue")).EnumerateArray());
        Assert.Equal(conversation, row.GetProperty("conversationId").GetString());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("caseNumber").ValueKind);
        Assert.Equal("queued", row.GetProperty("owner").GetString());
        var detail = await agent.GetJsonAsync($"agent/api/conversations/{conversation}");
        Assert.Equal(JsonValueKind.Null, detail.GetProperty("case").ValueKind);
        var transcript = detail.GetProperty("transcript").EnumerateArray().Select(t => (t.GetProperty("role").GetString(), t.GetProperty("text").GetString())).ToList();
        Assert.Contains(("customer", request), transcript);
        Assert.Contains(("customer", lang == "zh-CN" ? "有人吗" : "anyone there?"), transcript);
        Assert.Equal((0, 0), await CaseCountsAsync());
    }

    [Theory, InlineData("zh-CN", "可以用支付宝付款吗？"), InlineData("en-US", "Can I pay with Alipay?")]
    public async Task A_question_the_faq_cannot_answer_goes_to_a_person_without_a_case(string lang, string question)
    {
        var conversation = "faq-" + lang;
        Assert.Equal([T(lang, "faq.unknown")], await SayAsync(conversation, question, lang));
        var told = await SayAsync(conversation, T(lang, "faq.button_agent"), lang);
        Assert.Contains(Waiting(lang), told);
        Assert.Equal((0, 0), await CaseCountsAsync());
        var agent = await _host.SignInDemoAsync();
        var row = Assert.Single((await agent.GetJsonAsync("agent/api/queue")).EnumerateArray());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("caseNumber").ValueKind);
        var transcript = (await agent.GetJsonAsync($"agent/api/conversations/{conversation}")).GetProperty("transcript").EnumerateArray()
            .Select(t => t.GetProperty("text").GetString()).ToList();
        Assert.Contains(question, transcript);
    }

    [Theory]
    [InlineData("en-US", "I want a human", "My mug from order SO10000001 arrived broken")]
    [InlineData("zh-CN", "转人工", "订单SO10000001的杯子碎了")]
    public async Task The_agent_takes_over_chats_and_hands_back_and_a_complaint_after_that_opens_the_first_case(string lang, string request, string complaint)
    {
        const string conversation = "no-case-console";
        await SayAsync(conversation, request, lang);
        var agent = await _host.SignInDemoAsync();

        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"agent/api/conversations/{conversation}/take", new { })).StatusCode);
        Assert.Equal($"{HandoffTemplates.AgentJoined}|{lang}|agentName=Demo Agent|caseNumber=", _host.Channel.TextsTo(conversation)[^1]);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"agent/api/conversations/{conversation}/messages", new { text = "How can I help?" })).StatusCode);
        Assert.Equal("How can I help?", _host.Channel.TextsTo(conversation)[^1]);
        // While the agent has it, the bot is silent.
        Assert.Empty(await SayAsync(conversation, "just a question about my account", lang));

        // Remedies and the rating need a case: refused, nothing recorded.
        var remedy = await agent.PostAsync($"agent/api/conversations/{conversation}/remedies", new { kind = "coupon", amount = 10 });
        Assert.Equal(HttpStatusCode.BadRequest, remedy.StatusCode);
        Assert.Equal("case-required", (await remedy.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await agent.PostAsync($"agent/api/conversations/{conversation}/handback", new { mode = "remedies" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await agent.PostAsync($"agent/api/conversations/{conversation}/handback", new { mode = "csat" })).StatusCode);
        Assert.Empty((await _host.Handoff.Store.GetAsync(conversation))!.Remedies);

        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"agent/api/conversations/{conversation}/handback", new { mode = "resume" })).StatusCode);
        Assert.Equal($"{HandoffTemplates.HandedBack}|{lang}|agentName=Demo Agent", _host.Channel.TextsTo(conversation)[^1]);
        Assert.Empty((await agent.GetJsonAsync("agent/api/queue")).EnumerateArray());
        Assert.Equal((0, 0), await CaseCountsAsync());

        // Now the customer has a complaint: the bot registers it as the conversation's first case, and it counts.
        var acknowledged = await SayAsync(conversation, complaint, lang);
        var opened = Assert.Single(await Cases.QueryAsync(new CaseQuery(ConversationId: conversation)));
        Assert.Equal(CaseKind.Complaint, opened.Kind);
        Assert.Contains(acknowledged, t => t.Contains(opened.Number));
        Assert.Equal((1, 1), await CaseCountsAsync());
    }

    [Theory]
    [InlineData("en-US", "I want a human", "my mug arrived broken", "5")]
    [InlineData("zh-CN", "转人工", "杯子收到就碎了", "5")]
    public async Task With_the_agent_the_customer_turns_out_to_have_a_complaint_so_the_agent_opens_its_case_and_only_then_it_counts(
        string lang, string request, string complaint, string rating)
    {
        const string conversation = "no-case-opened";
        await SayAsync(conversation, request, lang);
        var agent = await _host.SignInDemoAsync();
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"agent/api/conversations/{conversation}/take", new { })).StatusCode);
        Assert.Empty(await SayAsync(conversation, complaint, lang));
        Assert.Equal((0, 0), await CaseCountsAsync());

        var res = await agent.PostAsync($"agent/api/conversations/{conversation}/case", new { description = complaint });
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var number = (await res.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseNumber").GetString()!;
        Assert.Equal($"{HandoffTemplates.CaseOpened}|{lang}|caseNumber={number}", _host.Channel.TextsTo(conversation)[^1]);
        var opened = (await Cases.GetAsync(number))!;
        Assert.Equal((CaseKind.Complaint, CaseStatus.WithAgent, complaint, conversation), (opened.Kind, opened.Status, opened.Facts.Description, opened.ConversationId));
        Assert.Equal((1, 1), await CaseCountsAsync());
        Assert.Equal(number, Assert.Single((await agent.GetJsonAsync("agent/api/queue")).EnumerateArray()).GetProperty("caseNumber").GetString());
        // One case per conversation from here: a second one is refused.
        Assert.Equal(HttpStatusCode.Conflict, (await agent.PostAsync($"agent/api/conversations/{conversation}/case", new { description = "again" })).StatusCode);

        // Now it is an ordinary case: a remedy, resolve, and the rating lands on it.
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"agent/api/conversations/{conversation}/remedies", new { kind = "coupon", amount = 10 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"agent/api/conversations/{conversation}/resolve", new { })).StatusCode);
        Assert.Equal($"{HandoffTemplates.CsatQuestion}|{lang}|caseNumber={number}", _host.Channel.TextsTo(conversation)[^1]);
        await SayAsync(conversation, rating, lang);
        var rated = (await Cases.GetAsync(number))!;
        Assert.Equal((CaseStatus.Resolved, (int?)5), (rated.Status, rated.Csat));
        Assert.Equal((1, 1), await CaseCountsAsync());
    }

    [Theory, InlineData("en-US", "I want a human", "the lid is cracked"), InlineData("zh-CN", "转人工", "盖子裂了")]
    public async Task A_case_the_agent_opened_is_the_one_the_bot_continues_after_hand_back(string lang, string request, string more)
    {
        const string conversation = "no-case-opened-back";
        await SayAsync(conversation, request, lang);
        var agent = await _host.SignInDemoAsync();
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"agent/api/conversations/{conversation}/take", new { })).StatusCode);
        var res = await agent.PostAsync($"agent/api/conversations/{conversation}/case", new { description = "mug arrived damaged" });
        var number = (await res.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseNumber").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"agent/api/conversations/{conversation}/handback", new { mode = "resume" })).StatusCode);

        var answer = await SayAsync(conversation, more, lang);
        Assert.Contains(answer, t => t.Contains(number));
        var only = Assert.Single(await Cases.QueryAsync(new CaseQuery(ConversationId: conversation)));
        Assert.Equal(number, only.Number);
        Assert.True(only.IsOpen);
    }

    [Theory, InlineData("en-US", "talk to a human", "hi"), InlineData("zh-CN", "转人工", "你好")]
    public async Task The_agent_closes_a_conversation_without_a_case_and_the_bot_answers_the_next_message_afresh(string lang, string request, string hello)
    {
        const string conversation = "no-case-close";
        await SayAsync(conversation, request, lang);
        var agent = await _host.SignInDemoAsync();
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"agent/api/conversations/{conversation}/take", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"agent/api/conversations/{conversation}/messages", new { text = "Our opening hours are 8 to 22." })).StatusCode);
        // No case, so no outcome to record and no rating to ask for.
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"agent/api/conversations/{conversation}/resolve", new { })).StatusCode);
        Assert.Equal($"{HandoffTemplates.Closed}|{lang}|agentName=Demo Agent", _host.Channel.TextsTo(conversation)[^1]);
        var entry = (await _host.Handoff.Store.GetAsync(conversation))!;
        Assert.Equal((ConversationOwner.Bot, false), (entry.Owner, entry.AwaitingCsat));
        Assert.Empty((await agent.GetJsonAsync("agent/api/queue")).EnumerateArray());

        Assert.Equal([T(lang, "greeting.hello")], await SayAsync(conversation, hello, lang));
        Assert.Equal((0, 0), await CaseCountsAsync());
    }

    [Theory, InlineData("en-US", "I want a human"), InlineData("zh-CN", "转人工")]
    public async Task An_anonymous_customer_nobody_takes_in_time_is_promised_no_call_back_nobody_could_make(string lang, string request)
    {
        const string conversation = "no-case-timeout";
        await SayAsync(conversation, request, lang);
        _host.Clock.Advance(_host.Handoff.Options.QueueTimeout + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await _host.Handoff.SweepTimeoutsAsync());

        Assert.Equal($"{HandoffTemplates.NoAgentNoCallback}|{lang}", _host.Channel.TextsTo(conversation)[^1]);
        var entry = (await _host.Handoff.Store.GetAsync(conversation))!;
        Assert.Equal((ConversationOwner.Bot, false), (entry.Owner, entry.CallbackPromised));
        var agent = await _host.SignInDemoAsync();
        Assert.Empty((await agent.GetJsonAsync("agent/api/callbacks")).EnumerateArray());
        // The bot answers again, and a complaint now opens a case.
        await SayAsync(conversation, lang == "zh-CN" ? "订单SO10000001的杯子碎了" : "My mug from order SO10000001 arrived broken", lang);
        Assert.Single(await Cases.QueryAsync(new CaseQuery(ConversationId: conversation)));
    }

    [Theory, InlineData("en-US", "I want a human"), InlineData("zh-CN", "转人工")]
    public async Task A_signed_in_customer_is_promised_a_call_back_that_the_console_lists_with_its_deadline_and_no_case(string lang, string request)
    {
        const string conversation = "no-case-callback";
        await SayAsync(conversation, request, lang, signedInAs: "cust-001");
        var entry = (await _host.Handoff.Store.GetAsync(conversation))!;
        Assert.Equal(("cust-001", "138****5678"), (entry.CustomerId, entry.Summary.MaskedContact));
        _host.Clock.Advance(_host.Handoff.Options.QueueTimeout + TimeSpan.FromSeconds(1));
        var promisedAt = _host.Clock.GetUtcNow();
        Assert.Equal(1, await _host.Handoff.SweepTimeoutsAsync());
        Assert.Equal($"{HandoffTemplates.CallbackPromiseNoCase}|{lang}|caseNumber=|minutes={(int)_host.Handoff.Options.FirstResponseSla.TotalMinutes}",
            _host.Channel.TextsTo(conversation)[^1]);

        var agent = await _host.SignInDemoAsync();
        var callback = Assert.Single((await agent.GetJsonAsync("agent/api/callbacks")).EnumerateArray());
        Assert.Equal(JsonValueKind.Null, callback.GetProperty("caseNumber").ValueKind);
        Assert.Equal("138****5678", callback.GetProperty("contact").GetString());
        Assert.Equal(promisedAt + _host.Handoff.Options.FirstResponseSla, callback.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"agent/api/conversations/{conversation}/callback-done", new { })).StatusCode);
        Assert.Empty((await agent.GetJsonAsync("agent/api/callbacks")).EnumerateArray());
        Assert.Equal((0, 0), await CaseCountsAsync());
    }

    [Theory, InlineData("en-US", "I want a human"), InlineData("zh-CN", "转人工")]
    public async Task Off_hours_a_request_for_a_person_promises_a_call_back_only_when_someone_can_make_it(string lang, string request)
    {
        _host.Clock.Advance(TimeSpan.FromHours(13)); // 23:00 shop time
        await SayAsync("night-anonymous", request, lang);
        Assert.Contains($"{HandoffTemplates.OutsideHoursNoCallback}|{lang}|caseNumber=|opensAt=2026-11-25 08:00", _host.Channel.TextsTo("night-anonymous"));
        await SayAsync("night-signed-in", request, lang, signedInAs: "cust-003");
        Assert.Contains($"{HandoffTemplates.OutsideHoursNoCase}|{lang}|caseNumber=|opensAt=2026-11-25 08:00", _host.Channel.TextsTo("night-signed-in"));

        var agent = await _host.SignInDemoAsync();
        var callback = Assert.Single((await agent.GetJsonAsync("agent/api/callbacks")).EnumerateArray());
        Assert.Equal("night-signed-in", callback.GetProperty("conversationId").GetString());
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.FromHours(8)), callback.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Empty((await agent.GetJsonAsync("agent/api/queue")).EnumerateArray());
        Assert.Equal((0, 0), await CaseCountsAsync());
    }
}

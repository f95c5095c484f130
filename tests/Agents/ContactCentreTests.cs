using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ComplaintBot.Bot.Agents;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Complaints;
using ComplaintBot.Dialogs.Handoff;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.Sentiment;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintBot.Tests.Agents;

/// <summary>
/// Issue 14.3: hand-off status comes only from the authenticated contact centre (POST /api/handoff/status with a
/// configured secret); a customer's own handoff.status changes nothing; an accepted conversation that is never
/// completed times out like the queue.
/// </summary>
public sealed class ContactCentreTests : IAsyncLifetime
{
    private const string Secret = "contact-centre-secret-0123456789abcdef";
    private readonly AgentConsoleHost _host = new(settings: new Dictionary<string, string?>
    {
        ["ContactCentre:Secrets:0"] = Secret,
        ["Agents:ExternalTimeout"] = "00:45:00",
    });

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _host.DisposeAsync();

    private ICaseStore Cases => _host.Services.GetRequiredService<ICaseStore>();

    private async Task<Case> EscalateAsync(string conversationId)
    {
        await _host.CustomerSaysAsync(conversationId, "The blender arrived broken");
        var @case = await Cases.CreateAsync(new Case
        {
            ConversationId = conversationId, Locale = "en-US", OrderNumber = "SO20261120001", Category = ComplaintCategory.ProductQuality,
            Responsibility = Responsibility.Merchant, Severity = Severity.Serious, Priority = CasePriority.High,
        });
        await _host.CustomerSaysAsync(conversationId, "get me a human", bot: (turn, ct) =>
            _host.Services.GetRequiredService<IHandoffRequester>().RequestAsync(turn,
                new HandoffRequest(@case, HandoffTriggers.PolicyPrefix + "anger", "Anger", false, "en-US", new MoodState()), ct));
        Assert.Equal(ConversationOwner.Queued, (await _host.Handoff.Store.GetAsync(conversationId))!.Owner);
        return @case;
    }

    private Task CustomerSendsStatusAsync(string conversationId, string state)
    {
        var e = _host.Channel.CustomerMessage(conversationId, "", "en-US");
        e.Type = ActivityTypes.Event;
        e.Text = null;
        e.Name = HandoffService.StatusEventName;
        e.Value = new JsonObject { ["state"] = state };
        return _host.Channel.RunTurnAsync(e, (turn, ct) => turn.SendActivityAsync("bot: event", ct));
    }

    private async Task<HttpResponseMessage> ReportAsync(string? bearer, string conversationId, string state)
    {
        using var http = new HttpClient { BaseAddress = _host.BaseAddress };
        var req = new HttpRequestMessage(HttpMethod.Post, "api/handoff/status") { Content = JsonContent.Create(new { conversationId, state }) };
        if (bearer is not null) req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return await http.SendAsync(req);
    }

    /// <summary>Issue 13: a conversation handed over without a case has no case to close or rate.</summary>
    [Fact]
    public async Task A_contact_centre_completing_a_conversation_without_a_case_closes_it_without_a_rating_and_a_failure_promises_no_call_back()
    {
        foreach (var id in new[] { "conv-cc-done", "conv-cc-failed" })
        {
            await _host.CustomerSaysAsync(id, "get me a human", bot: (turn, ct) =>
                _host.Services.GetRequiredService<IHandoffRequester>().RequestAsync(turn,
                    new HandoffRequest(null, HandoffTriggers.HumanRequest, "customer asked for a person", false, "en-US", new MoodState()), ct));
            Assert.Equal(HttpStatusCode.OK, (await ReportAsync(Secret, id, "accepted")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await ReportAsync(Secret, "conv-cc-done", "completed")).StatusCode);
        Assert.Equal($"{HandoffTemplates.Closed}|en-US|agentName=", _host.Channel.TextsTo("conv-cc-done")[^1]);
        Assert.False((await _host.Handoff.Store.GetAsync("conv-cc-done"))!.AwaitingCsat);

        Assert.Equal(HttpStatusCode.OK, (await ReportAsync(Secret, "conv-cc-failed", "failed")).StatusCode);
        Assert.Equal($"{HandoffTemplates.NoAgentNoCallback}|en-US", _host.Channel.TextsTo("conv-cc-failed")[^1]);
        Assert.False((await _host.Handoff.Store.GetAsync("conv-cc-failed"))!.CallbackPromised);
        Assert.Empty(await Cases.QueryAsync(new CaseQuery(Limit: 100)));
    }

    [Fact]
    public async Task A_customers_own_handoff_status_neither_closes_the_case_nor_silences_the_bot()
    {
        var @case = await EscalateAsync("conv-forge");

        await CustomerSendsStatusAsync("conv-forge", "completed");
        await CustomerSendsStatusAsync("conv-forge", "accepted");

        Assert.Equal(ConversationOwner.Queued, (await _host.Handoff.Store.GetAsync("conv-forge"))!.Owner);
        Assert.Equal(CaseStatus.Escalated, (await Cases.GetAsync(@case.Number))!.Status);
        Assert.DoesNotContain(_host.Channel.TextsTo("conv-forge"), t => t.StartsWith(HandoffTemplates.CsatQuestion));
    }

    [Fact]
    public async Task Only_a_caller_with_the_contact_centre_secret_may_report_status_and_completed_resolves_with_csat()
    {
        var @case = await EscalateAsync("conv-cc");

        Assert.Equal(HttpStatusCode.Unauthorized, (await ReportAsync(null, "conv-cc", "completed")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ReportAsync("not-the-secret", "conv-cc", "completed")).StatusCode);
        Assert.Equal(ConversationOwner.Queued, (await _host.Handoff.Store.GetAsync("conv-cc"))!.Owner);

        Assert.Equal(HttpStatusCode.BadRequest, (await ReportAsync(Secret, "conv-cc", "done")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ReportAsync(Secret, "conv-unknown", "accepted")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ReportAsync(Secret, "conv-cc", "accepted")).StatusCode);
        Assert.Equal(ConversationOwner.External, (await _host.Handoff.Store.GetAsync("conv-cc"))!.Owner);
        await _host.CustomerSaysAsync("conv-cc", "hello?");
        Assert.DoesNotContain("hello?", _host.Channel.BotTurns("conv-cc"));

        Assert.Equal(HttpStatusCode.OK, (await ReportAsync(Secret, "conv-cc", "completed")).StatusCode);
        Assert.Equal(ConversationOwner.Bot, (await _host.Handoff.Store.GetAsync("conv-cc"))!.Owner);
        Assert.Equal(CaseStatus.Resolved, (await Cases.GetAsync(@case.Number))!.Status);
        Assert.Contains(_host.Channel.TextsTo("conv-cc"), t => t.StartsWith(HandoffTemplates.CsatQuestion));
        Assert.Equal(HttpStatusCode.Conflict, (await ReportAsync(Secret, "conv-cc", "completed")).StatusCode);
    }

    [Fact]
    public async Task An_accepted_conversation_never_completed_times_out_with_a_callback_promise_and_the_bot_answers_again()
    {
        await EscalateAsync("conv-silent");
        Assert.Equal(HttpStatusCode.OK, (await ReportAsync(Secret, "conv-silent", "accepted")).StatusCode);

        _host.Clock.Advance(TimeSpan.FromMinutes(44));
        Assert.Equal(0, await _host.Handoff.SweepTimeoutsAsync());
        Assert.Equal(ConversationOwner.External, (await _host.Handoff.Store.GetAsync("conv-silent"))!.Owner);

        _host.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await _host.Handoff.SweepTimeoutsAsync());
        var entry = (await _host.Handoff.Store.GetAsync("conv-silent"))!;
        Assert.Equal(ConversationOwner.Bot, entry.Owner);
        Assert.True(entry.CallbackPromised);
        Assert.Contains(_host.Channel.TextsTo("conv-silent"), t => t.StartsWith(HandoffTemplates.CallbackPromise));
        await _host.CustomerSaysAsync("conv-silent", "anyone there?");
        Assert.Contains("anyone there?", _host.Channel.BotTurns("conv-silent"));
    }
}

using System.Net;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Complaints;
using ComplaintBot.Dialogs.Handoff;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintBot.Tests.Agents;

/// <summary>
/// An agent's money limit (Agents:AgentAuthority, ¥50 by default) holds per case, not per action: what the case has
/// already been granted counts. Above it the remedy waits for a lead, and the customer hears of it only once approved.
/// </summary>
public sealed class RemedyApprovalTests : IAsyncLifetime
{
    private readonly AgentConsoleHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _host.DisposeAsync();

    private ICaseStore Cases => _host.Services.GetRequiredService<ICaseStore>();

    /// <summary>A case in the queue, taken by the demo agent.</summary>
    private async Task<(Case Case, AgentSession Agent)> TakenAsync(string conversationId)
    {
        await _host.CustomerSaysAsync(conversationId, "The kettle leaks");
        var @case = await Cases.CreateAsync(new Case { ConversationId = conversationId, Locale = "en-US", Facts = { Problem = "Damaged" } });
        await _host.CustomerSaysAsync(conversationId, "a person please", bot: (turn, ct) =>
            _host.Services.GetRequiredService<IHandoffRequester>().RequestAsync(turn,
                new HandoffRequest(@case, HandoffTriggers.PolicyPrefix + "human-request", "asked for a person", false, "en-US", null), ct));
        var agent = await _host.SignInDemoAsync();
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"agent/api/conversations/{conversationId}/take", new { })).StatusCode);
        return (@case, agent);
    }

    /// <summary>Granted remedies the customer was told of: each is the written confirmation, with the case as data.</summary>
    private int RemedyMessagesTo(string conversationId)
        => _host.Channel.SentTo(conversationId).Count(a => a.Attachments?.Any(x => x.ContentType == ConfirmStep.ContentType) == true);

    [Fact]
    public async Task Twenty_fifty_yuan_remedies_on_one_case_grant_fifty_and_leave_the_rest_waiting_for_a_lead()
    {
        var (@case, agent) = await TakenAsync("conv-twenty");
        Assert.Equal(50m, _host.Handoff.Options.AgentAuthority);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
            statuses.Add((await agent.PostAsync("agent/api/conversations/conv-twenty/remedies", new { kind = "compensation", amount = 50 })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, statuses[0]);
        Assert.All(statuses.Skip(1), s => Assert.Equal(HttpStatusCode.Accepted, s));
        var entry = (await _host.Handoff.Store.GetAsync("conv-twenty"))!;
        Assert.Equal(50m, entry.AppliedTotal(@case.Number));
        Assert.Equal(19, entry.PendingApprovals);
        Assert.Equal(1, RemedyMessagesTo("conv-twenty")); // the customer was promised ¥50, not ¥1,000
    }

    [Fact]
    public async Task Parallel_requests_cannot_slip_two_grants_past_the_limit()
    {
        var (@case, agent) = await TakenAsync("conv-race");

        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            agent.PostAsync("agent/api/conversations/conv-race/remedies", new { kind = "coupon", amount = 30 })));

        var entry = (await _host.Handoff.Store.GetAsync("conv-race"))!;
        Assert.Equal(30m, entry.AppliedTotal(@case.Number));
        Assert.Equal(1, RemedyMessagesTo("conv-race"));
    }

    [Fact]
    public async Task A_lead_approves_or_rejects_a_waiting_remedy_and_only_an_approved_one_reaches_the_customer()
    {
        var (@case, agent) = await TakenAsync("conv-approve");
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync("agent/api/conversations/conv-approve/remedies", new { kind = "coupon", amount = 40 })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await agent.PostAsync("agent/api/conversations/conv-approve/remedies", new { kind = "compensation", amount = 100 })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await agent.PostAsync("agent/api/conversations/conv-approve/remedies", new { kind = "partial_refund", amount = 30 })).StatusCode);
        Assert.Equal(1, RemedyMessagesTo("conv-approve"));

        // Agents neither see the approvals list nor decide.
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.Http.GetAsync("agent/api/approvals")).StatusCode);
        var pending = (await _host.Handoff.Store.GetAsync("conv-approve"))!.Remedies.Where(r => r.State == RemedyState.PendingApproval).ToList();
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsync($"agent/api/conversations/conv-approve/remedies/{pending[0].Id}/approve", new { })).StatusCode);

        var lead = await _host.SignInAsync("lead", "lead");
        var list = await lead.GetJsonAsync("agent/api/approvals");
        Assert.Equal(2, list.GetArrayLength());
        Assert.Equal(@case.Number, list[0].GetProperty("caseNumber").GetString());
        Assert.Equal(40m, list[0].GetProperty("appliedTotal").GetDecimal());

        Assert.Equal(HttpStatusCode.OK, (await lead.PostAsync($"agent/api/conversations/conv-approve/remedies/{pending[0].Id}/approve", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await lead.PostAsync($"agent/api/conversations/conv-approve/remedies/{pending[1].Id}/reject", new { })).StatusCode);
        // Decided once: a second decision is a conflict.
        Assert.Equal(HttpStatusCode.Conflict, (await lead.PostAsync($"agent/api/conversations/conv-approve/remedies/{pending[1].Id}/approve", new { })).StatusCode);

        Assert.Equal(2, RemedyMessagesTo("conv-approve"));
        Assert.Contains(ComplaintBot.Tests.Complaints.RepoPaths.Prompts.Render("en-US", "confirm.step_refund", new { amount = "100" }), _host.Channel.TextsTo("conv-approve")[^1]);
        var entry = (await _host.Handoff.Store.GetAsync("conv-approve"))!;
        Assert.Equal(140m, entry.AppliedTotal(@case.Number));
        Assert.Equal(0, entry.PendingApprovals);
        Assert.Equal(RemedyState.Rejected, entry.Remedies.Single(r => r.Id == pending[1].Id).State);
        Assert.Equal("lead", entry.Remedies.Single(r => r.Id == pending[0].Id).DecidedBy);
        Assert.Equal(0, (await lead.GetJsonAsync("agent/api/approvals")).GetArrayLength());
    }

    [Fact]
    public async Task A_lead_cannot_approve_past_the_lead_limit_for_the_case()
    {
        var (@case, agent) = await TakenAsync("conv-cap");
        var lead = await _host.SignInAsync("lead", "lead");
        Assert.Equal(HttpStatusCode.Accepted, (await agent.PostAsync("agent/api/conversations/conv-cap/remedies", new { kind = "compensation", amount = 300 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await lead.PostAsync("agent/api/conversations/conv-cap/remedies", new { kind = "refund", amount = 400 })).StatusCode);
        var waiting = (await _host.Handoff.Store.GetAsync("conv-cap"))!.Remedies.Single(r => r.State == RemedyState.PendingApproval);

        // 400 granted + 300 asked > the lead's 500 for this case.
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.PostAsync($"agent/api/conversations/conv-cap/remedies/{waiting.Id}/approve", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.PostAsync("agent/api/conversations/conv-cap/remedies", new { kind = "coupon", amount = 101 })).StatusCode);
        Assert.Equal(400m, (await _host.Handoff.Store.GetAsync("conv-cap"))!.AppliedTotal(@case.Number));
    }
}

using System.Net;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Complaints;
using ComplaintBot.Dialogs.Handoff;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintBot.Tests.Agents;

/// <summary>
/// A closed case never re-opens, and nothing is granted on it: a lead (who may act on any conversation) cannot apply or
/// approve a remedy on a case the customer withdrew or that was closed. Before, the grant was written on the closed case
/// (its remedy overwritten, steps added) and the customer got a written confirmation for a complaint they had withdrawn.
/// </summary>
public sealed class SettledCaseRemedyTests : IAsyncLifetime
{
    private readonly AgentConsoleHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _host.DisposeAsync();

    private ICaseStore Cases => _host.Services.GetRequiredService<ICaseStore>();

    private async Task<Case> QueuedAsync(string conversationId, string locale)
    {
        await _host.CustomerSaysAsync(conversationId, "The kettle leaks", locale);
        var @case = await Cases.CreateAsync(new Case { ConversationId = conversationId, Locale = locale, Facts = { Problem = "Damaged" } });
        await _host.CustomerSaysAsync(conversationId, "a person please", locale, bot: (turn, ct) =>
            _host.Services.GetRequiredService<IHandoffRequester>().RequestAsync(turn,
                new HandoffRequest(@case, HandoffTriggers.PolicyPrefix + "human-request", "asked for a person", false, locale, null), ct));
        return @case;
    }

    private int ConfirmationsTo(string conversationId)
        => _host.Channel.SentTo(conversationId).Count(a => a.Attachments?.Any(x => x.ContentType == ConfirmStep.ContentType) == true);

    [Theory, InlineData("en-US", "cancel"), InlineData("zh-CN", "取消")]
    public async Task A_lead_cannot_grant_a_remedy_on_a_case_the_customer_withdrew(string locale, string words)
    {
        var @case = await QueuedAsync("conv-withdrawn", locale);
        await _host.CustomerSaysAsync("conv-withdrawn", words, locale);
        Assert.Equal(CaseStatus.Closed, (await Cases.GetAsync(@case.Number))!.Status);
        var sent = _host.Channel.SentTo("conv-withdrawn").Count;

        var lead = await _host.SignInAsync("lead", "lead");
        var response = await lead.PostAsync("agent/api/conversations/conv-withdrawn/remedies", new { kind = "coupon", amount = 20 });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(sent, _host.Channel.SentTo("conv-withdrawn").Count);
        Assert.Equal(0, ConfirmationsTo("conv-withdrawn"));
        var stored = (await Cases.GetAsync(@case.Number))!;
        Assert.Equal((CaseStatus.Closed, (string?)null, 0), (stored.Status, stored.RemedyChosen, stored.Steps.Count));
        Assert.DoesNotContain((await _host.Handoff.Store.GetAsync("conv-withdrawn"))!.Remedies, r => r.State == RemedyState.Applied);
    }

    [Fact]
    public async Task A_remedy_waiting_for_a_lead_is_not_granted_once_the_case_is_closed_and_can_still_be_rejected()
    {
        var @case = await QueuedAsync("conv-closed", "en-US");
        var agent = await _host.SignInDemoAsync();
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync("agent/api/conversations/conv-closed/take", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await agent.PostAsync("agent/api/conversations/conv-closed/remedies", new { kind = "compensation", amount = 80 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync("agent/api/conversations/conv-closed/resolve", new { note = "replaced in store" })).StatusCode);
        // The follow-up's "resolved" closes the case for good.
        var resolved = (await Cases.GetAsync(@case.Number))!;
        Assert.True(resolved.TryApply(CaseTransition.Close, _host.Clock.GetUtcNow(), "resolved", "customer"));
        await Cases.SaveAsync(resolved);
        Assert.Equal(CaseStatus.Closed, (await Cases.GetAsync(@case.Number))!.Status);
        var waiting = (await _host.Handoff.Store.GetAsync("conv-closed"))!.Remedies.Single(r => r.State == RemedyState.PendingApproval);

        var lead = await _host.SignInAsync("lead", "lead");
        Assert.Equal(HttpStatusCode.Conflict, (await lead.PostAsync($"agent/api/conversations/conv-closed/remedies/{waiting.Id}/approve", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await lead.PostAsync("agent/api/conversations/conv-closed/remedies", new { kind = "coupon", amount = 10 })).StatusCode);

        Assert.Equal(0, ConfirmationsTo("conv-closed"));
        var stored = (await Cases.GetAsync(@case.Number))!;
        Assert.Equal((CaseStatus.Closed, (string?)null), (stored.Status, stored.RemedyChosen));
        Assert.Equal(HttpStatusCode.OK, (await lead.PostAsync($"agent/api/conversations/conv-closed/remedies/{waiting.Id}/reject", new { })).StatusCode);
        Assert.Equal(0, (await _host.Handoff.Store.GetAsync("conv-closed"))!.PendingApprovals);
    }
}

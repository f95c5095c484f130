using ComplaintBot.Dialogs.Cases;

namespace ComplaintBot.Dialogs.Handoff;

/// <summary>Writes hand-off outcomes onto the complaint case, retrying when the flow saved it in between.</summary>
/// <param name="followUps">Schedules the case's proactive follow-up when an agent resolves it (null: none).</param>
public sealed class CaseHandoffRecorder(ICaseStore cases, TimeProvider clock, FollowUps.FollowUpPlanner? followUps = null) : IHandoffCaseSink
{
    public Task EscalatedAsync(string caseNumber, string reason, string trigger, int priority, CancellationToken ct = default)
        => UpdateAsync(caseNumber, c =>
        {
            c.EscalationReason ??= reason;
            c.EscalationTrigger ??= trigger;
            if ((int)c.Priority < priority) c.Priority = (CasePriority)priority;
            c.MoveTo(CaseStatus.Escalated, clock.GetUtcNow(), reason);
        }, ct);

    public Task RemedyAppliedAsync(string caseNumber, string kind, decimal amount, string agentId, CancellationToken ct = default)
        => UpdateAsync(caseNumber, c =>
        {
            c.RemedyChosen = amount > 0 ? $"{kind} ({amount:0.##})" : kind;
            c.Steps.Add(new ActionStep(c.RemedyChosen, "agent:" + agentId, clock.GetUtcNow().AddDays(1)));
        }, ct);

    public Task ResolvedAsync(string caseNumber, string actor, string? note, CancellationToken ct = default, Schema.ConversationReference? reference = null)
        => UpdateAsync(caseNumber, c =>
        {
            var now = clock.GetUtcNow();
            c.MoveTo(CaseStatus.Closed, now, note ?? "resolved by agent", actor.StartsWith("agent:") || actor == "external" ? actor : "agent:" + actor);
            if (reference is not null) followUps?.Schedule(c, reference, now);
        }, ct);

    public Task LeftQueueAsync(string caseNumber, string note, CancellationToken ct = default)
        => UpdateAsync(caseNumber, c =>
        {
            if (c.Status != CaseStatus.Closed) c.MoveTo(CaseStatus.Closed, clock.GetUtcNow(), note, "customer");
        }, ct);

    public Task CsatAsync(string caseNumber, int score, string? comment = null, CancellationToken ct = default)
        => UpdateAsync(caseNumber, c => (c.Csat, c.CsatComment) = (score, comment), ct);

    private async Task UpdateAsync(string number, Action<Case> change, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var c = await cases.GetAsync(number, ct);
            if (c is null) return;
            change(c);
            c.UpdatedAt = clock.GetUtcNow();
            try
            {
                await cases.SaveAsync(c, ct);
                return;
            }
            catch (CaseConflictException) when (attempt < 4)
            {
            }
        }
    }
}

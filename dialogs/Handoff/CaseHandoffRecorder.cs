using ComplaintBot.Dialogs.Cases;

namespace ComplaintBot.Dialogs.Handoff;

/// <summary>Writes hand-off outcomes onto the complaint case, retrying when the flow saved it in between.</summary>
/// <param name="followUps">Schedules the case's proactive follow-up when an agent resolves it (null: none).</param>
/// <param name="written">Turns an agent's remedy into the steps the bot's confirmation would list (null: one step named by the remedy).</param>
public sealed class CaseHandoffRecorder(ICaseStore cases, TimeProvider clock, Complaints.FollowUpPlanner? followUps = null,
    Complaints.WrittenConfirmation? written = null) : IHandoffCaseSink
{
    public Task EscalatedAsync(string caseNumber, string reason, string trigger, int priority, CancellationToken ct = default)
        => UpdateAsync(caseNumber, c =>
        {
            c.EscalationReason ??= reason;
            c.EscalationTrigger ??= trigger;
            if ((int)c.Priority < priority) c.Priority = (CasePriority)priority;
            c.TryApply(CaseTransition.Escalate, clock.GetUtcNow(), reason);
        }, ct);

    public async Task<(Case Case, IReadOnlyList<ActionStep> Steps)?> RemedyAppliedAsync(string caseNumber, Policy.RemedyOption remedy, string agentId,
        string locale, CancellationToken ct = default)
    {
        IReadOnlyList<ActionStep> steps = [];
        var updated = await UpdateAsync(caseNumber, c =>
        {
            var now = clock.GetUtcNow();
            // The case's remedy in the bot's own key ("Coupon:20"), whoever agreed it; earlier remedies' steps stay.
            c.RemedyChosen = remedy.Key;
            steps = written?.Steps(c, remedy, c.OrderAmount ?? 0, locale, now) ?? [new ActionStep(remedy.Key, "agent:" + agentId, now.AddDays(1))];
            c.Steps.AddRange(steps);
        }, ct);
        return updated is null ? null : (updated, steps);
    }

    public async Task<decimal?> OrderAmountAsync(string caseNumber, CancellationToken ct = default)
        => (await cases.GetAsync(caseNumber, ct))?.OrderAmount;

    public Task ResolvedAsync(string caseNumber, string actor, string? note, CancellationToken ct = default, Schema.ConversationReference? reference = null)
        => UpdateAsync(caseNumber, c =>
        {
            var now = clock.GetUtcNow();
            var resolved = c.TryApply(CaseTransition.Resolve, now, note ?? "resolved by agent", actor.StartsWith("agent:") || actor == "external" ? actor : "agent:" + actor);
            if (resolved && reference is not null) followUps?.Schedule(c, reference, now);
        }, ct);

    public Task LeftQueueAsync(string caseNumber, string note, CancellationToken ct = default)
        => UpdateAsync(caseNumber, c =>
        {
            c.TryApply(CaseTransition.Withdraw, clock.GetUtcNow(), note, "customer");
        }, ct);

    public Task CsatAsync(string caseNumber, int score, CancellationToken ct = default)
        => UpdateAsync(caseNumber, c =>
        {
            c.Csat = score;
            c.TryApply(CaseTransition.Rate, clock.GetUtcNow(), score.ToString(System.Globalization.CultureInfo.InvariantCulture), "customer");
        }, ct);

    public Task TransitionAsync(string caseNumber, CaseTransition transition, string actor, string? note = null, CancellationToken ct = default)
        => UpdateAsync(caseNumber, c => c.TryApply(transition, clock.GetUtcNow(), note, actor), ct);

    private async Task<Case?> UpdateAsync(string number, Action<Case> change, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var c = await cases.GetAsync(number, ct);
            if (c is null) return null;
            change(c);
            c.UpdatedAt = clock.GetUtcNow();
            try
            {
                await cases.SaveAsync(c, ct);
                return c;
            }
            catch (CaseConflictException) when (attempt < 4)
            {
            }
        }
        return null; // not reached: the fifth conflict is thrown
    }
}

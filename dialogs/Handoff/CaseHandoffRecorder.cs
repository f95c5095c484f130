using ComplaintBot.Dialogs.Cases;

namespace ComplaintBot.Dialogs.Handoff;

/// <summary>Writes hand-off outcomes onto the complaint case, retrying when the flow saved it in between.</summary>
/// <param name="followUps">Schedules the case's proactive follow-up when an agent resolves it (null: none).</param>
/// <param name="written">Turns an agent's remedy into the steps the bot's confirmation would list (null: one step named by the remedy).</param>
/// <param name="sla">The resolution target of a case an agent opens (null: the defaults).</param>
public sealed class CaseHandoffRecorder(ICaseStore cases, TimeProvider clock, Complaints.FollowUpPlanner? followUps = null,
    Complaints.WrittenConfirmation? written = null, Complaints.SlaOptions? sla = null) : IHandoffCaseSink
{
    public async Task<Case> OpenedByAgentAsync(HandoffEntry entry, string description, string agentId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var created = await cases.CreateAsync(new Case
        {
            Kind = CaseKind.Complaint,
            ConversationId = entry.ConversationId,
            ChannelId = entry.Reference.ChannelId ?? entry.Summary.ChannelId,
            Locale = entry.Locale,
            CustomerId = entry.CustomerId,
            CustomerName = entry.Summary.CustomerName,
            CustomerTier = entry.Summary.CustomerTier,
            Priority = Enum.IsDefined((CasePriority)entry.Priority) ? (CasePriority)entry.Priority : CasePriority.Normal,
            EscalationTrigger = entry.Trigger,
            EscalationReason = entry.Reason,
            // The hand-off's first-response deadline is the case's: the customer has been waiting since then.
            FirstResponseDue = entry.SlaDueAt ?? now,
            ResolutionDue = now.AddHours((sla ?? new Complaints.SlaOptions()).ResolutionHours.GetValueOrDefault("General", 48)),
            Facts = { Description = description },
        }, ct);
        // Where the conversation already is: with people, taken by this agent.
        return await UpdateAsync(created.Number, c =>
        {
            c.TryApply(CaseTransition.Escalate, now, entry.Reason, "agent:" + agentId);
            c.TryApply(CaseTransition.TakeOver, now, "case opened by the agent", "agent:" + agentId);
        }, ct) ?? created;
    }

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

    public async Task<CaseStatus?> StatusAsync(string caseNumber, CancellationToken ct = default)
        => (await cases.GetAsync(caseNumber, ct))?.Status;

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

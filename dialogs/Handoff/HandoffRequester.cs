using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Complaints;
using ComplaintBot.Dialogs.Turns;

namespace ComplaintBot.Dialogs.Handoff;

/// <summary>The complaint flow's escalation seam, done for real: the case (or, without one, the conversation) becomes a queue entry with its summary.</summary>
public sealed class HandoffRequester(HandoffService handoff) : IHandoffRequester
{
    public Task RequestAsync(ITurnContext turn, HandoffRequest request, CancellationToken ct = default)
        => handoff.EscalateAsync(turn, request.Case is { } c
            ? new EscalationRequest(
                request.Reason,
                request.Trigger,
                // A demand beyond authority needs a supervisor: put it at the top of the queue.
                request.ToSupervisor ? Math.Max((int)c.Priority, (int)CasePriority.High) : (int)c.Priority,
                c.Number,
                HandoffSummaries.FromCase(c, request.Mood),
                request.Locale,
                c.CustomerId)
            // No case: the conversation alone, at normal priority, with what the shop knows of the signed-in customer.
            : new EscalationRequest(
                request.Reason,
                request.Trigger,
                (int)CasePriority.Normal,
                null,
                HandoffSummaries.WithoutCase(request.Customer, request.Mood),
                request.Locale,
                request.Customer?.Id), ct);
}

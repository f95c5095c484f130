using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Complaints;
using ComplaintBot.Dialogs.Turns;

namespace ComplaintBot.Dialogs.Handoff;

/// <summary>The complaint flow's escalation seam, done for real: the case becomes a queue entry with its summary.</summary>
public sealed class HandoffRequester(HandoffService handoff) : IHandoffRequester
{
    public Task RequestAsync(ITurnContext turn, HandoffRequest request, CancellationToken ct = default)
        => handoff.EscalateAsync(turn, new EscalationRequest(
            request.Reason,
            request.Trigger,
            // A demand beyond authority needs a supervisor: put it at the top of the queue.
            request.ToSupervisor ? Math.Max((int)request.Case.Priority, (int)CasePriority.High) : (int)request.Case.Priority,
            request.Case.Number,
            HandoffSummaries.FromCase(request.Case, request.Mood),
            request.Locale), ct);
}

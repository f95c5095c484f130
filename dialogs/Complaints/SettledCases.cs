using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Nlu;
using ComplaintBot.Dialogs.Turns;

namespace ComplaintBot.Dialogs.Complaints;

/// <summary>
/// The conversation after its case was settled outside the bot's own steps (an agent resolved it, the follow-up closed
/// it): the bot's questions about that case are stale, and the customer's next words are a rating or a new message —
/// never an answer that takes the settled case forward again.
/// </summary>
public sealed class SettledCases(ICaseStore cases, CaseRecorder recorder, ComplaintMessages messages, TimeProvider clock)
{
    /// <summary>The session's current case is resolved or closed: whatever the dialog was asking about it is moot.</summary>
    public async Task<bool> IsStaleAsync(ComplaintSession session, CancellationToken ct)
        => session.CurrentIssue?.CaseNumber is { } number && await cases.GetAsync(number, ct) is { IsOpen: false };

    /// <summary>
    /// A score ("3", "3, it took way too long") for the latest case a person resolved in this conversation and nobody
    /// rated yet: kept on the case (the customer's words as the rating's note) and thanked for. False when the message
    /// gives no score or no such case waits for one.
    /// </summary>
    public async Task<bool> TryRateAsync(ITurnContext turn, string locale, Extraction x, CancellationToken ct)
    {
        if (x.Rating is not { Score: var score, Comment: var comment } || turn.Activity.Conversation?.Id is not { } conversation) return false;
        var waiting = (await cases.QueryAsync(new CaseQuery(Statuses: [CaseStatus.Resolved], ConversationId: conversation), ct))
            .Where(c => c.Csat is null).MaxBy(c => c.ClosedAt);
        if (waiting is null) return false;
        await recorder.UpdateAsync(waiting.Number, c =>
        {
            (c.Csat, c.CsatComment) = (score, comment);
            c.TryApply(CaseTransition.Rate, clock.GetUtcNow(), turn.Activity.Text?.Trim(), "customer");
        }, ct);
        await messages.SayAsync(turn, locale, "csat.thanks", new { score, comment }, ct);
        return true;
    }
}

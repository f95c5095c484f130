using System.Text.Json.Nodes;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Orders;
using ComplaintBot.Dialogs.Policy;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Dialogs.Turns;

namespace ComplaintBot.Dialogs.Complaints;

/// <summary>
/// Step 6: the written confirmation of the agreed remedy (<see cref="WrittenConfirmation"/>); the case moves to executing
/// and its follow-up is planned. Receives what it uses (issue 13).
/// </summary>
public sealed class ConfirmStep(
    IStatePropertyAccessor<ComplaintSession> sessions,
    ICaseStore cases,
    IOrderService orders,
    CaseRecorder recorder,
    WrittenConfirmation written,
    FollowUpPlanner followUps,
    TimeProvider clock)
{
    public const string ContentType = WrittenConfirmation.ContentType;

    public async Task RunAsync(ITurnContext turn, string remedyKey, CancellationToken ct)
    {
        var session = await sessions.GetAsync(turn, () => new ComplaintSession(), ct);
        var locale = session.Locale!;
        var option = RemedyOption.Parse(remedyKey);
        var number = session.CurrentIssue!.CaseNumber!;
        var current = (await cases.GetAsync(number, ct))!;
        var order = await OrderAccess.DetailsAsync(orders, session, ct);
        var price = order?.Lines.FirstOrDefault(l => l.Sku == current.ProductSku)?.UnitPrice ?? order?.Lines.FirstOrDefault()?.UnitPrice ?? 0;

        var now = clock.GetUtcNow();
        var actionSteps = written.Steps(current, option, order?.Total ?? price, locale, now);

        var updated = await recorder.UpdateAsync(number, c =>
        {
            c.Steps = actionSteps.ToList();
            c.RemedyChosen = remedyKey;
            c.Apply(CaseTransition.Execute, now);
            followUps.Schedule(c, turn.Activity.GetConversationReference(), now);
        }, ct);

        await turn.SendActivityAsync(written.Message(updated, option, actionSteps, locale), ct);
    }
}

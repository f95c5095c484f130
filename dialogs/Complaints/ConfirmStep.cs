using System.Text.Json.Nodes;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Policy;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.Turns;

namespace ComplaintBot.Dialogs.Complaints;

/// <summary>
/// Step 6: the written confirmation of the agreed remedy (<see cref="WrittenConfirmation"/>); the case moves to executing.
/// </summary>
public sealed class ConfirmStep(ComplaintServices s)
{
    public const string ContentType = WrittenConfirmation.ContentType;

    private readonly WrittenConfirmation _written = new(s.Prompts, s.Options, s.Hours);

    public async Task RunAsync(ITurnContext turn, string remedyKey, CancellationToken ct)
    {
        var session = await s.SessionAsync(turn, ct);
        var locale = session.Locale!;
        var option = RemedyOption.Parse(remedyKey);
        var number = session.CurrentIssue!.CaseNumber!;
        var current = (await s.Cases.GetAsync(number, ct))!;
        var order = await OrderAccess.DetailsAsync(s.Orders, session, ct);
        var price = order?.Lines.FirstOrDefault(l => l.Sku == current.ProductSku)?.UnitPrice ?? order?.Lines.FirstOrDefault()?.UnitPrice ?? 0;

        var now = s.Now;
        var actionSteps = _written.Steps(current, option, order?.Total ?? price, locale, now);

        var updated = await new CaseRecorder(s).UpdateAsync(number, c =>
        {
            c.Steps = actionSteps.ToList();
            c.RemedyChosen = remedyKey;
            c.Apply(CaseTransition.Execute, now);
            s.FollowUps.Schedule(c, turn.Activity.GetConversationReference(), now);
        }, ct);

        await turn.SendActivityAsync(_written.Message(updated, option, actionSteps, locale), ct);
    }
}

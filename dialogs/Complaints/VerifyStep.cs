using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Nlu;
using ComplaintBot.Dialogs.Orders;
using ComplaintBot.Dialogs.Policy;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Dialogs.Turns;

namespace ComplaintBot.Dialogs.Complaints;

/// <summary>
/// Step 4: look up the order and its logistics, tell the customer what the record shows, reconcile the problem with
/// it (a "late" parcel the carrier has lost is a lost parcel), and classify the case (category, responsibility,
/// severity, impact, priority, with reasons).
/// </summary>
public sealed class VerifyStep(
    IStatePropertyAccessor<ComplaintSession> sessions,
    IOrderService orders,
    ICaseStore cases,
    Escalations escalations,
    CaseAnalyzer analyzer,
    CaseRecorder recorder,
    ComplaintMessages messages,
    ServiceHours hours,
    SlaOptions sla,
    TimeProvider clock)
{
    public async Task RunAsync(ITurnContext turn, CancellationToken ct)
    {
        var session = await sessions.GetAsync(turn, ct);
        var locale = session.Locale!;
        var now = clock.GetUtcNow();
        // Only an order the customer proved is looked up for them; otherwise its delivery record is neither told nor used.
        var order = await OrderAccess.DetailsAsync(orders, session, ct);
        var shipment = order?.Shipment;

        if (order is null)
            await messages.SayAsync(turn, locale, session.OrderNumber is null ? "verify.no_order" : "identity.not_shown", ct: ct);
        else if (shipment is not null && Report(shipment, now, locale, hours) is { } report)
            await messages.SayAsync(turn, locale, report.Key, report.Values, ct);

        await AnalyseAsync(turn, session, order, ct);
    }

    /// <summary>
    /// A case handed to a person before it was analysed (an angry first message) and handed back at the remedies: analysed
    /// now, silently, so the remedies and their basis are the case's (not the goodwill basis of an unclassified case).
    /// </summary>
    public async Task AnalyseIfNeverAsync(ITurnContext turn, CancellationToken ct)
    {
        var session = await sessions.GetAsync(turn, ct);
        if (session.CurrentIssue?.CaseNumber is not { } number || (await cases.GetAsync(number, ct))?.Category is not null) return;
        await AnalyseAsync(turn, session, await OrderAccess.DetailsAsync(orders, session, ct), ct);
    }

    private async Task AnalyseAsync(ITurnContext turn, ComplaintSession session, Order? order, CancellationToken ct)
    {
        var issue = session.CurrentIssue!;
        var locale = session.Locale!;
        var shipment = order?.Shipment;
        if (issue.Problem == ProblemKind.Late && shipment?.Status == ShipmentStatus.Lost) issue.Problem = ProblemKind.Lost;

        var tier = Enum.TryParse<CustomerTier>(session.CustomerTier, true, out var t) ? t : CustomerTier.Normal;
        var line = order?.Lines.FirstOrDefault(l => l.Sku == issue.Sku) ?? (order?.Lines.Count == 1 ? order.Lines[0] : null);
        var sentiment = await escalations.SentimentAsync(turn, locale, ct);
        var analysis = await analyzer.AnalyzeAsync(new AnalysisInput(
            issue.Problem ?? ProblemKind.Other,
            issue.Description ?? turn.Activity.Text ?? "",
            order, issue.Sku, line?.UnitPrice, tier, sentiment,
            ExcessiveDemand: session.DemandMultiple is not null,
            ExceptCaseNumber: issue.CaseNumber), ct);

        await recorder.UpdateAsync(issue.CaseNumber!, c =>
        {
            c.Facts.Problem = issue.Problem?.ToString();
            c.Category = analysis.Category;
            c.Responsibility = analysis.Responsibility;
            c.Severity = analysis.Severity;
            c.Impact = analysis.Impact;
            // An escalation may already have raised the priority; never lower it here.
            c.Priority = c.Status == CaseStatus.Escalated && c.Priority > analysis.Priority ? c.Priority : analysis.Priority;
            c.AnalysisReasons.AddRange(analysis.Reasons);
            c.ResolutionDue = c.CreatedAt.AddHours(sla.ResolutionHours.GetValueOrDefault(analysis.Severity.ToString(), 48));
        }, ct);
    }

    private static (string Key, object Values)? Report(Shipment sh, DateTimeOffset now, string locale, ServiceHours hours)
    {
        // Dates and "N days ago" on the shop's calendar, so the two never disagree (delivered 11-23, today 11-25: 2 days).
        int DaysBetween(DateTimeOffset earlier, DateTimeOffset later)
            => DateOnly.FromDateTime(hours.Local(later).Date).DayNumber - DateOnly.FromDateTime(hours.Local(earlier).Date).DayNumber;
        var carrier = sh.CarrierName(locale);
        var last = sh.Events.Count > 0 ? sh.Events[^1].Display(locale) : "-";
        return sh.Status switch
        {
            ShipmentStatus.Lost => ("verify.lost", new { carrier, lastEvent = last }),
            ShipmentStatus.Delayed => ("verify.delayed", new { carrier, days = Math.Max(1, DaysBetween(sh.ExpectedAt, now)), lastEvent = last }),
            ShipmentStatus.DamagedInTransit => ("verify.damaged_in_transit", new { carrier, lastEvent = last }),
            ShipmentStatus.Delivered when sh.DeliveredAt is { } d => ("verify.delivered", new { date = hours.Local(d).ToString("yyyy-MM-dd"), days = Math.Max(0, DaysBetween(d, now)) }),
            ShipmentStatus.InTransit => ("verify.in_transit", new { carrier, lastEvent = last }),
            _ => null,
        };
    }
}

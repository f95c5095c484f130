using System.Text.Json.Nodes;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Policy;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.Turns;

namespace ComplaintBot.Dialogs.Complaints;

/// <summary>
/// Step 6: the written confirmation of the agreed remedy — case number, remedy, steps with owner and deadline, how
/// to reach us — as text plus a structured <see cref="ContentType"/> attachment; the case moves to executing.
/// </summary>
public sealed class ConfirmStep(ComplaintServices s)
{
    public const string ContentType = "application/vnd.complaintbot.case+json";

    public async Task RunAsync(ITurnContext turn, string remedyKey, CancellationToken ct)
    {
        var session = await s.SessionAsync(turn, ct);
        var locale = session.Locale!;
        var option = RemedyOption.Parse(remedyKey);
        var number = session.CurrentIssue!.CaseNumber!;
        var current = (await s.Cases.GetAsync(number, ct))!;
        var order = session.OrderNumber is { } n ? await s.Orders.GetOrderAsync(n, ct) : null;
        var price = order?.Lines.FirstOrDefault(l => l.Sku == current.ProductSku)?.UnitPrice ?? order?.Lines.FirstOrDefault()?.UnitPrice ?? 0;

        var now = s.Now;
        var steps = new List<(string Template, object? Values, string Owner)>();
        foreach (var part in option.Parts)
            switch (part.Kind)
            {
                case RemedyKind.ReturnRefund:
                    steps.Add(("step_pickup", null, "owner_logistics"));
                    steps.Add(("step_refund", new { amount = (order?.Total ?? price).ToString("0.##") }, "owner_finance"));
                    break;
                case RemedyKind.Exchange:
                    steps.Add(("step_pickup", null, "owner_logistics"));
                    steps.Add(("step_ship_replacement", null, "owner_warehouse"));
                    break;
                case RemedyKind.Reship:
                    steps.Add(("step_ship_replacement", null, "owner_warehouse"));
                    break;
                case RemedyKind.PartialRefund or RemedyKind.ShippingInsuranceRefund or RemedyKind.Compensation:
                    steps.Add(("step_refund", new { amount = (part.Amount ?? 0).ToString("0.##") }, "owner_finance"));
                    break;
                case RemedyKind.Coupon:
                    steps.Add(("step_coupon", new { amount = (part.Amount ?? 0).ToString("0.##") }, "owner_service"));
                    break;
                case RemedyKind.Apology:
                    steps.Add(("step_apology", null, "owner_service"));
                    break;
                case RemedyKind.ServiceUpgrade:
                    steps.Add(("step_follow_up", null, "owner_service"));
                    break;
            }
        if (current.Responsibility == Responsibility.ThirdParty) steps.Add(("step_carrier_claim", null, "owner_logistics"));
        if (current.Category == ComplaintCategory.ServiceAttitude) steps.Add(("step_service_review", null, "owner_service"));

        var actionSteps = steps.Select(st => new ActionStep(
            s.Text(locale, "confirm." + st.Template, st.Values),
            s.Text(locale, "confirm." + st.Owner),
            now.AddHours(s.Options.StepHours.GetValueOrDefault(st.Template, 48)))).ToList();

        var updated = await new CaseRecorder(s).UpdateAsync(number, c =>
        {
            c.Steps = actionSteps;
            c.RemedyChosen = remedyKey;
            c.Apply(CaseTransition.Execute, now);
            s.FollowUps.Schedule(c, turn.Activity.GetConversationReference(), now);
        }, ct);

        var remedy = s.RemedyLabel(locale, option);
        var text = s.Text(locale, "confirm.written", new
        {
            caseNumber = number,
            remedy,
            steps = actionSteps.Select(a => new Dictionary<string, object?> { ["what"] = a.What, ["owner"] = a.Owner, ["deadline"] = s.Hours.Format(a.Deadline) }).ToList(),
            hotline = s.Options.Hotline,
        });
        var message = Activity.CreateMessage(text);
        message.Locale = locale;
        message.Attachments = [new Attachment { ContentType = ContentType, Name = number, Content = Summary(updated, remedy) }];
        await turn.SendActivityAsync(message, ct);
    }

    /// <summary>The machine-readable confirmation (channels that can render it, CRM imports, the agent console).</summary>
    private JsonObject Summary(Case c, string remedyLabel) => new()
    {
        ["caseNumber"] = c.Number,
        ["status"] = c.Status.ToString(),
        ["orderNumber"] = c.OrderNumber,
        ["product"] = c.ProductName,
        ["category"] = c.Category?.ToString(),
        ["responsibility"] = c.Responsibility.ToString(),
        ["severity"] = c.Severity.ToString(),
        ["priority"] = c.Priority.ToString(),
        ["remedy"] = new JsonObject { ["key"] = c.RemedyChosen, ["label"] = remedyLabel },
        ["steps"] = new JsonArray(c.Steps.Select(st => (JsonNode)new JsonObject
        {
            ["what"] = st.What, ["owner"] = st.Owner, ["deadline"] = st.Deadline.ToString("O"),
        }).ToArray()),
        ["contact"] = new JsonObject { ["hotline"] = s.Options.Hotline, ["conversationId"] = c.ConversationId },
    };
}

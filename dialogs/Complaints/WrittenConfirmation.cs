using System.Text.Json.Nodes;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Policy;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.Text;

namespace ComplaintBot.Dialogs.Complaints;

/// <summary>
/// The written confirmation of an agreed remedy — case number, remedy, steps with owner and deadline, how to reach
/// us — as text plus a structured <see cref="ContentType"/> attachment. One wording whoever agreed the remedy: the
/// bot's confirm step and an agent applying a remedy in the console send the same message.
/// </summary>
public sealed class WrittenConfirmation(PromptLibrary prompts, ComplaintOptions options, ServiceHours hours)
{
    public const string ContentType = "application/vnd.complaintbot.case+json";

    /// <summary>What happens for <paramref name="option"/> on <paramref name="c"/>, in <paramref name="locale"/>, with deadlines from <paramref name="now"/>.</summary>
    /// <param name="refundAmount">A return-and-refund without its own amount refunds this (the order total or the item price).</param>
    public IReadOnlyList<ActionStep> Steps(Case c, RemedyOption option, decimal refundAmount, string locale, DateTimeOffset now)
    {
        var steps = new List<(string Template, string? Amount, string Owner)>();
        foreach (var part in option.Parts)
            switch (part.Kind)
            {
                case RemedyKind.ReturnRefund:
                    steps.Add(("step_pickup", null, "owner_logistics"));
                    steps.Add(("step_refund", (part.Amount ?? refundAmount).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture), "owner_finance"));
                    break;
                case RemedyKind.Exchange:
                    steps.Add(("step_pickup", null, "owner_logistics"));
                    steps.Add(("step_ship_replacement", null, "owner_warehouse"));
                    break;
                case RemedyKind.Reship:
                    steps.Add(("step_ship_replacement", null, "owner_warehouse"));
                    break;
                case RemedyKind.PartialRefund or RemedyKind.ShippingInsuranceRefund or RemedyKind.Compensation:
                    steps.Add(("step_refund", (part.Amount ?? 0).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture), "owner_finance"));
                    break;
                case RemedyKind.Coupon:
                    steps.Add(("step_coupon", (part.Amount ?? 0).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture), "owner_service"));
                    break;
                case RemedyKind.Apology:
                    steps.Add(("step_apology", null, "owner_service"));
                    break;
                case RemedyKind.ServiceUpgrade:
                    steps.Add(("step_follow_up", null, "owner_service"));
                    break;
            }
        if (c.Responsibility == Responsibility.ThirdParty) steps.Add(("step_carrier_claim", null, "owner_logistics"));
        if (c.Category == ComplaintCategory.ServiceAttitude) steps.Add(("step_service_review", null, "owner_service"));

        return steps.Select(st => InLanguage(
            new ActionStep("", "", now.AddHours(options.StepHours.GetValueOrDefault(st.Template, 48)), new ActionStepTemplate(st.Template, st.Owner, st.Amount)),
            locale)).ToList();
    }

    /// <summary>The step written in <paramref name="locale"/> (after a language switch); a step without its templates stays as it is.</summary>
    public ActionStep InLanguage(ActionStep step, string locale) => step.Template is not { } t ? step : step with
    {
        What = prompts.Render(locale, "confirm." + t.Step, t.Amount is null ? null : new { amount = t.Amount }),
        Owner = prompts.Render(locale, "confirm." + t.Owner),
    };

    /// <summary>The remedy in the customer's words ("退款并赠送 ¥20 优惠券").</summary>
    public static string Label(PromptLibrary prompts, string locale, RemedyOption option)
    {
        var parts = option.Parts.Select(p => prompts.Render(locale, "remedies.remedy_" + ComplaintMessages.RemedyTemplate(p.Kind), new { amount = p.Amount?.ToString("0.##") })).ToList();
        return parts.Skip(1).Aggregate(parts[0], (a, b) => prompts.Render(locale, "remedies.combine", new { a, b }));
    }

    /// <summary>The message: <c>confirm.written</c> for <paramref name="steps"/>, and the case as data for systems.</summary>
    public Activity Message(Case c, RemedyOption option, IReadOnlyList<ActionStep> steps, string locale)
    {
        var remedy = Label(prompts, locale, option);
        var text = prompts.Render(locale, "confirm.written", new
        {
            caseNumber = c.Number,
            remedy,
            steps = steps.Select(a => new Dictionary<string, object?> { ["what"] = a.What, ["owner"] = a.Owner, ["deadline"] = hours.Format(a.Deadline) }).ToList(),
            hotline = options.Hotline,
        });
        var message = Activity.CreateMessage(text);
        message.Locale = locale;
        message.Attachments = [new Attachment { ContentType = ContentType, Name = c.Number, Content = Summary(c, option, remedy) }];
        return message;
    }

    /// <summary>The machine-readable confirmation (channels that can render it, CRM imports, the agent console).</summary>
    private JsonObject Summary(Case c, RemedyOption option, string remedyLabel) => new()
    {
        ["caseNumber"] = c.Number,
        ["status"] = c.Status.ToString(),
        ["orderNumber"] = c.OrderNumber,
        ["product"] = c.ProductName,
        ["category"] = c.Category?.ToString(),
        ["responsibility"] = c.Responsibility.ToString(),
        ["severity"] = c.Severity.ToString(),
        ["priority"] = c.Priority.ToString(),
        ["remedy"] = new JsonObject { ["key"] = option.Key, ["label"] = remedyLabel },
        ["steps"] = new JsonArray(c.Steps.Select(st => (JsonNode)new JsonObject
        {
            ["what"] = st.What, ["owner"] = st.Owner, ["deadline"] = st.Deadline.ToString("O"),
        }).ToArray()),
        ["contact"] = new JsonObject { ["hotline"] = options.Hotline, ["conversationId"] = c.ConversationId },
    };
}

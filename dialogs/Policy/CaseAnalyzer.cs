using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Nlu;
using ComplaintBot.Dialogs.Orders;
using ComplaintBot.Dialogs.Sentiment;
using Microsoft.Extensions.Options;

namespace ComplaintBot.Dialogs.Policy;

/// <summary>What the analyzer needs to know about one problem of one complaint.</summary>
public sealed record AnalysisInput(
    ProblemKind Problem,
    string Text,
    Order? Order,
    string? Sku,
    decimal? ItemValue,
    CustomerTier Tier,
    SentimentResult? Sentiment,
    bool ExcessiveDemand,
    string? ExceptCaseNumber = null);

public sealed record CaseAnalysis(
    ComplaintCategory Category,
    Responsibility Responsibility,
    Severity Severity,
    Impact Impact,
    CasePriority Priority,
    IReadOnlyList<string> Reasons);

/// <summary>
/// Classifies a complaint: category, responsibility, severity, impact → priority. Every rule that fires adds a
/// reason line (stored on the case and shown to agents). All thresholds and word lists come from <see cref="PolicyOptions"/>.
/// </summary>
public sealed class CaseAnalyzer(IOptions<PolicyOptions> options, ICaseStore cases, TimeProvider? clock = null)
{
    private readonly PolicyOptions _o = options.Value;
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public async Task<CaseAnalysis> AnalyzeAsync(AnalysisInput input, CancellationToken ct = default)
    {
        var reasons = new List<string>();
        var shipment = input.Order?.Shipment;
        var now = _clock.GetUtcNow();

        // Category.
        var category = CategoryOf(input.Problem, input.Text, _o.AfterSalesWords);
        reasons.Add($"category {category}: problem {input.Problem}" + (category == ComplaintCategory.AfterSalesPolicy && input.Problem == ProblemKind.Other ? " with after-sales wording" : ""));

        // Responsibility.
        Responsibility responsibility;
        string why;
        switch (input.Problem)
        {
            case ProblemKind.Lost:
                (responsibility, why) = (Responsibility.ThirdParty, shipment?.Status == ShipmentStatus.Lost ? "carrier confirmed the loss" : "parcel lost in transit");
                break;
            case ProblemKind.Late when shipment is null:
                (responsibility, why) = (Responsibility.Unknown, "no shipment to check");
                break;
            case ProblemKind.Late when shipment.Status == ShipmentStatus.Pending || shipment.ShippedAt is null:
                (responsibility, why) = (Responsibility.Merchant, "order not shipped yet");
                break;
            case ProblemKind.Late when shipment.Status == ShipmentStatus.Delayed || (shipment.DeliveredAt ?? now) > shipment.ExpectedAt:
                (responsibility, why) = (Responsibility.ThirdParty, $"{shipment.CarrierEn} past the expected delivery date");
                break;
            case ProblemKind.Late:
                (responsibility, why) = (Responsibility.Unknown, "not yet past the expected delivery date");
                break;
            case ProblemKind.Damaged when shipment?.Status == ShipmentStatus.DamagedInTransit:
                (responsibility, why) = (Responsibility.ThirdParty, "carrier recorded damage in transit");
                break;
            case ProblemKind.Damaged:
                (responsibility, why) = (Responsibility.Mixed, "damage on arrival: packaging (merchant) or handling (carrier)");
                break;
            case ProblemKind.Other:
                (responsibility, why) = (Responsibility.Unknown, "not classified");
                break;
            default:
                (responsibility, why) = (Responsibility.Merchant, $"{input.Problem} is the shop's doing");
                break;
        }
        if (Contains(input.Text, _o.CustomerFaultWords) is { } fault)
        {
            responsibility = responsibility is Responsibility.Unknown ? Responsibility.Customer : Responsibility.Mixed;
            why += $"; customer says \"{fault}\"";
        }
        reasons.Add($"responsibility {responsibility}: {why}");

        // Severity.
        var severity = Severity.General;
        var safety = Contains(input.Text, _o.SafetyWords);
        var threat = Contains(input.Text, _o.LegalThreatWords);
        if (safety is not null || input.Sentiment?.HasSafetyIssue == true)
        {
            severity = Severity.Urgent;
            reasons.Add("severity Urgent: personal safety" + (safety is null ? "" : $" (\"{safety}\")"));
        }
        else if (threat is not null || input.Sentiment?.HasThreat == true)
        {
            severity = Severity.Urgent;
            reasons.Add("severity Urgent: legal or public threat" + (threat is null ? "" : $" (\"{threat}\")"));
        }
        else if ((input.Order?.Total ?? input.ItemValue ?? 0) >= _o.LargeLossAmount)
        {
            severity = Severity.Serious;
            reasons.Add($"severity Serious: large loss (order value ≥ {_o.LargeLossAmount})");
        }
        else if (input.Problem is ProblemKind.Lost or ProblemKind.FalseAdvertising || input.ExcessiveDemand)
        {
            severity = Severity.Serious;
            reasons.Add($"severity Serious: {(input.ExcessiveDemand ? "demand beyond authority" : input.Problem.ToString())}");
        }
        else reasons.Add("severity General");

        // Impact.
        var impact = Impact.Single;
        if (input.Sku is not null)
        {
            // Beyond the systemic threshold the impact no longer changes, so the count stops there.
            var rule = BatchIssueRule.From(_o);
            var cap = Math.Max(rule.BatchThreshold, rule.SystemicThreshold);
            var open = await cases.CountOpenBySkuAsync(input.Sku, input.ExceptCaseNumber, atMost: cap - 1, ct) + 1;
            impact = rule.ImpactOf(open);
            reasons.Add($"impact {impact}: {(open >= cap ? "at least " : "")}{open} open case(s) on {input.Sku}");
        }
        else reasons.Add("impact Single: no SKU");

        // Priority from points.
        var points = Points($"Severity.{severity}") + Points($"Impact.{impact}") + Points($"Tier.{input.Tier}");
        var priority = points >= Threshold("Urgent", 5) ? CasePriority.Urgent
            : points >= Threshold("High", 2) ? CasePriority.High
            : CasePriority.Normal;
        reasons.Add($"priority {priority}: {points} point(s) from severity {severity}, impact {impact}, tier {input.Tier}");

        return new CaseAnalysis(category, responsibility, severity, impact, priority, reasons);
    }

    private int Points(string key) => _o.PriorityPoints.GetValueOrDefault(key);
    private int Threshold(string key, int fallback) => _o.PriorityThresholds.TryGetValue(key, out var v) ? v : fallback;

    /// <summary>The complaint category a problem belongs to; a problem no rule named is after-sales when its words say so.</summary>
    public static ComplaintCategory CategoryOf(ProblemKind problem, string text, IEnumerable<string> afterSalesWords) => problem switch
    {
        ProblemKind.Damaged or ProblemKind.Late or ProblemKind.Lost => ComplaintCategory.Logistics,
        ProblemKind.WrongItem or ProblemKind.MissingItem => ComplaintCategory.WrongOrMissingItem,
        ProblemKind.QualityDefect => ComplaintCategory.ProductQuality,
        ProblemKind.FalseAdvertising => ComplaintCategory.FalseAdvertising,
        ProblemKind.RudeService => ComplaintCategory.ServiceAttitude,
        ProblemKind.PriceDispute => ComplaintCategory.PriceDispute,
        ProblemKind.RefundDelay => ComplaintCategory.AfterSalesPolicy,
        _ => Contains(text, afterSalesWords) is not null ? ComplaintCategory.AfterSalesPolicy : ComplaintCategory.Other,
    };

    private static string? Contains(string text, IEnumerable<string> words)
        => words.FirstOrDefault(w => !string.IsNullOrWhiteSpace(w) && KeywordRules.Pattern(w).IsMatch(text));
}

using System.Text.Json.Serialization;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Nlu;
using ComplaintBot.Dialogs.Orders;
using Microsoft.Extensions.Options;

namespace ComplaintBot.Dialogs.Policy;

[JsonConverter(typeof(JsonStringEnumConverter<RemedyKind>))]
public enum RemedyKind { Apology, ReturnRefund, Exchange, Reship, PartialRefund, Coupon, ShippingInsuranceRefund, ServiceUpgrade, Compensation }

public sealed record RemedyPart(RemedyKind Kind, decimal? Amount = null);

/// <summary>One offer; several parts are given together ("退款并赠送20元优惠券").</summary>
public sealed record RemedyOption(IReadOnlyList<RemedyPart> Parts)
{
    /// <summary>Stable id, e.g. "ReturnRefund+Coupon:20".</summary>
    public string Key => string.Join("+", Parts.Select(p => p.Amount is null ? p.Kind.ToString() : $"{p.Kind}:{p.Amount:0.##}"));
    public RemedyKind Primary => Parts[0].Kind;
    public decimal CashValue => Parts.Sum(p => p.Amount ?? 0);

    /// <summary>Back from <see cref="Key"/> (as stored in Case.RemedyChosen / RemediesOffered).</summary>
    public static RemedyOption Parse(string key) => new(key.Split('+').Select(part =>
    {
        var kv = part.Split(':');
        return new RemedyPart(Enum.Parse<RemedyKind>(kv[0]),
            kv.Length > 1 ? decimal.Parse(kv[1], System.Globalization.CultureInfo.InvariantCulture) : null);
    }).ToList());
}

/// <summary>Which one-sentence basis goes with the offer (template remedies.basis_*), and the statutory cap when relevant.</summary>
public enum RemedyBasis { SevenDay, AfterSevenDay, Merchant, Carrier, Statutory, Goodwill }

public sealed record RemedyInput(
    ComplaintCategory Category,
    Responsibility Responsibility,
    CustomerTier Tier,
    ProblemKind Problem,
    decimal ItemPrice,
    decimal OrderValue,
    decimal ShippingFee,
    int? DaysSinceDelivery,
    WishKind? Wish,
    decimal? MentionedAmount);

/// <param name="Options">Allowed offers, best first; the flow offers two at a time.</param>
/// <param name="Highest">The most the bot may give (answer to an excessive demand).</param>
/// <param name="AmountsWithheld">The price is unknown, so options whose amount depends on it were left out (an agent
/// confirms such an amount).</param>
public sealed record RemedyPlan(IReadOnlyList<RemedyOption> Options, RemedyOption Highest, RemedyBasis Basis, decimal StatutoryCap, string Rule,
    bool AmountsWithheld = false);

/// <summary>
/// The remedy table (appsettings Policy:Remedies) with amounts and the bot's authority applied. Nothing beyond
/// authority is ever offered; <see cref="IsBeyondAuthority"/> tells the flow when to hand a demand to a supervisor.
/// </summary>
public sealed class RemedyPolicy(IOptions<PolicyOptions> options)
{
    private readonly PolicyOptions _o = options.Value;

    public string ValueBandOf(decimal value)
        => _o.ValueBands.FirstOrDefault(b => b.Max is null || value <= b.Max)?.Name ?? "*";

    public bool WithinReturnWindow(int? daysSinceDelivery) => daysSinceDelivery is not null && daysSinceDelivery <= _o.ReturnWindowDays;

    public RemedyPlan Plan(RemedyInput input)
    {
        var band = ValueBandOf(input.OrderValue);
        var rule = _o.Remedies
            .Select((r, i) => (Rule: r, Index: i, Score: Score(r, input, band)))
            .Where(x => x.Score >= 0)
            .OrderByDescending(x => x.Score).ThenBy(x => x.Index)
            .Select(x => x.Rule).FirstOrDefault()
            ?? new RemedyRule { Options = ["Apology+Coupon", "ServiceUpgrade"] };

        var within = WithinReturnWindow(input.DaysSinceDelivery);
        // Returns without the shop's fault need the no-reason window; a shop fault is covered any time.
        var shopFault = input.Responsibility is Responsibility.Merchant or Responsibility.ThirdParty or Responsibility.Mixed;
        var options = new List<RemedyOption>();
        var withheld = false;
        foreach (var text in rule.Options)
        {
            var parts = text.Split('+', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(Enum.Parse<RemedyKind>).Select(k => new RemedyPart(k, Amount(k, input, band))).ToList();
            if (parts.Any(p => p.Kind is RemedyKind.ReturnRefund or RemedyKind.Exchange) && !within && !shopFault) continue;
            if (parts.Any(p => p.Kind == RemedyKind.ReturnRefund) && input.OrderValue > _o.Authority.MaxRefund) continue;
            // No known price: nothing whose amount comes from it (a refund of ¥0 is no remedy).
            if (input.ItemPrice <= 0 && parts.Any(p => NeedsPrice(p.Kind)))
            {
                withheld = true;
                continue;
            }
            var option = new RemedyOption(parts);
            if (options.All(o => o.Key != option.Key)) options.Add(option);
        }
        // What the customer asked for goes first when the table allows it.
        var wished = WishToRemedy(input.Wish);
        if (wished is not null && options.FindIndex(o => o.Primary == wished) is var i and > 0)
        {
            var w = options[i];
            options.RemoveAt(i);
            options.Insert(0, w);
        }

        var cap = Math.Round(input.ItemPrice * _o.StatutoryMultiple, 2);
        var basis = Basis(input, within, options.FirstOrDefault());
        return new RemedyPlan(options, Highest(input, band, options), basis, cap, Describe(rule), withheld);
    }

    /// <summary>True when a demanded multiple or amount is more than the statutory cap or the bot's authority allows.</summary>
    public bool IsBeyondAuthority(decimal? demandedMultiple, decimal? demandedAmount, decimal itemPrice)
    {
        if (demandedMultiple is > 0 && demandedMultiple > _o.StatutoryMultiple) return true;
        if (demandedAmount is > 0)
        {
            var most = itemPrice + Math.Min(itemPrice * _o.StatutoryMultiple, _o.Authority.MaxCompensation);
            return demandedAmount > most;
        }
        return false;
    }

    private RemedyOption Highest(RemedyInput input, string band, IReadOnlyList<RemedyOption> options)
    {
        // Fraud-like cases carry statutory compensation (退一赔三) within authority; otherwise the best option plus the largest coupon.
        if (input.Category == ComplaintCategory.FalseAdvertising && input.ItemPrice > 0)
        {
            var compensation = Math.Min(Math.Round(input.ItemPrice * _o.StatutoryMultiple, 2), _o.Authority.MaxCompensation);
            return new RemedyOption([new(RemedyKind.ReturnRefund), new(RemedyKind.Compensation, compensation)]);
        }
        var best = options.FirstOrDefault(o => o.Parts.All(p => p.Kind != RemedyKind.Coupon)) ?? new RemedyOption([new(RemedyKind.Apology)]);
        return new RemedyOption(best.Parts.Append(new RemedyPart(RemedyKind.Coupon, _o.Authority.MaxCoupon)).ToList());
    }

    /// <summary>Remedies whose amount is the price, or a share of it.</summary>
    private static bool NeedsPrice(RemedyKind kind) => kind is RemedyKind.ReturnRefund or RemedyKind.PartialRefund or RemedyKind.Compensation;

    private decimal? Amount(RemedyKind kind, RemedyInput input, string band) => kind switch
    {
        RemedyKind.Coupon => Math.Clamp(
            _o.Amounts.CouponByBand.GetValueOrDefault(band, _o.Authority.MinCoupon)
                + (input.Tier is CustomerTier.Gold or CustomerTier.Vip ? _o.Amounts.CouponTierBonus : 0),
            _o.Authority.MinCoupon, _o.Authority.MaxCoupon),
        RemedyKind.PartialRefund => Math.Round(Math.Min(
            input.MentionedAmount is > 0 && input.Category == ComplaintCategory.PriceDispute ? input.MentionedAmount.Value : input.ItemPrice * _o.Amounts.PartialRefundRate,
            input.ItemPrice * _o.Authority.MaxPartialRefundRate), 2),
        RemedyKind.ShippingInsuranceRefund => input.ShippingFee > 0 ? input.ShippingFee : _o.Amounts.ShippingInsurance,
        RemedyKind.ReturnRefund => null,
        _ => null,
    };

    private static RemedyKind? WishToRemedy(WishKind? wish) => wish switch
    {
        WishKind.Refund => RemedyKind.ReturnRefund,
        WishKind.Exchange => RemedyKind.Exchange,
        WishKind.Reship => RemedyKind.Reship,
        WishKind.PartialRefund => RemedyKind.PartialRefund,
        WishKind.Apology => RemedyKind.Apology,
        WishKind.Compensation => RemedyKind.PartialRefund,
        _ => null,
    };

    private static RemedyBasis Basis(RemedyInput input, bool within, RemedyOption? first)
    {
        var returns = first?.Parts.Any(p => p.Kind is RemedyKind.ReturnRefund or RemedyKind.Exchange) == true;
        if (input.Responsibility == Responsibility.ThirdParty) return RemedyBasis.Carrier;
        if (returns && within) return RemedyBasis.SevenDay;
        if (returns && input.Category == ComplaintCategory.ProductQuality) return RemedyBasis.AfterSevenDay;
        if (input.Responsibility is Responsibility.Merchant or Responsibility.Mixed) return RemedyBasis.Merchant;
        return RemedyBasis.Goodwill;
    }

    /// <summary>−1 when the rule doesn't match; otherwise how many keys it pins down (more specific wins).</summary>
    private static int Score(RemedyRule r, RemedyInput i, string band)
    {
        var score = 0;
        foreach (var (pattern, value) in new[]
                 {
                     (r.Category, i.Category.ToString()), (r.Responsibility, i.Responsibility.ToString()),
                     (r.Tier, i.Tier.ToString()), (r.ValueBand, band), (r.Problem, i.Problem.ToString()),
                 })
        {
            if (string.IsNullOrWhiteSpace(pattern) || pattern == "*") continue;
            if (!pattern.Split('|', StringSplitOptions.TrimEntries).Contains(value, StringComparer.OrdinalIgnoreCase)) return -1;
            score++;
        }
        return score;
    }

    private static string Describe(RemedyRule r) => $"{r.Category}/{r.Responsibility}/{r.Tier}/{r.ValueBand}/{r.Problem}";
}

using ComplaintBot.Dialogs.Cases;

namespace ComplaintBot.Dialogs.Policy;

/// <summary>appsettings <c>Policy</c>: classification rules, the remedy table and the limits of the bot's authority.</summary>
public sealed class PolicyOptions
{
    public const string Section = "Policy";

    /// <summary>No-reason return window, counted from delivery.</summary>
    public int ReturnWindowDays { get; set; } = 7;
    /// <summary>Statutory compensation cap as a multiple of the price (fraud: 退一赔三).</summary>
    public decimal StatutoryMultiple { get; set; } = 3;
    /// <summary>Same SKU with at least this many open cases (this one included) → batch impact.</summary>
    public int BatchThreshold { get; set; } = 3;
    public int SystemicThreshold { get; set; } = 10;
    /// <summary>Order value at or above which a loss is "large" (serious severity).</summary>
    public decimal LargeLossAmount { get; set; } = 2000;

    /// <summary>Upper bounds of value bands (CNY), ascending; the last band is open-ended.</summary>
    public List<ValueBand> ValueBands { get; set; } = new();
    public AuthorityOptions Authority { get; set; } = new();
    public RemedyAmountOptions Amounts { get; set; } = new();

    public List<string> SafetyWords { get; set; } = new();
    public List<string> LegalThreatWords { get; set; } = new();
    public List<string> CustomerFaultWords { get; set; } = new();
    public List<string> AfterSalesWords { get; set; } = new();

    /// <summary>Priority points: severity + impact + tier; see <see cref="PriorityThresholds"/>.</summary>
    public Dictionary<string, int> PriorityPoints { get; set; } = new();
    /// <summary>Minimum points for High and Urgent (below High: Normal; Low is never assigned by rules).</summary>
    public Dictionary<string, int> PriorityThresholds { get; set; } = new();

    /// <summary>The remedy table; the most specific matching rule wins (ties: first listed).</summary>
    public List<RemedyRule> Remedies { get; set; } = new();
}

public sealed class ValueBand
{
    public string Name { get; set; } = "";
    /// <summary>Inclusive upper bound; null for the top band.</summary>
    public decimal? Max { get; set; }
}

/// <summary>What the bot (like a first-line agent) may give without a supervisor.</summary>
public sealed class AuthorityOptions
{
    public decimal MaxCoupon { get; set; } = 20;
    public decimal MinCoupon { get; set; } = 5;
    /// <summary>Partial refunds up to this share of the item price.</summary>
    public decimal MaxPartialRefundRate { get; set; } = 0.3m;
    /// <summary>Cash compensation beyond the price (statutory or goodwill) up to this amount.</summary>
    public decimal MaxCompensation { get; set; } = 500;
    /// <summary>Full refunds up to this order value; above it a supervisor decides.</summary>
    public decimal MaxRefund { get; set; } = 10000;
}

public sealed class RemedyAmountOptions
{
    /// <summary>Coupon by value band name; gold/vip customers get <see cref="CouponTierBonus"/> more (capped by authority).</summary>
    public Dictionary<string, decimal> CouponByBand { get; set; } = new();
    public decimal CouponTierBonus { get; set; } = 5;
    public decimal PartialRefundRate { get; set; } = 0.2m;
    /// <summary>Return-shipping insurance refunded when the order had free shipping.</summary>
    public decimal ShippingInsurance { get; set; } = 12;
}

/// <summary>
/// One row of the remedy table. "*" or empty matches anything; several values are separated by "|".
/// Options are remedy kinds, combined with "+" (e.g. "ReturnRefund+Coupon"), best first.
/// </summary>
public sealed class RemedyRule
{
    public string Category { get; set; } = "*";
    public string Responsibility { get; set; } = "*";
    public string Tier { get; set; } = "*";
    public string ValueBand { get; set; } = "*";
    /// <summary>Optional finer key: the problem kind (Late and Lost are both logistics but need different remedies).</summary>
    public string Problem { get; set; } = "*";
    public List<string> Options { get; set; } = new();
}

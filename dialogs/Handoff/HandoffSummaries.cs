using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Sentiment;

namespace ComplaintBot.Dialogs.Handoff;

/// <summary>Builds the agent's structured summary from the case and the anger history.</summary>
public static class HandoffSummaries
{
    public static HandoffSummary FromCase(Case c, MoodState? mood)
    {
        var s = new HandoffSummary
        {
            CustomerName = c.CustomerName,
            MaskedContact = MaskContact(c.ContactPhone) ?? MaskContact(c.ContactEmail),
            CustomerTier = c.CustomerTier,
            ChannelId = c.ChannelId,
            Restatement = c.Restatements.LastOrDefault(),
            OrderNumber = c.OrderNumber,
            Product = c.ProductName ?? c.ProductSku,
            Category = c.Category?.ToString(),
            Responsibility = c.Responsibility.ToString(),
            Severity = c.Severity.ToString(),
            RemediesOffered = c.RemediesOffered.Select(r => r.Amount is { } a ? $"{r.Kind} ({a:0.##})" : r.Kind).ToList(),
            RemediesRefused = c.RemediesRefused.ToList(),
        };
        var f = c.Facts;
        void Add(string label, object? value) { if (value is not null && value.ToString() is { Length: > 0 } v) s.Facts.Add($"{label}: {v}"); }
        Add("problem", f.Problem);
        Add("description", f.Description);
        Add("wish", f.Wish);
        Add("demanded", f.DemandedAmount);
        Add("demand multiple", f.DemandMultiple);
        Add("order amount", c.OrderAmount);
        if (f.Evidence.Count > 0) Add("evidence", string.Join(", ", f.Evidence));
        foreach (var corr in f.Corrections) Add("correction", corr);
        foreach (var reason in c.AnalysisReasons) Add("analysis", reason);
        if (mood is not null)
        {
            s.AngerCurve = mood.RecentAnger.ToList();
            s.Anger = mood.RecentAnger.LastOrDefault();
            s.AngerTrend = mood.Trend;
        }
        return s;
    }

    /// <summary>A conversation handed over with no case: who the customer is (when signed in) and the anger so far.</summary>
    public static HandoffSummary WithoutCase(Orders.Customer? customer, MoodState? mood)
    {
        var s = new HandoffSummary
        {
            CustomerName = customer?.Name,
            MaskedContact = MaskContact(customer?.Phone) ?? MaskContact(customer?.Email),
            CustomerTier = customer?.Tier.ToString(),
        };
        if (mood is not null)
        {
            s.AngerCurve = mood.RecentAnger.ToList();
            s.Anger = mood.RecentAnger.LastOrDefault();
            s.AngerTrend = mood.Trend;
        }
        return s;
    }

    /// <summary>138****5678, a***@example.com — agents never see the full contact in the queue.</summary>
    public static string? MaskContact(string? contact)
    {
        if (string.IsNullOrWhiteSpace(contact)) return null;
        var v = contact.Trim();
        var at = v.IndexOf('@');
        if (at > 0) return v[0] + "***" + v[at..];
        var digits = new string(v.Where(char.IsDigit).ToArray());
        return digits.Length >= 7 ? digits[..3] + new string('*', digits.Length - 7) + digits[^4..] : "***";
    }
}

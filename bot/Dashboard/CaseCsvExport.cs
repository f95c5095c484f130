using System.Globalization;
using System.Text;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Text;

namespace ComplaintBot.Bot.Dashboard;

/// <summary>
/// Cases as CSV for spreadsheets: RFC 4180 quoting, CRLF lines, UTF-8 with a BOM (so Excel reads Chinese correctly).
/// Contact data is masked (phone 138****5678, e-mail j***@example.com, and inside free text); the customer's name is
/// left out. Cells a spreadsheet would run as a formula (starting with = + - @, tab or CR) get a leading apostrophe.
/// </summary>
public static class CaseCsvExport
{
    public static readonly string[] Columns =
    [
        "number", "created_at", "status", "category", "responsibility", "severity", "impact", "priority", "channel", "locale",
        "customer_id", "customer_tier", "contact_phone", "contact_email", "order_number", "sku", "product", "order_amount",
        "problem", "description", "wish", "remedy_chosen", "escalation_trigger", "escalation_reason",
        "first_response_due", "resolution_due", "closed_at", "first_response_breached", "resolution_breached", "csat", "csat_comment",
    ];

    public static byte[] ToBytes(IEnumerable<Case> cases, TimeZoneInfo zone, DateTimeOffset now)
    {
        var encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
        return [.. encoding.GetPreamble(), .. encoding.GetBytes(ToText(cases, zone, now))];
    }

    public static string ToText(IEnumerable<Case> cases, TimeZoneInfo zone, DateTimeOffset now)
    {
        var sb = new StringBuilder();
        Line(sb, Columns);
        foreach (var c in cases) Line(sb, Row(c, zone, now));
        return sb.ToString();
    }

    private static string?[] Row(Case c, TimeZoneInfo zone, DateTimeOffset now)
    {
        string? Time(DateTimeOffset? t) => t is { } v ? TimeZoneInfo.ConvertTime(v, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : null;
        return
        [
            c.Number, Time(c.CreatedAt), c.Status.ToString(), c.Category?.ToString(), c.Responsibility.ToString(),
            c.Severity.ToString(), c.Impact.ToString(), c.Priority.ToString(), c.ChannelId, c.Locale,
            c.CustomerId, c.CustomerTier, NullIfEmpty(Masking.MaskPhone(c.ContactPhone)), NullIfEmpty(Masking.MaskEmail(c.ContactEmail)),
            c.OrderNumber, c.ProductSku, Masking.MaskContacts(c.ProductName), c.OrderAmount?.ToString("0.##", CultureInfo.InvariantCulture),
            c.Facts.Problem, Masking.MaskContacts(c.Facts.Description), Masking.MaskContacts(c.Facts.Wish), Masking.MaskContacts(c.RemedyChosen),
            c.EscalationTrigger, Masking.MaskContacts(c.EscalationReason),
            Time(c.FirstResponseDue), Time(c.ResolutionDue), Time(CaseStatisticsRules.ResolvedAt(c)),
            Flag(CaseStatisticsRules.FirstResponseBreached(c, now)), Flag(CaseStatisticsRules.ResolutionBreached(c, now)),
            c.Csat?.ToString(CultureInfo.InvariantCulture), Masking.MaskContacts(c.CsatComment),
        ];
    }

    private static string Flag(bool b) => b ? "yes" : "no";
    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    private static void Line(StringBuilder sb, IReadOnlyList<string?> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append(Cell(cells[i]));
        }
        sb.Append("\r\n");
    }

    /// <summary>One cell: neutralised if a spreadsheet would take it for a formula, quoted when it needs to be.</summary>
    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}

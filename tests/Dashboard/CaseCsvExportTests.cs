using ComplaintBot.Bot.Dashboard;
using ComplaintBot.Dialogs.Cases;

namespace ComplaintBot.Tests.Dashboard;

public sealed class CaseCsvExportTests
{
    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+86 138", "'+86 138")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("plain", "plain")]
    [InlineData("a, b", "\"a, b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("=cmd|' /C calc'!A0, x", "\"'=cmd|' /C calc'!A0, x\"")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Cells_are_quoted_when_needed_and_formula_starts_are_neutralised(string? value, string expected)
        => Assert.Equal(expected, CaseCsvExport.Cell(value));

    [Fact]
    public void Every_row_has_every_column_and_contacts_inside_free_text_are_masked()
    {
        var c = new Case
        {
            Number = "C20261124-0001", ConversationId = "x", CreatedAt = DashboardSeed.Now, ContactPhone = "+86 139-1234-5678",
            Facts = { Description = "mail me at li.si@example.org or call 13912345678" }, EscalationReason = "call 13912345678",
            Csat = 3, CsatComment = "too slow, call me on 13912345678",
        };
        var rows = Csv.Parse(CaseCsvExport.ToText([c], TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"), DashboardSeed.Now));
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(CaseCsvExport.Columns.Length, r.Length));
        var row = rows[1];
        string Col(string n) => row[Array.IndexOf(CaseCsvExport.Columns, n)];
        Assert.Equal("861******5678", Col("contact_phone")); // Masking.MaskPhone: first 3 and last 4 digits
        Assert.Equal("mail me at l***@example.org or call 139****5678", Col("description"));
        Assert.Equal("call 139****5678", Col("escalation_reason"));
        Assert.Equal(("3", "too slow, call me on 139****5678"), (Col("csat"), Col("csat_comment")));
        Assert.Equal("", Col("contact_email"));
        Assert.Equal("2026-11-24 10:00:00", Col("created_at"));
    }

    [Fact]
    public void Postal_addresses_inside_free_text_are_masked_below_the_district()
    {
        var c = new Case
        {
            Number = "C20261124-0002", ConversationId = "x", CreatedAt = DashboardSeed.Now,
            Facts = { Description = "请寄到北京市朝阳区建国路88号3栋201室，谢谢", Wish = "reship to 221B Baker Street, London" },
            EscalationReason = "送到阳光小区5号楼3单元",
        };
        var row = Csv.Parse(CaseCsvExport.ToText([c], TimeZoneInfo.Utc, DashboardSeed.Now))[1];
        string Col(string n) => row[Array.IndexOf(CaseCsvExport.Columns, n)];
        Assert.Equal("请寄到北京市朝阳区****，谢谢", Col("description"));
        Assert.Equal("reship to ***, London", Col("wish"));
        Assert.Equal("****", Col("escalation_reason"));
    }
}

using ComplaintBot.Dialogs.Policy;

namespace ComplaintBot.Tests.Complaints;

/// <summary>The order lookup reported to the customer: the delivery date and "N days ago" agree on the shop's calendar.</summary>
public sealed class VerifyReportTests
{
    private static string L(string lang, string zh, string en) => lang == "zh-CN" ? zh : en;

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task Delivered_days_ago_counts_calendar_days_in_the_shop_time_zone_and_matches_the_date_shown(string lang)
    {
        // 10:00 in Shanghai on 11-24; SO10000001 was delivered late on 11-22 (under two full days before).
        using var h = new ComplaintHarness();
        var hours = new ServiceHours(RepoPaths.Options<ServiceHoursOptions>(ServiceHoursOptions.Section));
        var delivered = (await h.Orders.GetOrderAsync("SO10000001"))!.Shipment!.DeliveredAt!.Value;
        Assert.True(h.Clock.GetUtcNow() - delivered < TimeSpan.FromDays(2)); // the case the old count got wrong
        var c = h.Owner(lang, "SO10000001");
        await c.Say(L(lang, "订单SO10000001的杯子碎了，我要换货", "My mug from order SO10000001 arrived broken, I want an exchange"));
        var replies = await c.Say(L(lang, "是的", "yes"));
        var report = Assert.Single(replies, r => r.Text!.StartsWith(L(lang, "我查询了订单", "I checked the order"))).Text;
        Assert.Equal(h.T(lang, "verify.delivered", new { date = hours.Local(delivered).ToString("yyyy-MM-dd"), days = 2 }), report);
        Assert.Contains(L(lang, "2026-11-22", "2026-11-22"), report);
        Assert.Contains(L(lang, "距今 2 天", "2 days ago"), report);
    }

    [Fact]
    public void English_day_counts_read_naturally()
    {
        Assert.EndsWith("on 2026-11-23, 1 day ago.", RepoPaths.Prompts.Render("en-US", "verify.delivered", new { date = "2026-11-23", days = 1 }));
        Assert.EndsWith("on 2026-11-24, today.", RepoPaths.Prompts.Render("en-US", "verify.delivered", new { date = "2026-11-24", days = 0 }));
        Assert.DoesNotContain("(s)", RepoPaths.Prompts.Render("en-US", "verify.delayed", new { carrier = "ZTO", days = 3, lastEvent = "x" }));
        Assert.Contains("is 1 day past", RepoPaths.Prompts.Render("en-US", "verify.delayed", new { carrier = "ZTO", days = 1, lastEvent = "x" }));
    }
}

using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Tests.Support;
using Microsoft.Playwright;

namespace ComplaintBot.Tests.Agents;

// SCRATCH (not committed): a busy shift's console for a person to look at.
public sealed class BusyShiftLook(AgentConsoleBrowserFixture fixture) : IClassFixture<AgentConsoleBrowserFixture>
{
    [ChromiumFact]
    public async Task Look()
    {
        var s = fixture.Server.Services;
        var rows = new (string Text, string Locale, CasePriority P, ComplaintCategory C, Severity Sev, string Trigger, int Min, string? Name, string? Phone, string? Order, string? Product, decimal? Amount)[]
        {
            ("收到的榨汁机是坏的！！！你们就是骗子，我要去12315投诉", "zh-CN", CasePriority.Urgent, ComplaintCategory.ProductQuality, Severity.Serious, "policy:threat", 12, "王芳", "13812345678", "SO10000006", "破壁料理机", 599m),
            ("My headphones are 4 days late and nobody answers", "en-US", CasePriority.High, ComplaintCategory.Logistics, Severity.General, "policy:anger", 25, "James Miller", "13700002222", "SO10000004", "wireless noise-cancelling headphones", 899m),
            ("转人工", "zh-CN", CasePriority.High, ComplaintCategory.WrongOrMissingItem, Severity.General, "human-request", 3, "李强", null, "SO10000002", "纯棉T恤", 89m),
            ("充电的时候手表冒烟了", "zh-CN", CasePriority.Urgent, ComplaintCategory.ProductQuality, Severity.Urgent, "policy:safety", 1, "刘洋", "13355556666", null, null, null),
            ("I want 10 times the price back or I call a lawyer", "en-US", CasePriority.High, ComplaintCategory.PriceDispute, Severity.General, "beyond-authority", 40, "Daniel Wu", null, "SO10000010", "smart watch", 1299m),
            ("你们客服态度太差了", "zh-CN", CasePriority.Normal, ComplaintCategory.ServiceAttitude, Severity.General, "policy:trend", 7, null, null, null, null, null),
            ("面霜根本不保湿，虚假宣传", "zh-CN", CasePriority.Normal, ComplaintCategory.FalseAdvertising, Severity.General, "not-understood", 15, "陈静", "13566667777", "SO10000009", "保湿面霜", 239m),
        };
        var i = 0;
        foreach (var r in rows)
            await ConsoleSeed.QueueAsync(s, new($"busy-{i++}", new Case
            {
                Priority = r.P, Category = r.C, Severity = r.Sev, Responsibility = Responsibility.Merchant, CustomerName = r.Name, ContactPhone = r.Phone,
                OrderNumber = r.Order, ProductName = r.Product, OrderAmount = r.Amount, Restatements = { "客户反映：" + r.Text },
            }, r.Text, r.Locale, r.Trigger, TimeSpan.FromMinutes(r.Min)));

        await using var p = await fixture.NewPageAsync(new BrowserNewContextOptions { BaseURL = fixture.Server.BaseAddress.ToString(), ViewportSize = new() { Width = 1366, Height = 768 } });
        var page = p.Page;
        await page.GotoAsync("/agent");
        await page.Locator("#user").FillAsync("demo");
        await page.Locator("#password").FillAsync("demo");
        await page.Locator("#signin-button").ClickAsync();
        await Assertions.Expect(page.Locator("body[data-ready=true]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new() { Path = "/tmp/look-01-queue.png" });
        await page.Locator("#queue li[data-conversation='busy-0']").ClickAsync();
        await Assertions.Expect(page.Locator("#transcript li").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = "/tmp/look-02-selected.png" });
        await page.Locator("#queue li[data-conversation='busy-0'] button.take").ClickAsync();
        await Assertions.Expect(page.Locator("#queue li.selected[data-owner='agent:demo']")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new() { Path = "/tmp/look-03-taken.png", FullPage = true });
        await page.Locator("#quick-replies button").Nth(1).ClickAsync();
        await page.Locator("#send").ClickAsync();
        await Assertions.Expect(page.Locator("#transcript li.agent")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.Locator("#remedy-kind").SelectOptionAsync("coupon");
        await page.Locator("#remedy-amount").FillAsync("20");
        await page.Locator("#remedy-apply").ClickAsync();
        await page.WaitForTimeoutAsync(1500);
        await page.Locator("#remedy-amount").FillAsync("100");
        await page.Locator("#remedy-apply").ClickAsync();
        await page.WaitForTimeoutAsync(1500);
        await page.Locator("#conversation-pane").EvaluateAsync("e => e.scrollTop = e.scrollHeight");
        await page.ScreenshotAsync(new() { Path = "/tmp/look-06-remedy.png" });
        await page.Locator("#resolve").ClickAsync();
        await page.WaitForTimeoutAsync(2000);
        await page.ScreenshotAsync(new() { Path = "/tmp/look-07-resolved.png" });
        await page.Locator("#locale").SelectOptionAsync("en-US");
        await page.ScreenshotAsync(new() { Path = "/tmp/look-04-en.png", FullPage = true });
        await page.GotoAsync("/agent/dashboard");
        await Assertions.Expect(page.Locator("body[data-ready=true]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new() { Path = "/tmp/look-05-dashboard.png", FullPage = true });
        File.WriteAllText("/tmp/look-errors.txt", p.Diagnostics());
    }
}

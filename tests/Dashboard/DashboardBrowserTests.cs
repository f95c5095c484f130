using ComplaintBot.Bot.Dashboard;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Tests.Agents;
using ComplaintBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ComplaintBot.Tests.Dashboard;

/// <summary>The real bot with its clock at <see cref="DashboardSeed.Now"/>; tests run the batch check themselves.</summary>
public sealed class DashboardBrowserFixture : BrowserFixture
{
    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<TimeProvider>(new TestClock(DashboardSeed.Now));
        services.AddSingleton(new BatchAlertOptions { Enabled = false, Threshold = 3, Window = TimeSpan.FromHours(24) });
    }
}

public sealed class DashboardBrowserTests(DashboardBrowserFixture fixture) : IClassFixture<DashboardBrowserFixture>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = 30_000 };

    [ChromiumFact]
    public async Task Agent_signs_in_opens_the_dashboard_sees_the_seeded_figures_and_a_live_batch_alert()
    {
        await DashboardSeed.SeedAsync(fixture.Server.Services.GetRequiredService<ICaseStore>());
        await using var p = await fixture.NewPageAsync();
        var page = p.Page;
        page.SetDefaultTimeout(30_000);

        await page.GotoAsync("/agent/dashboard");
        Assert.Contains("/agent/signin.html", page.Url); // anonymous → sign-in page, then back here
        await page.Locator("#user").FillAsync("demo");
        await page.Locator("#password").FillAsync("demo");
        await page.Locator("#signin-button").ClickAsync();
        await Assertions.Expect(page.Locator("body[data-ready=true][data-period=today]")).ToBeVisibleAsync(Visible);

        // Today (demo's console language is Chinese).
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("数据看板");
        await Assertions.Expect(page.Locator("#kpi-total .kpi-value")).ToHaveTextAsync("4");
        await Assertions.Expect(page.Locator("#kpi-first-response-breaches .kpi-value")).ToHaveTextAsync("2");
        await Assertions.Expect(page.Locator("#kpi-escalation-rate .kpi-value")).ToHaveTextAsync("50.0%");
        await Assertions.Expect(page.Locator("#by-category li[data-key=Logistics] .bar-label")).ToHaveTextAsync("物流配送");

        // Last 7 days.
        await page.Locator("#periods button[data-period='7d']").ClickAsync();
        await Assertions.Expect(page.Locator("body[data-period='7d']")).ToBeVisibleAsync(Visible);
        await Assertions.Expect(page.Locator("#kpi-total .kpi-value")).ToHaveTextAsync("7");
        await Assertions.Expect(page.Locator("#kpi-resolution-breaches .kpi-value")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("#kpi-median-resolution .kpi-value")).ToHaveTextAsync("90.0 分钟");
        await Assertions.Expect(page.Locator("#kpi-csat .kpi-value")).ToHaveTextAsync("3.67");
        await Assertions.Expect(page.Locator("#by-responsibility li[data-key=Merchant]")).ToHaveAttributeAsync("data-count", "3");
        await Assertions.Expect(page.Locator("#daily li")).ToHaveCountAsync(7);
        await Assertions.Expect(page.Locator("#daily li[data-day='2026-11-24']")).ToHaveAttributeAsync("data-count", "4");
        await Assertions.Expect(page.Locator("#escalation-reasons li[data-key='policy:threat']")).ToHaveAttributeAsync("data-count", "1");
        await Assertions.Expect(page.Locator("#export")).ToHaveAttributeAsync("href", "/agent/api/export/cases.csv?period=7d");

        // The same agent also has the console open in another tab.
        var console = await p.Context.NewPageAsync();
        await console.GotoAsync("/agent");
        await Assertions.Expect(console.Locator("body[data-ready=true]")).ToBeVisibleAsync(Visible);
        await Assertions.Expect(console.Locator("#batch-banner")).ToBeHiddenAsync();

        // The batch check runs: the alert arrives over the hub on both pages without a reload.
        await Assertions.Expect(page.Locator("#alerts-empty")).ToBeVisibleAsync(Visible);
        Assert.Single(await fixture.Server.Services.GetRequiredService<BatchAlertService>().CheckAsync());
        await Assertions.Expect(page.Locator("#alerts li[data-key=SKU-BLENDER]")).ToContainTextAsync("破壁料理机", new() { Timeout = 30_000 });
        await Assertions.Expect(console.Locator("#batch-banner-text")).ToHaveTextAsync("批量问题：SKU-BLENDER · 破壁料理机 在 24 小时内收到 3 起投诉", new() { Timeout = 30_000 });

        // English.
        await page.Locator("#locale").SelectOptionAsync("en-US");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Dashboard");
        await Assertions.Expect(page.Locator("#by-category li[data-key=Logistics] .bar-label")).ToHaveTextAsync("Logistics");
        await Assertions.Expect(page.Locator("#alerts li[data-key=SKU-BLENDER] strong")).ToHaveTextAsync("Batch issue: 3 complaints on SKU-BLENDER · 破壁料理机 within 24 h");
        await Screenshots.SaveAsync(page, "dashboard-7d");
        p.AssertNoErrors();
    }
}

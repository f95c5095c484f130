using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Tests.Support;
using Microsoft.Playwright;

namespace ComplaintBot.Tests.Agents;

/// <summary>The real bot with people present all day; tests put escalated conversations in the queue themselves.</summary>
public sealed class AgentConsoleBrowserFixture : BrowserFixture
{
    protected override IDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        ["Agents:QueueSweepInterval"] = "1.00:00:00",
        ["ServiceHours:Open"] = "00:00",
        ["ServiceHours:Close"] = "23:59:59",
    };
}

/// <summary>What an agent reads in the console (headless Chromium, signed in as demo, whose language is Chinese).</summary>
public sealed class AgentConsoleBrowserTests(AgentConsoleBrowserFixture fixture) : IClassFixture<AgentConsoleBrowserFixture>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = 30_000 };

    private async Task<BrowserPage> SignedInAgentAsync()
    {
        var p = await fixture.NewPageAsync();
        p.Page.SetDefaultTimeout(30_000);
        await p.Page.GotoAsync("/agent");
        await p.Page.Locator("#user").FillAsync("demo");
        await p.Page.Locator("#password").FillAsync("demo");
        await p.Page.Locator("#signin-button").ClickAsync();
        await Assertions.Expect(p.Page.Locator("body[data-ready=true]")).ToBeVisibleAsync(Visible);
        return p;
    }

    private static ILocator CaseValue(IPage page, string term) => page.Locator($"#case dt:text-is(\"{term}\") + dd");

    [ChromiumFact]
    public async Task Queue_and_case_panel_name_the_priority_and_the_case_fields_alike_in_the_consoles_language()
    {
        var id = "vocab-" + Guid.NewGuid().ToString("N")[..8];
        await ConsoleSeed.QueueAsync(fixture.Server.Services, new(id, new Case
        {
            Priority = CasePriority.High, Category = ComplaintCategory.Logistics, Responsibility = Responsibility.ThirdParty,
            Severity = Severity.Serious, OrderNumber = "SO10000004", ProductName = "无线降噪耳机",
        }, "耳机十天了还没到，太过分了"));
        await using var agent = await SignedInAgentAsync();
        var page = agent.Page;
        var row = page.Locator($"#queue li[data-conversation='{id}']");

        await Assertions.Expect(row.Locator(".priority")).ToHaveTextAsync("优先级: 高");
        await Assertions.Expect(row.Locator(".category")).ToHaveTextAsync("类别: 物流配送");
        await Assertions.Expect(row.Locator(".severity")).ToHaveTextAsync("严重程度: 严重");
        await row.ClickAsync();
        await Assertions.Expect(CaseValue(page, "优先级")).ToHaveTextAsync("高");
        await Assertions.Expect(CaseValue(page, "状态")).ToHaveTextAsync("已转人工");
        await Assertions.Expect(CaseValue(page, "责任方")).ToHaveTextAsync("第三方（承运商等）");
        await Assertions.Expect(page.Locator("#summary dt:text-is(\"类别\") + dd")).ToHaveTextAsync("物流配送");

        await page.Locator("#locale").SelectOptionAsync("en-US");
        await Assertions.Expect(row.Locator(".priority")).ToHaveTextAsync("Priority: High");
        await Assertions.Expect(CaseValue(page, "Priority")).ToHaveTextAsync("High");
        await Assertions.Expect(CaseValue(page, "Status")).ToHaveTextAsync("Escalated");
        await Assertions.Expect(CaseValue(page, "Severity")).ToHaveTextAsync("Serious");
        await Screenshots.SaveAsync(page, "console-vocabulary-en");
        agent.AssertNoErrors();
    }
}

using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Handoff;
using ComplaintBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ComplaintBot.Tests.Agents;

/// <summary>The lead's tools in the console (headless Chromium, signed in as lead, Chinese): approvals, and customer erasure.</summary>
public sealed class LeadConsoleBrowserTests(AgentConsoleBrowserFixture fixture) : IClassFixture<AgentConsoleBrowserFixture>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = 30_000 };

    private async Task<BrowserPage> SignedInAsync(string id)
    {
        var p = await fixture.NewPageAsync();
        p.Page.SetDefaultTimeout(30_000);
        await p.Page.GotoAsync("/agent");
        await p.Page.Locator("#user").FillAsync(id);
        await p.Page.Locator("#password").FillAsync(id);
        await p.Page.Locator("#signin-button").ClickAsync();
        await Assertions.Expect(p.Page.Locator("body[data-ready=true]")).ToBeVisibleAsync(Visible);
        return p;
    }

    [ChromiumFact]
    public async Task A_lead_approves_a_waiting_remedy_from_the_console_and_an_agent_sees_no_lead_tools()
    {
        var id = "approve-" + Guid.NewGuid().ToString("N")[..8];
        var @case = await ConsoleSeed.QueueAsync(fixture.Server.Services, new(id, new Case { Priority = CasePriority.High }, "杯子碎了"));
        var store = fixture.Server.Services.GetRequiredService<IHandoffStore>();
        var entry = (await store.GetAsync(id))!;
        var remedyId = "r-" + id;
        entry.Remedies.Add(new AppliedRemedy("compensation", 80, "demo", DateTimeOffset.UtcNow, null) { Id = remedyId, CaseNumber = @case.Number, State = RemedyState.PendingApproval });
        Assert.True(await store.TrySaveAsync(entry));

        await using (var agent = await SignedInAsync("demo"))
            await Assertions.Expect(agent.Page.Locator("#lead-tools")).ToBeHiddenAsync();

        await using var lead = await SignedInAsync("lead");
        var item = lead.Page.Locator($"#approvals li[data-remedy='{remedyId}']");
        await Assertions.Expect(item).ToContainTextAsync("赔偿 80");
        await item.Locator("button.approve").ClickAsync();
        await Assertions.Expect(item).ToHaveCountAsync(0);
        Assert.Equal(RemedyState.Applied, (await store.GetAsync(id))!.Remedies.Single(r => r.Id == remedyId).State);
    }

    [ChromiumFact]
    public async Task A_lead_erases_a_customer_after_confirming_and_reads_how_many_rows_went()
    {
        var customer = "cust-" + Guid.NewGuid().ToString("N")[..8];
        var cases = fixture.Server.Services.GetRequiredService<ICaseStore>();
        var @case = await cases.CreateAsync(new Case { ConversationId = "erase-" + customer, CustomerId = customer });
        await using var lead = await SignedInAsync("lead");
        var page = lead.Page;
        page.Dialog += (_, dialog) => dialog.AcceptAsync();

        await page.Locator("#privacy-kind").SelectOptionAsync("customerId");
        await page.Locator("#privacy-value").FillAsync(customer);
        await page.Locator("#privacy-erase").ClickAsync();

        await Assertions.Expect(page.Locator("#privacy-result")).ToContainTextAsync("已删除：cases 1");
        Assert.Null(await cases.GetAsync(@case.Number));
    }
}

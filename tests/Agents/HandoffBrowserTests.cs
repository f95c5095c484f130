using Microsoft.Extensions.DependencyInjection;
using ComplaintBot.Tests.Complaints;
using ComplaintBot.Tests.Support;
using Microsoft.Playwright;

namespace ComplaintBot.Tests.Agents;

/// <summary>The real bot (complaint flow, sentiment, Direct Line, agent console); people are present all day.</summary>
public sealed class HandoffBrowserFixture : BrowserFixture
{
    protected override IDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        ["Agents:QueueSweepInterval"] = "1.00:00:00",
        ["ServiceHours:Open"] = "00:00",
        ["ServiceHours:Close"] = "23:59:59",
    };
}

/// <summary>
/// Two browser contexts in headless Chromium: the customer in the storefront's Web Chat, an agent signed in at /agent.
/// Screenshots go to tests/TestResults/screenshots.
/// </summary>
public sealed class HandoffBrowserTests(HandoffBrowserFixture fixture) : IClassFixture<HandoffBrowserFixture>
{
    private const string SendBox = ".webchat__send-box-text-box__input";
    private const string BotBubble = ".webchat__bubble:not(.webchat__bubble--from-user)";
    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = 30_000 };

    private static Task ShotAsync(IPage page, string name) => Screenshots.SaveAsync(page, name);

    private async Task<BrowserPage> CustomerAsync()
    {
        var p = await fixture.NewPageAsync();
        p.Page.SetDefaultTimeout(30_000);
        await p.Page.GotoAsync("/");
        await p.Page.Locator("#cbw-button").ClickAsync();
        await Assertions.Expect(p.Page.Locator(BotBubble).First).ToBeVisibleAsync(Visible);
        return p;
    }

    private static async Task CustomerSaysAsync(IPage page, string text)
    {
        await WebChatSendBox.SendAsync(page, text);
    }

    private async Task<BrowserPage> AgentAsync()
    {
        var p = await fixture.NewPageAsync();
        p.Page.SetDefaultTimeout(30_000);
        await p.Page.GotoAsync("/agent");
        Assert.Contains("/agent/signin.html", p.Page.Url); // anonymous → sign-in page
        await p.Page.Locator("#user").FillAsync("demo");
        await p.Page.Locator("#password").FillAsync("demo");
        await p.Page.Locator("#signin-button").ClickAsync();
        await Assertions.Expect(p.Page.Locator("body[data-ready=true]")).ToBeVisibleAsync(Visible);
        return p;
    }

    [ChromiumFact]
    public async Task Angry_customer_is_taken_over_by_an_agent_who_replies_and_resolves_and_the_customer_is_asked_for_CSAT()
    {
        await using var customer = await CustomerAsync();
        await using var agent = await AgentAsync();

        await CustomerSaysAsync(customer.Page, "收到的榨汁机是坏的！！！你们就是骗子，我要去12315投诉，马上转人工！");
        await Assertions.Expect(customer.Page.Locator(BotBubble, new() { HasText = "排在第" })).ToBeVisibleAsync(Visible);
        await ShotAsync(customer.Page, "01-customer-escalated");

        // The queue updates live: no reload on the agent's side.
        var row = agent.Page.Locator("#queue li[data-owner=queued]").First;
        await Assertions.Expect(row).ToBeVisibleAsync(Visible);
        await ShotAsync(agent.Page, "02-agent-queue");
        await row.Locator("button.take").ClickAsync();
        await Assertions.Expect(agent.Page.Locator("#queue li.selected[data-owner='agent:demo']")).ToBeVisibleAsync(Visible);
        await Assertions.Expect(agent.Page.Locator("#transcript li.customer", new() { HasText = "榨汁机是坏的" })).ToBeVisibleAsync(Visible);
        await Assertions.Expect(customer.Page.Locator(BotBubble, new() { HasText = "Demo Agent" })).ToBeVisibleAsync(Visible);

        await agent.Page.Locator("#reply").FillAsync("非常抱歉！我是客服小王，马上为您安排补发。");
        await agent.Page.Locator("#send").ClickAsync();
        await Assertions.Expect(customer.Page.Locator(BotBubble, new() { HasText = "马上为您安排补发" })).ToBeVisibleAsync(Visible);

        await CustomerSaysAsync(customer.Page, "好的，尽快发货");
        await Assertions.Expect(agent.Page.Locator("#transcript li.customer", new() { HasText = "好的，尽快发货" })).ToBeVisibleAsync(Visible);
        await ShotAsync(agent.Page, "03-agent-conversation");

        await agent.Page.Locator("#resolve-note").FillAsync("已安排补发");
        await agent.Page.Locator("#resolve").ClickAsync();
        await Assertions.Expect(customer.Page.Locator(BotBubble, new() { HasText = "请为本次服务打分" })).ToBeVisibleAsync(Visible);
        await ShotAsync(customer.Page, "04-customer-csat");
        await CustomerSaysAsync(customer.Page, "5");
        await Assertions.Expect(customer.Page.Locator(BotBubble, new() { HasText = "感谢您的评价" })).ToBeVisibleAsync(Visible);
        agent.AssertNoErrors();
    }

    [ChromiumFact]
    public async Task Customer_markup_is_shown_as_text_in_the_console_and_never_runs()
    {
        const string payload = "<img src=x onerror=alert(1)>";
        await using var customer = await CustomerAsync();
        await using var agent = await AgentAsync();
        var dialogs = new List<string>();
        agent.Page.Dialog += (_, d) => { lock (dialogs) dialogs.Add(d.Message); _ = d.DismissAsync(); };

        await CustomerSaysAsync(customer.Page, "转人工 " + payload);
        await Assertions.Expect(customer.Page.Locator(BotBubble, new() { HasText = "排在第" })).ToBeVisibleAsync(Visible);
        var row = agent.Page.Locator("#queue li[data-owner=queued]").First;
        await Assertions.Expect(row).ToBeVisibleAsync(Visible);
        await row.Locator("button.take").ClickAsync();
        await Assertions.Expect(agent.Page.Locator("#transcript li.customer", new() { HasText = payload })).ToBeVisibleAsync(Visible);

        await CustomerSaysAsync(customer.Page, payload);
        // Arrives live over SignalR and is appended by the message handler.
        await Assertions.Expect(agent.Page.Locator("#transcript li.customer .text", new() { HasTextString = payload }).Nth(1)).ToBeVisibleAsync(Visible);
        await ShotAsync(agent.Page, "05-agent-markup-as-text");

        Assert.Equal(0, await agent.Page.Locator("img").CountAsync());
        Assert.Equal(payload, await agent.Page.Locator("#transcript li.customer .text").Last.TextContentAsync());
        lock (dialogs) Assert.Empty(dialogs);
        agent.AssertNoErrors();
    }

    [ChromiumFact]
    public async Task Quick_replies_are_in_the_customers_language_and_the_deadline_is_a_readable_date_whatever_the_console_language()
    {
        await using var customer = await CustomerAsync(); // the storefront in Chinese
        await using var agent = await AgentAsync();
        await agent.Page.Locator("#locale").SelectOptionAsync("en-US");

        await CustomerSaysAsync(customer.Page, "杯子碎了，转人工");
        await Assertions.Expect(customer.Page.Locator(BotBubble, new() { HasText = "排在第" })).ToBeVisibleAsync(Visible);
        var row = agent.Page.Locator("#queue li[data-owner=queued]").First;
        await Assertions.Expect(row).ToBeVisibleAsync(Visible);
        await row.Locator("button.take").ClickAsync();
        await Assertions.Expect(agent.Page.Locator("#transcript li.customer", new() { HasText = "杯子碎了" })).ToBeVisibleAsync(Visible);

        // What the agent sends must be in the customer's language, whatever language the console shows.
        var firstChinese = RepoPaths.Prompts.Render("zh-CN", "agent.quick_replies").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
        await Assertions.Expect(agent.Page.Locator("#quick-replies button").First).ToHaveTextAsync(firstChinese);
        await Assertions.Expect(agent.Page.Locator("#take")).ToBeHiddenAsync();
        var caseText = await agent.Page.Locator("#case").InnerTextAsync();
        Assert.DoesNotMatch(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+", caseText);
        await ShotAsync(agent.Page, "06-agent-english-console-chinese-customer");
        agent.AssertNoErrors();
    }
    /// <summary>
    /// Issue 13 (agent side): agent replies used to reach Web Chat 5–6 s after the console showed them, because each
    /// carried a replyToId of the hidden proactive trigger event and Web Chat held it waiting for that activity.
    /// Not a benchmark: a functional deadline. The clock starts when the server has accepted the agent's message
    /// (the console's POST answered), and the widget must show it within 1 s on its open WebSocket, without a reload —
    /// well above what the push takes on a busy machine (bot replies show in under 0.5 s), well below the 5 s hold.
    /// </summary>
    [ChromiumFact]
    public async Task The_agents_reply_shows_in_the_customers_widget_within_a_second_with_the_agents_name_and_avatar()
    {
        await using var customer = await CustomerAsync();
        await using var agent = await AgentAsync();
        await CustomerSaysAsync(customer.Page, "耳机坏了，转人工");
        await Assertions.Expect(customer.Page.Locator(BotBubble, new() { HasText = "排在第" })).ToBeVisibleAsync(Visible);
        var row = agent.Page.Locator("#queue li[data-owner=queued]").First;
        await Assertions.Expect(row).ToBeVisibleAsync(Visible);
        await row.Locator("button.take").ClickAsync();
        await Assertions.Expect(customer.Page.Locator(BotBubble, new() { HasText = "Demo Agent" })).ToBeVisibleAsync(Visible);
        var navigations = 0;
        customer.Page.FrameNavigated += (_, f) => { if (f == customer.Page.MainFrame) navigations++; };

        const string reply = "您好，我是客服，耳机马上为您换新。";
        await agent.Page.Locator("#reply").FillAsync(reply);
        await agent.Page.RunAndWaitForResponseAsync(() => agent.Page.Locator("#send").ClickAsync(),
            r => r.Url.EndsWith("/messages") && r.Request.Method == "POST" && r.Status == 200);
        var shown = customer.Page.Locator(".cbw-agent-message", new() { HasText = reply });
        await Assertions.Expect(shown).ToBeVisibleAsync(new() { Timeout = 1_000 });
        Assert.Equal(0, navigations);

        // Who wrote it: the agent's name above the bubble and the agent's own avatar, not the bot's.
        await Assertions.Expect(shown.Locator(".cbw-agent-name")).ToHaveTextAsync("Demo Agent · 人工客服");
        var avatar = customer.Page.Locator(".cbw-agent-avatar").Last;
        await Assertions.Expect(avatar).ToHaveTextAsync("DA");
        await Assertions.Expect(avatar).ToHaveAttributeAsync("title", "Demo Agent");
        await ShotAsync(customer.Page, "07-customer-agent-reply");
        customer.AssertNoErrors();
    }
    /// <summary>
    /// Issue 13 (agent side, end to end in the browser): take-over → remedy → resolve → rating with a comment → the
    /// customer writes again and gets a new case; the resolved one keeps its rating and is not re-opened.
    /// </summary>
    [ChromiumFact]
    public async Task After_an_agent_remedies_and_resolves_and_the_customer_rates_a_new_message_opens_a_new_case()
    {
        await using var customer = await CustomerAsync();
        await using var agent = await AgentAsync();

        await CustomerSaysAsync(customer.Page, "收到的电水壶漏水！！！太差劲了，马上转人工！");
        var queued = customer.Page.Locator(BotBubble, new() { HasText = "排在第" });
        await Assertions.Expect(queued).ToBeVisibleAsync(Visible);
        var first = System.Text.RegularExpressions.Regex.Match(await queued.Last.InnerTextAsync(), @"C\d{8}-\d{4}").Value;
        Assert.NotEmpty(first);

        var row = agent.Page.Locator("#queue li[data-owner=queued]").First;
        await Assertions.Expect(row).ToBeVisibleAsync(Visible);
        await row.Locator("button.take").ClickAsync();
        await Assertions.Expect(customer.Page.Locator(BotBubble, new() { HasText = "Demo Agent" })).ToBeVisibleAsync(Visible);

        // The remedy reaches the customer as the written confirmation, as when the bot confirms one.
        await Assertions.Expect(agent.Page.Locator("#remedy-apply")).ToBeEnabledAsync();
        await agent.Page.Locator("#remedy-kind").SelectOptionAsync("coupon");
        await agent.Page.Locator("#remedy-amount").FillAsync("20");
        await agent.Page.Locator("#remedy-apply").ClickAsync();
        await Assertions.Expect(customer.Page.Locator(BotBubble, new() { HasText = "处理确认单" })).ToContainTextAsync(first, new() { Timeout = 30_000 });

        // A remedy was granted, so resolving needs no further note.
        await agent.Page.Locator("#resolve").ClickAsync();
        await Assertions.Expect(customer.Page.Locator(BotBubble, new() { HasText = "请为本次服务打分" })).ToBeVisibleAsync(Visible);
        await CustomerSaysAsync(customer.Page, "4分吧，处理速度还可以");
        await Assertions.Expect(customer.Page.Locator(BotBubble, new() { HasText = "感谢您的评价" })).ToBeVisibleAsync(Visible);

        var cases = fixture.Server.Services.GetRequiredService<ComplaintBot.Dialogs.Cases.ICaseStore>();
        var rated = (await cases.GetAsync(first))!;
        Assert.Equal(4, rated.Csat);

        // A new complaint after that is a new case: the resolved one is not re-opened or given a second remedy.
        await CustomerSaysAsync(customer.Page, "另外，上周买的吹风机用了三天就坏了");
        var numbers = new System.Text.RegularExpressions.Regex(@"C\d{8}-\d{4}");
        var acknowledged = customer.Page.Locator(BotBubble, new() { HasTextRegex = numbers }).Last;
        await Assertions.Expect(acknowledged).Not.ToContainTextAsync(first, new() { Timeout = 30_000 });
        var second = numbers.Match(await acknowledged.InnerTextAsync()).Value;
        await ShotAsync(customer.Page, "08-customer-new-case-after-rating");
        var opened = (await cases.GetAsync(second))!;
        Assert.Equal(rated.ConversationId, opened.ConversationId);
        var after = (await cases.GetAsync(first))!;
        Assert.Equal((rated.Status, 4, rated.RemedyChosen), (after.Status, after.Csat, after.RemedyChosen));
        Assert.Contains("处理速度还可以", after.CsatComment); // the rating's comment is kept on the case
        customer.AssertNoErrors();
        agent.AssertNoErrors();
    }
}

using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ComplaintBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ComplaintBot.Tests.Channels.DirectLine;

/// <summary>The bot with the echo bot, and the test shop origin allowed to ask for tokens.</summary>
public sealed class DirectLineBrowserFixture : BrowserFixture
{
    protected override IDictionary<string, string?> Settings() => DirectLineTestServer.Settings();
    protected override void ConfigureServices(IServiceCollection services) => DirectLineTestServer.TestServices(services);
}

/// <summary>
/// The storefront page and a third-party page embedding widget.js, in real Chromium with the official Web Chat
/// bundle talking to our Direct Line (token endpoint, REST and WebSocket).
/// </summary>
public sealed class WidgetBrowserTests(DirectLineBrowserFixture fixture) : IClassFixture<DirectLineBrowserFixture>
{
    private const string SendBox = ".webchat__send-box-text-box__input";
    private const string BotBubble = ".webchat__bubble:not(.webchat__bubble--from-user)";
    private const string UserBubble = ".webchat__bubble--from-user";
    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = 30_000 };

    private async Task<BrowserPage> OpenAsync(string url, BrowserNewContextOptions? options = null)
    {
        var p = await fixture.NewPageAsync(options ?? new BrowserNewContextOptions { BaseURL = fixture.Server.BaseAddress.ToString() });
        p.Page.SetDefaultTimeout(30_000);
        await p.Page.GotoAsync(url);
        return p;
    }

    /// <summary>Types like a customer and waits for the bot's answer bubble.</summary>
    private static async Task SayAsync(IPage page, string text, string expectedReply)
    {
        await WebChatSendBox.SendAsync(page, text);
        await Assertions.Expect(page.Locator(BotBubble, new() { HasText = expectedReply })).ToBeVisibleAsync(Visible);
        await Assertions.Expect(page.Locator(UserBubble, new() { HasText = text }).First).ToBeVisibleAsync(Visible);
    }

    [ChromiumFact]
    public async Task Storefront_in_chinese_chats_through_web_chat_and_shows_the_bots_reply()
    {
        await using var p = await OpenAsync("/");
        await p.Page.Locator("#cbw-button", new() { HasText = "在线客服" }).ClickAsync();
        await Assertions.Expect(p.Page.Locator(BotBubble, new() { HasText = EchoBot.Welcome })).ToBeVisibleAsync(Visible);
        await SayAsync(p.Page, "我收到的耳机坏了", EchoBot.EchoOf("我收到的耳机坏了", "zh-CN"));
        await WebChatSendBox.AssertSentAsync(p);
    }

    [ChromiumFact]
    public async Task Storefront_in_english_chats_through_web_chat_and_shows_the_bots_reply()
    {
        await using var p = await OpenAsync("/?lang=en-US");
        Assert.Equal("en-US", await p.Page.EvaluateAsync<string>("document.documentElement.lang"));
        await p.Page.Locator("#cbw-button", new() { HasText = "Chat with us" }).ClickAsync();
        await SayAsync(p.Page, "my headphones arrived broken", EchoBot.EchoOf("my headphones arrived broken", "en-US"));
        await WebChatSendBox.AssertSentAsync(p);
    }

    [ChromiumFact]
    public async Task A_third_party_shop_page_embedding_widget_js_chats_and_keeps_the_conversation_across_reload_and_navigation()
    {
        var bot = fixture.Server.BaseAddress.ToString();
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Permissions = new[] { "local-network-access" } });
        // The shop lives on another origin (allowed in DirectLine:AllowedOrigins); Playwright serves its pages.
        await context.RouteAsync(DirectLineTestServer.ShopOrigin + "/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html; charset=utf-8",
            Body = $"""
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title><link rel="icon" href="data:,"></head>
                <body><h1>Plain shop page</h1><a id="next" href="/product/2">next product</a>
                <script src="{bot}widget.js" data-locale="en-US" async></script></body></html>
                """,
        }));
        await using var p = new BrowserPage(context, await context.NewPageAsync());
        p.Page.SetDefaultTimeout(30_000);
        await p.Page.GotoAsync(DirectLineTestServer.ShopOrigin + "/product/1");
        try { await p.Page.Locator("#cbw-button").ClickAsync(); }
        catch (TimeoutException) { throw new Xunit.Sdk.XunitException("widget did not appear: " + p.Diagnostics() + Environment.NewLine + await p.Page.ContentAsync()); }
        await SayAsync(p.Page, "first message", "You said: first message");
        await WebChatSendBox.AssertSentAsync(p);
        var conversationId = await StoredConversationIdAsync(p.Page);

        await p.Page.ReloadAsync();
        // The panel reopens by itself and replays the earlier conversation from the activity log.
        await Assertions.Expect(p.Page.Locator(BotBubble, new() { HasText = "You said: first message" })).ToBeVisibleAsync(Visible);
        await SayAsync(p.Page, "after reload", "You said: after reload");
        Assert.Equal(conversationId, await StoredConversationIdAsync(p.Page));

        await p.Page.Locator("#next").ClickAsync();
        await p.Page.WaitForURLAsync("**/product/2");
        await SayAsync(p.Page, "on another page", "You said: on another page");
        Assert.Equal(conversationId, await StoredConversationIdAsync(p.Page));
        await WebChatSendBox.AssertSentAsync(p);

        // The server saw one conversation with all three messages.
        using var http = fixture.Server.CreateClient();
        var req = new HttpRequestMessage(HttpMethod.Get, $"v3/directline/conversations/{conversationId}/activities");
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DirectLineTestServer.Secret);
        var log = JsonNode.Parse(await (await http.SendAsync(req)).Content.ReadAsStringAsync())!["activities"]!.AsArray();
        var userTexts = log.Where(a => a!["from"]!["role"]?.GetValue<string>() == "user").Select(a => a!["text"]?.GetValue<string>()).ToArray();
        Assert.Equal(new[] { "first message", "after reload", "on another page" }, userTexts);
    }

    [ChromiumFact]
    public async Task On_a_phone_sized_screen_the_chat_panel_fills_the_screen()
    {
        await using var p = await OpenAsync("/", new BrowserNewContextOptions
        {
            BaseURL = fixture.Server.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 375, Height = 667 },
            IsMobile = true,
            HasTouch = true,
        });
        await p.Page.Locator("#cbw-button").ClickAsync();
        await Assertions.Expect(p.Page.Locator(SendBox)).ToBeVisibleAsync(Visible);
        var box = await p.Page.Locator("#cbw-panel").BoundingBoxAsync();
        Assert.Equal(375, box!.Width, 1.0);
        Assert.Equal(667, box.Height, 1.0);
        await SayAsync(p.Page, "手机上也能聊吗", EchoBot.EchoOf("手机上也能聊吗", "zh-CN"));
        await WebChatSendBox.AssertSentAsync(p);
    }

    private static async Task<string> StoredConversationIdAsync(IPage page)
        => await page.EvaluateAsync<string>("() => JSON.parse(Object.entries(sessionStorage).find(([k]) => k.startsWith('complaintbot.chat:'))[1]).conversationId");
}

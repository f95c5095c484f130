using System.Text.RegularExpressions;
using ComplaintBot.Tests.Support;
using Microsoft.Playwright;

namespace ComplaintBot.Tests.Channels.DirectLine;

/// <summary>The whole product as a customer meets it: storefront, widget, Web Chat, Direct Line and the real complaint bot.</summary>
public sealed class RealBotBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string BotBubble = ".webchat__bubble:not(.webchat__bubble--from-user)";

    [ChromiumFact]
    public async Task A_customer_complains_on_the_storefront_in_chinese_and_the_complaint_bot_answers_in_chinese()
        => await ComplainAsync("/", "在线客服", "我买的耳机收到就坏了，左耳没有声音", new Regex(@"\p{IsCJKUnifiedIdeographs}"));

    [ChromiumFact]
    public async Task A_customer_complains_on_the_storefront_in_english_and_the_complaint_bot_answers_in_english()
        => await ComplainAsync("/?lang=en-US", "Chat with us", "The headphones I bought arrived broken, the left side is silent", new Regex("^[^\\p{IsCJKUnifiedIdeographs}]*[A-Za-z]{3}[^\\p{IsCJKUnifiedIdeographs}]*$"));

    private async Task ComplainAsync(string url, string button, string complaint, Regex replyLanguage)
    {
        await using var p = await fixture.NewPageAsync();
        p.Page.SetDefaultTimeout(30_000);
        await p.Page.GotoAsync(url);
        await p.Page.Locator("#cbw-button", new() { HasText = button }).ClickAsync();
        var input = p.Page.Locator(".webchat__send-box-text-box__input");
        await Assertions.Expect(input).ToBeVisibleAsync(new() { Timeout = 30_000 });
        // The bot greets first, in the page's language.
        await Assertions.Expect(p.Page.Locator(BotBubble).First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.Matches(replyLanguage, (await p.Page.Locator(BotBubble).First.InnerTextAsync()).Trim());
        var before = await p.Page.Locator(BotBubble).CountAsync();

        await WebChatSendBox.SendAsync(p.Page, complaint);
        await Assertions.Expect(p.Page.Locator(".webchat__bubble--from-user", new() { HasText = complaint })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(p.Page.Locator(BotBubble).Nth(before)).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var reply = await p.Page.Locator(BotBubble).Nth(before).InnerTextAsync();
        Assert.Matches(replyLanguage, reply.Trim());

        await Assertions.Expect(p.Page.Locator(".webchat__activity-status--sending")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        var body = await p.Page.Locator("body").InnerTextAsync();
        Assert.DoesNotContain("Send failed", body);
        Assert.DoesNotContain("发送失败", body);
        p.AssertNoErrors();
    }
}

using System.Text.RegularExpressions;
using ComplaintBot.Tests.Complaints;
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

    /// <summary>The storefront at <paramref name="url"/> with the chat opened by its button and the bot's greeting shown.</summary>
    private async Task<BrowserPage> OpenChatAsync(string url, string? button = null)
    {
        var p = await fixture.NewPageAsync();
        p.Page.SetDefaultTimeout(30_000);
        await p.Page.GotoAsync(url);
        await p.Page.Locator("#cbw-button", new() { HasText = button }).ClickAsync();
        await Assertions.Expect(p.Page.Locator(WebChatSendBox.Input)).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(p.Page.Locator(BotBubble).First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        return p;
    }

    private async Task ComplainAsync(string url, string button, string complaint, Regex replyLanguage)
    {
        await using var p = await OpenChatAsync(url, button);
        // The bot greets first, in the page's language.
        Assert.Matches(replyLanguage, (await p.Page.Locator(BotBubble).First.InnerTextAsync()).Trim());
        var before = await p.Page.Locator(BotBubble).CountAsync();

        await WebChatSendBox.SendAsync(p.Page, complaint);
        await Assertions.Expect(p.Page.Locator(".webchat__bubble--from-user", new() { HasText = complaint })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(p.Page.Locator(BotBubble).Nth(before)).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var reply = await p.Page.Locator(BotBubble).Nth(before).InnerTextAsync();
        Assert.Matches(replyLanguage, reply.Trim());

        await WebChatSendBox.AssertSentAsync(p);
    }

    [ChromiumFact]
    public async Task A_photo_the_customer_picks_is_sent_at_once_and_the_bot_counts_it_once()
    {
        await using var p = await OpenChatAsync("/?lang=en-US");
        var before = await p.Page.Locator(BotBubble).CountAsync();

        // What the paper-clip button's file picker hands to Web Chat; the customer presses nothing else.
        await p.Page.Locator(".webchat__upload-button--file-input").SetInputFilesAsync(new FilePayload
        {
            Name = "cracked-mug.png", MimeType = "image/png", Buffer = Png,
        });

        await Assertions.Expect(p.Page.Locator(BotBubble).Nth(before)).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.Equal(RepoPaths.Prompts.Render("en-US", "clarify.evidence_received", new { count = 1 }),
            (await p.Page.Locator(BotBubble).Nth(before).InnerTextAsync()).Trim());
        // The photo shows in the chat once, as the picture (no second, link-less file card beside it).
        await Assertions.Expect(p.Page.Locator(".webchat__bubble--from-user img")).ToHaveCountAsync(1);
        await Assertions.Expect(p.Page.Locator(".webchat__bubble--from-user", new() { HasText = "cracked-mug.png" })).ToHaveCountAsync(0);
        p.AssertNoErrors();
    }

    [ChromiumFact]
    public async Task The_written_confirmation_reads_line_by_line_in_english_without_an_empty_bubble()
        => await ConfirmAsync("en-US", "My order SO10000001 arrived damaged, the mug is broken, I want a refund");

    [ChromiumFact]
    public async Task The_written_confirmation_reads_line_by_line_in_chinese_without_an_empty_bubble()
        => await ConfirmAsync("zh-CN", "订单SO10000001的杯子收到就碎了，我要退款");

    /// <summary>A complaint to the written confirmation: restated, confirmed, the first remedy offered taken.</summary>
    private async Task ConfirmAsync(string locale, string complaint)
    {
        await using var p = await OpenChatAsync("/?lang=" + locale);
        await WebChatSendBox.SendAsync(p.Page, complaint);
        // An anonymous shopper proves the order with the last 4 digits of its phone before its details are used (issue 13.10).
        await p.Page.Locator(".webchat__suggested-action", new() { HasText = RepoPaths.Prompts.Render(locale, "identity.cannot") }).WaitForAsync(new() { Timeout = 30_000 });
        // The demo page tells the shopper which digits prove its demo order.
        Assert.Contains(Complaints.ComplaintHarness.Last4("SO10000001"), await p.Page.Locator(".demo-hint").InnerTextAsync());
        await WebChatSendBox.SendAsync(p.Page, Complaints.ComplaintHarness.Last4("SO10000001"));
        await p.Page.Locator(".webchat__suggested-action", new() { HasText = RepoPaths.Prompts.Render(locale, "restate.yes") }).ClickAsync();
        var hotline = RepoPaths.Configuration["Complaints:Hotline"]!;
        var beforeRemedies = await p.Page.Locator(BotBubble).CountAsync();
        await Assertions.Expect(p.Page.Locator(BotBubble).Nth(beforeRemedies)).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await p.Page.Locator(".webchat__suggested-action").Nth(0).ClickAsync();

        var confirmation = p.Page.Locator(BotBubble, new() { HasText = hotline });
        await Assertions.Expect(confirmation).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        // Each step is a list item of its own; the heading, the case lines and the hotline are not run into them.
        var steps = await confirmation.Locator("li").AllInnerTextsAsync();
        Assert.Equal(2, steps.Count);
        Assert.All(steps, s => Assert.DoesNotContain(hotline, s));
        var paragraphs = await confirmation.Locator("p").AllInnerTextsAsync();
        var caseNumber = new Regex(@"C\d{8}-\d+");
        Assert.Contains(paragraphs, t => t.Contains(hotline) && !caseNumber.IsMatch(t));
        Assert.Contains(paragraphs, t => caseNumber.IsMatch(t) && !t.Contains(hotline));
        // The case data attached for other systems is not drawn as an empty bubble.
        await Assertions.Expect(p.Page.Locator(BotBubble, new() { HasText = RepoPaths.Prompts.Render(locale, "csat.ask") })).ToHaveCountAsync(1);
        foreach (var text in await p.Page.Locator(BotBubble).AllInnerTextsAsync()) Assert.False(string.IsNullOrWhiteSpace(text), "an empty bot bubble");
        p.AssertNoErrors();
    }

    /// <summary>A 1×1 PNG.</summary>
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
}

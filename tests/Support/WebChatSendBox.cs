using Microsoft.Playwright;

namespace ComplaintBot.Tests.Support;

/// <summary>Types into the official Web Chat send box the way a customer does.</summary>
public static class WebChatSendBox
{
    public const string Input = ".webchat__send-box-text-box__input";
    private const string SendButton = ".webchat__send-button";

    /// <summary>
    /// Fills the box and presses Send until Web Chat takes the message (the box empties). A fill that lands while
    /// Web Chat re-renders (e.g. as the greeting arrives) can leave the click unseen; a person would press Send again.
    /// </summary>
    public static async Task SendAsync(IPage page, string text, int attempts = 3)
    {
        var input = page.Locator(Input);
        for (var attempt = 1; ; attempt++)
        {
            if (await input.InputValueAsync() != text) await input.FillAsync(text);
            await page.Locator(SendButton).ClickAsync();
            try
            {
                await Assertions.Expect(input).ToHaveValueAsync("", new() { Timeout = 5_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < attempts)
            {
                // Not taken yet: try again.
            }
        }
    }

    /// <summary>The own message was echoed (has an id): Web Chat shows neither "sending" nor "send failed".</summary>
    public static async Task AssertSentAsync(BrowserPage p)
    {
        await Assertions.Expect(p.Page.Locator(".webchat__activity-status--sending")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        var body = await p.Page.Locator("body").InnerTextAsync();
        Assert.DoesNotContain("Send failed", body);
        Assert.DoesNotContain("发送失败", body);
        p.AssertNoErrors();
    }
}

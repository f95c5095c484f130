using System.Text.RegularExpressions;
using ComplaintBot.Dialogs.Text;

namespace ComplaintBot.Tests.Complaints;

/// <summary>The shop has one currency (Prompts:Currency); every amount the bot writes is in it, written for the reader.</summary>
public sealed class ShopCurrencyTests
{
    private static PromptLibrary Library(string currency) => new(Path.Combine(RepoPaths.Root, "prompts"), "zh-CN", currency);

    [Theory]
    [InlineData("CNY", "zh-CN", "10", "赠送 ¥10 优惠券")]
    [InlineData("CNY", "en-US", "10", "a CNY 10 coupon")]
    [InlineData("CNY", "en-US", "12.5", "a CNY 12.50 coupon")]
    [InlineData("USD", "en-US", "1500", "a $1,500 coupon")]
    [InlineData("EUR", "en-US", "10", "a €10 coupon")]
    [InlineData("USD", "zh-CN", "10", "赠送 USD 10 优惠券")]
    public void An_amount_in_a_message_is_in_the_configured_currency_written_for_the_readers_language(string currency, string locale, string amount, string expected)
        => Assert.Equal(expected, Library(currency).Render(locale, "remedies.remedy_coupon", new { amount }));

    [Fact]
    public void No_template_writes_a_currency_of_its_own()
    {
        // Amounts go through {{money amount}}; a literal CNY/元/¥/$ would quote a second currency when the shop's differs.
        var literal = new Regex(@"CNY|RMB|USD|EUR|元|¥|€|\$\s?\d|\d\s?\$", RegexOptions.IgnoreCase);
        var offenders = RepoPaths.Prompts.All.Where(t => literal.IsMatch(t.Template)).Select(t => $"{t.Locale}/{t.Key}").ToList();
        Assert.Empty(offenders);
    }
}

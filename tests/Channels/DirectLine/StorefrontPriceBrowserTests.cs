using System.Text.RegularExpressions;
using ComplaintBot.Dialogs.Orders;
using ComplaintBot.Dialogs.Text;
using ComplaintBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ComplaintBot.Tests.Channels.DirectLine;

/// <summary>The demo storefront and the bot quote one currency: the shop's (Prompts:Currency), written per language.</summary>
public sealed class StorefrontPriceBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [ChromiumFact]
    public Task The_english_storefront_prices_its_catalog_in_the_currency_the_bot_quotes_amounts_in() => PricesAsync("en-US");

    [ChromiumFact]
    public Task The_chinese_storefront_prices_its_catalog_in_the_currency_the_bot_quotes_amounts_in() => PricesAsync("zh-CN");

    private async Task PricesAsync(string locale)
    {
        await using var p = await fixture.NewPageAsync();
        await p.Page.GotoAsync("/?lang=" + locale);
        await Assertions.Expect(p.Page.Locator("body[data-products]")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        var prompts = fixture.Server.Services.GetRequiredService<PromptLibrary>();
        var catalog = await fixture.Server.Services.GetRequiredService<IOrderService>().GetCatalogAsync();
        var cards = p.Page.Locator(".card");
        Assert.True(await cards.CountAsync() > 0);
        // What the bot writes for an amount, without the number: "CNY " in English, "¥" in Chinese for the default shop.
        var botMark = Regex.Replace(prompts.Render(locale, "remedies.remedy_coupon", new { amount = "10" }), @".*?([^\s\d]*\s?)10\b.*", "$1");
        for (var i = 0; i < await cards.CountAsync(); i++)
        {
            var sku = await cards.Nth(i).GetAttributeAsync("data-sku");
            var product = catalog.Single(c => c.Sku == sku);
            var price = (await cards.Nth(i).Locator(".price").InnerTextAsync()).Trim();
            Assert.Equal(prompts.FormatMoney(product.Price, locale), price);
            Assert.Equal(product.DisplayName(locale), (await cards.Nth(i).Locator(".name").InnerTextAsync()).Trim());
            Assert.StartsWith(botMark, price);
        }
        Assert.DoesNotContain("$", await p.Page.Locator("#products").InnerTextAsync());
        await Screenshots.SaveAsync(p.Page, "storefront-prices-" + locale);
        p.AssertNoErrors();
    }
}

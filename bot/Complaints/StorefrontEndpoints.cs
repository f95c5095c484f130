using ComplaintBot.Dialogs.Orders;
using ComplaintBot.Dialogs.Text;

namespace ComplaintBot.Bot.Complaints;

/// <summary>
/// <c>GET /api/storefront/products?locale=…</c>: a few products of the shop's catalog for the demo storefront, with
/// prices in the shop's one currency written as the bot writes amounts (<see cref="MoneyFormat"/>), so the page and the
/// chat never quote two currencies.
/// </summary>
public static class StorefrontEndpoints
{
    public const int ProductsShown = 8;

    public static WebApplication MapStorefront(this WebApplication app)
    {
        app.MapGet("/api/storefront/products", async (string? locale, IOrderService orders, PromptLibrary prompts, CancellationToken ct) =>
        {
            var l = LocaleResolver.Resolve(locale, null, prompts.DefaultLocale);
            var catalog = await orders.GetCatalogAsync(ct);
            return Results.Ok(new
            {
                currency = prompts.Currency,
                products = catalog.Take(ProductsShown).Select(p => new { sku = p.Sku, name = p.DisplayName(l), price = prompts.FormatMoney(p.Price, l) }),
            });
        });
        return app;
    }
}

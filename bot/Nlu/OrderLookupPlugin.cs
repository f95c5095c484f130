using System.ComponentModel;
using System.Text.Json;
using ComplaintBot.Dialogs.Orders;
using Microsoft.SemanticKernel;

namespace ComplaintBot.Bot.Nlu;

/// <summary>
/// The kernel functions the understanding model may call, bound to what one conversation is entitled to: the orders of
/// the customer the channel proved, and the one order the customer proved by the identity question
/// (<c>ComplaintSession.OrderVerified</c>). Any other order answers exactly like an order that does not exist,
/// so a model (or a customer steering it) learns nothing from guessing numbers. Built per turn; the orders it handed
/// out are kept in <see cref="Consulted"/>, which bounds the product the model may name.
/// </summary>
public sealed class OrderLookupPlugin(IOrderService orders, string? customerId, string? provenOrderNumber, string? orderNumberPrefix = null)
{
    private const int RecentOrders = 5;
    private readonly List<Order> _consulted = [];

    public IReadOnlyList<Order> Consulted => _consulted;

    [KernelFunction("lookup_order")]
    [Description("Looks up one of the customer's own orders by its number: when it was placed, its shipment status and its lines (sku, product name, quantity). Answers {\"error\":\"not_found\"} for any number that is not one of this customer's orders.")]
    public async Task<string> LookupOrderAsync([Description("The order number as the customer wrote it, e.g. SO10000001")] string orderNumber, CancellationToken ct = default)
    {
        var number = (orderNumber ?? "").Trim().Replace(" ", "").Replace("-", "").ToUpperInvariant();
        var order = number.Length == 0 ? null : await orders.GetOrderAsync(number, ct);
        if (order is null && number.All(char.IsAsciiDigit) && orderNumberPrefix is { Length: > 0 })
            order = await orders.GetOrderAsync(orderNumberPrefix + number, ct);
        if (order is null || !Entitled(order)) return JsonSerializer.Serialize(new { error = "not_found" });
        return JsonSerializer.Serialize(Describe(Remember(order)));
    }

    [KernelFunction("list_my_orders")]
    [Description("Lists the customer's most recent orders, newest first, each with its lines (sku, product name, quantity).")]
    public async Task<string> ListMyOrdersAsync(CancellationToken ct = default)
    {
        var list = new List<Order>();
        if (customerId is not null) list.AddRange(await orders.GetRecentOrdersAsync(customerId, RecentOrders, ct));
        if (provenOrderNumber is not null && list.All(o => o.Number != provenOrderNumber) && await orders.GetOrderAsync(provenOrderNumber, ct) is { } proven)
            list.Add(proven);
        return JsonSerializer.Serialize(list.Where(Entitled).Select(o => Describe(Remember(o))));
    }

    /// <summary>Whether this conversation may see the order: the proven customer's, or the order the customer proved.</summary>
    public bool Entitled(Order order)
        => (customerId is not null && string.Equals(order.CustomerId, customerId, StringComparison.Ordinal))
           || (provenOrderNumber is not null && string.Equals(order.Number, provenOrderNumber, StringComparison.Ordinal));

    private Order Remember(Order order)
    {
        if (_consulted.All(o => o.Number != order.Number)) _consulted.Add(order);
        return order;
    }

    private static object Describe(Order o) => new
    {
        number = o.Number,
        placed = o.PlacedAt.ToString("yyyy-MM-dd"),
        shipment = o.Shipment?.Status.ToString(),
        lines = o.Lines.Select(l => new { sku = l.Sku, name = l.Name, name_en = l.NameEn, quantity = l.Quantity }),
    };
}

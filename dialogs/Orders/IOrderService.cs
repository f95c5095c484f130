using System.Text.Json.Serialization;

namespace ComplaintBot.Dialogs.Orders;

/// <summary>
/// The shop backend as the complaint flow sees it. Implementations: <see cref="DemoOrderService"/> (embedded,
/// seeded SQLite) and <see cref="HttpOrderService"/> (a real shop's REST API; contract in docs/shop-backend.md).
/// </summary>
public interface IOrderService
{
    Task<Order?> GetOrderAsync(string orderNumber, CancellationToken ct = default);
    Task<Customer?> GetCustomerAsync(string customerId, CancellationToken ct = default);
    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<Order>> GetRecentOrdersAsync(string customerId, int max = 5, CancellationToken ct = default);
    Task<IReadOnlyList<Product>> GetCatalogAsync(CancellationToken ct = default);
}

[JsonConverter(typeof(JsonStringEnumConverter<CustomerTier>))]
public enum CustomerTier { Normal, Silver, Gold, Vip }

[JsonConverter(typeof(JsonStringEnumConverter<ShipmentStatus>))]
public enum ShipmentStatus { Pending, InTransit, Delayed, Lost, DamagedInTransit, Delivered }

public sealed record Customer(string Id, string Name, CustomerTier Tier, string? Phone, string? Email);

/// <param name="Keywords">Words customers use for it (zh and en), for recognising the product in free text.</param>
public sealed record Product(string Sku, string Name, string NameEn, decimal Price, string Category, IReadOnlyList<string> Keywords)
{
    public string DisplayName(string locale) => locale.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? NameEn : Name;
}

public sealed record OrderLine(string Sku, string Name, string NameEn, int Quantity, decimal UnitPrice)
{
    public string DisplayName(string locale) => locale.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? NameEn : Name;
}

public sealed record TrackingEvent(DateTimeOffset At, string Text, string TextEn)
{
    public string Display(string locale) => locale.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? TextEn : Text;
}

/// <param name="Carrier">Carrier name as shown to customers (zh); <paramref name="CarrierEn"/> for English.</param>
public sealed record Shipment(
    string Carrier,
    string CarrierEn,
    string TrackingNumber,
    ShipmentStatus Status,
    DateTimeOffset? ShippedAt,
    DateTimeOffset ExpectedAt,
    DateTimeOffset? DeliveredAt,
    IReadOnlyList<TrackingEvent> Events)
{
    public string CarrierName(string locale) => locale.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? CarrierEn : Carrier;
}

/// <param name="ShippingFee">What the customer paid for shipping (also the shipping-insurance refund ceiling).</param>
public sealed record Order(
    string Number,
    string CustomerId,
    DateTimeOffset PlacedAt,
    decimal Total,
    decimal ShippingFee,
    string Currency,
    IReadOnlyList<OrderLine> Lines,
    Shipment? Shipment);

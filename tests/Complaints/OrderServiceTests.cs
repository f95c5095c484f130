using System.Net;
using ComplaintBot.Dialogs.Orders;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ComplaintBot.Tests.Complaints;

public sealed class DemoOrderServiceTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "cb-shop-" + Guid.NewGuid().ToString("N"));
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));

    private DemoOrderService Create() => new(new SqliteDatabase(Path.Combine(_dir, "bot.db")), _clock);

    [Fact]
    public async Task Demo_shop_has_fifty_orders_all_tiers_and_every_logistics_outcome()
    {
        var shop = Create();
        var orders = new List<Order>();
        for (var i = 1; i <= 50; i++) orders.Add((await shop.GetOrderAsync($"SO{10000000 + i}"))!);
        Assert.DoesNotContain(null, orders);
        Assert.Null(await shop.GetOrderAsync("SO10000051"));
        var statuses = orders.Select(o => o.Shipment!.Status).ToHashSet();
        Assert.Superset(new HashSet<ShipmentStatus> { ShipmentStatus.Delivered, ShipmentStatus.Delayed, ShipmentStatus.Lost, ShipmentStatus.DamagedInTransit, ShipmentStatus.InTransit }, statuses);
        var tiers = new HashSet<CustomerTier>();
        foreach (var id in orders.Select(o => o.CustomerId).Distinct()) tiers.Add((await shop.GetCustomerAsync(id))!.Tier);
        Assert.Equal(Enum.GetValues<CustomerTier>().ToHashSet(), tiers);
        Assert.All(orders, o => Assert.Equal(o.Lines.Sum(l => l.UnitPrice * l.Quantity) + o.ShippingFee, o.Total));
    }

    [Fact]
    public async Task Delivery_dates_are_relative_to_now_so_seven_day_windows_hold()
    {
        var shop = Create();
        var recent = (await shop.GetOrderAsync("SO10000007"))!;
        var old = (await shop.GetOrderAsync("SO10000008"))!;
        Assert.InRange((_clock.GetUtcNow() - recent.Shipment!.DeliveredAt!.Value).TotalDays, 2, 4);
        Assert.True((_clock.GetUtcNow() - old.Shipment!.DeliveredAt!.Value).TotalDays > 7);
        var delayed = (await shop.GetOrderAsync("so10000004"))!; // case-insensitive number
        Assert.Equal(ShipmentStatus.Delayed, delayed.Shipment!.Status);
        Assert.True(delayed.Shipment.ExpectedAt < _clock.GetUtcNow());
    }

    [Fact]
    public async Task Seeding_is_idempotent_and_refreshes_when_stale()
    {
        var db = new SqliteDatabase(Path.Combine(_dir, "bot.db"));
        var first = new DemoOrderService(db, _clock);
        await first.EnsureSeededAsync();
        var second = new DemoOrderService(db, _clock);
        await second.EnsureSeededAsync();
        Assert.NotNull(await second.GetOrderAsync("SO10000050"));
        var before = (await second.GetOrderAsync("SO10000001"))!.Shipment!.DeliveredAt;

        _clock.Advance(TimeSpan.FromDays(3));
        var later = new DemoOrderService(db, _clock);
        var after = (await later.GetOrderAsync("SO10000001"))!.Shipment!.DeliveredAt;
        Assert.Equal(TimeSpan.FromDays(3), after - before);
        Assert.Equal(16, (await later.GetCatalogAsync()).Count);
    }

    [Fact]
    public async Task Recent_orders_are_the_customers_newest_first()
    {
        var shop = Create();
        var orders = await shop.GetRecentOrdersAsync("cust-002", 3);
        Assert.NotEmpty(orders);
        Assert.All(orders, o => Assert.Equal("cust-002", o.CustomerId));
        Assert.Equal(orders.OrderByDescending(o => o.PlacedAt).Select(o => o.Number), orders.Select(o => o.Number));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}

public sealed class HttpOrderServiceTests : IAsyncLifetime
{
    private LocalHttpServer _shop = null!;

    public async Task InitializeAsync()
    {
        // A stand-in shop backend speaking the documented contract, serving the demo data.
        var now = DateTimeOffset.UtcNow;
        var orders = DemoShopData.OrderSpecs.Select(s => DemoShopData.Build(s, now)).ToDictionary(o => o.Number);
        _shop = await LocalHttpServer.StartAsync(app =>
        {
            app.MapGet("/api/orders/{number}", (string number) => orders.TryGetValue(number, out var o) ? Results.Json(o, HttpOrderService.Json) : Results.NotFound());
            app.MapGet("/api/customers/{id}", (string id) => DemoShopData.Customers.FirstOrDefault(c => c.Id == id) is { } c ? Results.Json(c, HttpOrderService.Json) : Results.NotFound());
            app.MapGet("/api/customers/{id}/orders", (string id, int limit) =>
                Results.Json(orders.Values.Where(o => o.CustomerId == id).OrderByDescending(o => o.PlacedAt).Take(limit), HttpOrderService.Json));
            app.MapGet("/api/products", () => Results.Json(DemoShopData.Products, HttpOrderService.Json));
            app.MapGet("/broken/orders/{number}", () => Results.StatusCode(500));
        });
        _shop.Respond = (_, _) => Task.FromResult(Results.NotFound());
    }

    private HttpOrderService Create(string path = "api", string apiKey = "shop-key")
    {
        var options = new HttpOrderServiceOptions { BaseUrl = $"{_shop.BaseUrl}/{path}", ApiKey = apiKey };
        var http = new HttpClient();
        HttpOrderService.Configure(http, options);
        return new HttpOrderService(http, options);
    }

    [Fact]
    public async Task Reads_orders_with_lines_shipment_and_tracking_over_http()
    {
        var shop = Create();
        var order = await shop.GetOrderAsync("SO10000005");
        Assert.NotNull(order);
        Assert.Equal("cust-006", order!.CustomerId);
        Assert.Equal(ShipmentStatus.Lost, order.Shipment!.Status);
        Assert.Equal("SKU-SHO-06", order.Lines.Single().Sku);
        Assert.NotEmpty(order.Shipment.Events);
        Assert.Contains(_shop.Requests, r => r.Path == "/api/orders/SO10000005" && r.Authorization == "Bearer shop-key");
    }

    [Fact]
    public async Task Unknown_order_is_null_and_server_errors_throw()
    {
        Assert.Null(await Create().GetOrderAsync("SO99999999"));
        await Assert.ThrowsAsync<HttpRequestException>(() => Create("broken").GetOrderAsync("SO10000001"));
    }

    [Fact]
    public async Task Reads_customer_recent_orders_and_catalog()
    {
        var shop = Create();
        Assert.Equal(CustomerTier.Vip, (await shop.GetCustomerAsync("cust-004"))!.Tier);
        var recent = await shop.GetRecentOrdersAsync("cust-002", 2);
        Assert.InRange(recent.Count, 1, 2);
        Assert.All(recent, o => Assert.Equal("cust-002", o.CustomerId));
        var catalog = await shop.GetCatalogAsync();
        Assert.Contains(catalog, p => p.Sku == "SKU-MUG-01" && p.Keywords.Contains("mug"));
    }

    public async Task DisposeAsync() => await _shop.DisposeAsync();
}

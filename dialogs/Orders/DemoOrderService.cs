using System.Collections.Concurrent;
using ComplaintBot.Dialogs.State;
using Microsoft.Data.Sqlite;
using static ComplaintBot.Dialogs.State.SqliteCommands;

namespace ComplaintBot.Dialogs.Orders;

/// <summary>appsettings <c>Orders</c>: which shop backend, and its settings.</summary>
public sealed class OrderServiceOptions
{
    public const string Section = "Orders";
    /// <summary>"Demo" (embedded SQLite shop) or "Http" (a real shop backend).</summary>
    public string Provider { get; set; } = "Demo";
    /// <summary>The demo data is re-seeded when older than this, so "delivered 3 days ago" stays true.</summary>
    public int DemoRefreshAfterHours { get; set; } = 12;
    public HttpOrderServiceOptions Http { get; set; } = new();
}

/// <summary>
/// The embedded demo shop: customers, products, orders, shipments and tracking events in their own tables of the
/// bot's SQLite file. Seeding is idempotent (one write on the file's writer, guarded by a timestamp row). The data
/// only changes when it is re-seeded, so what was read is kept in memory until then: the complaint flow looks the
/// same order up several times a turn.
/// </summary>
public sealed class DemoOrderService : IOrderService
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS shop_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS shop_customer (id TEXT PRIMARY KEY, name TEXT NOT NULL, tier TEXT NOT NULL, phone TEXT, email TEXT);
        CREATE TABLE IF NOT EXISTS shop_product (sku TEXT PRIMARY KEY, name TEXT NOT NULL, name_en TEXT NOT NULL, price TEXT NOT NULL, category TEXT NOT NULL, keywords TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS shop_order (number TEXT PRIMARY KEY, customer_id TEXT NOT NULL, placed_at INTEGER NOT NULL, total TEXT NOT NULL, shipping_fee TEXT NOT NULL, currency TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_shop_order_customer ON shop_order(customer_id, placed_at);
        CREATE TABLE IF NOT EXISTS shop_order_line (order_number TEXT NOT NULL, line INTEGER NOT NULL, sku TEXT NOT NULL, quantity INTEGER NOT NULL, unit_price TEXT NOT NULL, PRIMARY KEY (order_number, line));
        CREATE TABLE IF NOT EXISTS shop_shipment (order_number TEXT PRIMARY KEY, carrier TEXT NOT NULL, carrier_en TEXT NOT NULL, tracking TEXT NOT NULL, status TEXT NOT NULL, shipped_at INTEGER, expected_at INTEGER NOT NULL, delivered_at INTEGER);
        CREATE TABLE IF NOT EXISTS shop_tracking_event (order_number TEXT NOT NULL, seq INTEGER NOT NULL, at INTEGER NOT NULL, text TEXT NOT NULL, text_en TEXT NOT NULL, PRIMARY KEY (order_number, seq));
        """;

    private readonly SqliteDatabase _db;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _refreshAfter;
    private readonly SemaphoreSlim _seedGate = new(1, 1);
    private volatile Snapshot? _seeded;

    /// <summary>What has been read since the data was seeded at <see cref="SeededAt"/>. Unknown numbers are not kept.</summary>
    private sealed class Snapshot(DateTimeOffset seededAt)
    {
        public DateTimeOffset SeededAt { get; } = seededAt;
        public readonly ConcurrentDictionary<string, Order> Orders = new(StringComparer.Ordinal);
        public readonly ConcurrentDictionary<string, Customer> Customers = new(StringComparer.Ordinal);
        public IReadOnlyList<Product>? Catalog;
    }

    public DemoOrderService(SqliteDatabase db, TimeProvider? clock = null, int refreshAfterHours = 12)
    {
        _db = db;
        _clock = clock ?? TimeProvider.System;
        _refreshAfter = TimeSpan.FromHours(refreshAfterHours);
        _db.EnsureSchema(nameof(DemoOrderService), Schema);
    }

    /// <summary>Seeds when empty or stale; safe to call from many threads and many processes.</summary>
    public async Task EnsureSeededAsync(CancellationToken ct = default) => await CurrentAsync(ct);

    private async Task<Snapshot> CurrentAsync(CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        if (_seeded is { } fresh && now - fresh.SeededAt < _refreshAfter) return fresh;
        if (_db.CurrentTurn is { HoldsWriter: true })
        {
            // This turn's transaction holds the file's writer: waiting on the gate could wait for a seeding that waits
            // for this turn. Check (and seed) in the turn, and remember nothing: the turn may still roll back.
            return new Snapshot(await _db.WriteOnItsOwnAsync((c, tx) => CheckOrSeedAsync(c, tx, now, ct), ct));
        }
        await _seedGate.WaitAsync(ct);
        try
        {
            if (_seeded is { } other && now - other.SeededAt < _refreshAfter) return other;
            // Committed on its own, not with the turn that happens to look up the first order.
            var seededAt = await _db.WriteOnItsOwnAsync((c, tx) => CheckOrSeedAsync(c, tx, now, ct), ct);
            return _seeded = new Snapshot(seededAt);
        }
        finally { _seedGate.Release(); }
    }

    /// <summary>Checked and written in one write, so two processes on one file seed once.</summary>
    private async Task<DateTimeOffset> CheckOrSeedAsync(SqliteConnection c, SqliteTransaction tx, DateTimeOffset now, CancellationToken ct)
    {
        await using (var read = Command(c, "SELECT value FROM shop_meta WHERE key = 'seeded_at'", tx))
        {
            if (await read.ExecuteScalarAsync(ct) is string s && long.TryParse(s, out var ms)
                && now - DateTimeOffset.FromUnixTimeMilliseconds(ms) < _refreshAfter)
                return DateTimeOffset.FromUnixTimeMilliseconds(ms);
        }
        await SeedAsync(c, tx, now, ct);
        return now;
    }

    private static async Task SeedAsync(SqliteConnection c, SqliteTransaction tx, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var table in new[] { "shop_tracking_event", "shop_shipment", "shop_order_line", "shop_order", "shop_product", "shop_customer" })
            await ExecuteAsync(c, $"DELETE FROM {table}", tx, ct);
        foreach (var cu in DemoShopData.Customers)
            await ExecuteAsync(c, "INSERT INTO shop_customer VALUES ($id, $name, $tier, $phone, $email)", tx, ct,
                ("$id", cu.Id), ("$name", cu.Name), ("$tier", cu.Tier.ToString()), ("$phone", cu.Phone), ("$email", cu.Email));
        foreach (var p in DemoShopData.Products)
            await ExecuteAsync(c, "INSERT INTO shop_product VALUES ($sku, $name, $en, $price, $cat, $kw)", tx, ct,
                ("$sku", p.Sku), ("$name", p.Name), ("$en", p.NameEn), ("$price", Money(p.Price)), ("$cat", p.Category), ("$kw", string.Join('|', p.Keywords)));
        foreach (var spec in DemoShopData.OrderSpecs)
        {
            var o = DemoShopData.Build(spec, now);
            await ExecuteAsync(c, "INSERT INTO shop_order VALUES ($n, $cust, $placed, $total, $fee, $cur)", tx, ct,
                ("$n", o.Number), ("$cust", o.CustomerId), ("$placed", o.PlacedAt.ToUnixTimeMilliseconds()), ("$total", Money(o.Total)), ("$fee", Money(o.ShippingFee)), ("$cur", o.Currency));
            for (var i = 0; i < o.Lines.Count; i++)
                await ExecuteAsync(c, "INSERT INTO shop_order_line VALUES ($n, $i, $sku, $q, $price)", tx, ct,
                    ("$n", o.Number), ("$i", i), ("$sku", o.Lines[i].Sku), ("$q", o.Lines[i].Quantity), ("$price", Money(o.Lines[i].UnitPrice)));
            if (o.Shipment is { } s)
            {
                await ExecuteAsync(c, "INSERT INTO shop_shipment VALUES ($n, $c, $ce, $t, $st, $sh, $ex, $de)", tx, ct,
                    ("$n", o.Number), ("$c", s.Carrier), ("$ce", s.CarrierEn), ("$t", s.TrackingNumber), ("$st", s.Status.ToString()),
                    ("$sh", s.ShippedAt?.ToUnixTimeMilliseconds()), ("$ex", s.ExpectedAt.ToUnixTimeMilliseconds()), ("$de", s.DeliveredAt?.ToUnixTimeMilliseconds()));
                for (var i = 0; i < s.Events.Count; i++)
                    await ExecuteAsync(c, "INSERT INTO shop_tracking_event VALUES ($n, $i, $at, $t, $te)", tx, ct,
                        ("$n", o.Number), ("$i", i), ("$at", s.Events[i].At.ToUnixTimeMilliseconds()), ("$t", s.Events[i].Text), ("$te", s.Events[i].TextEn));
            }
        }
        await ExecuteAsync(c, "INSERT INTO shop_meta(key, value) VALUES ('seeded_at', $v) ON CONFLICT(key) DO UPDATE SET value = $v", tx, ct,
            ("$v", now.ToUnixTimeMilliseconds().ToString()));
    }

    public async Task<Order?> GetOrderAsync(string orderNumber, CancellationToken ct = default)
    {
        var snapshot = await CurrentAsync(ct);
        var number = orderNumber.Trim().ToUpperInvariant();
        if (snapshot.Orders.TryGetValue(number, out var known)) return known;
        await using var lease = await _db.RentReaderAsync(ct);
        var order = await ReadOrderAsync(lease.Connection, lease.Transaction, number, ct);
        if (order is not null) snapshot.Orders.TryAdd(number, order);
        return order;
    }

    public async Task<Customer?> GetCustomerAsync(string customerId, CancellationToken ct = default)
    {
        var snapshot = await CurrentAsync(ct);
        if (snapshot.Customers.TryGetValue(customerId, out var known)) return known;
        await using var lease = await _db.RentReaderAsync(ct);
        await using var cmd = Command(lease.Connection, "SELECT id, name, tier, phone, email FROM shop_customer WHERE id = $id", lease.Transaction, ("$id", customerId));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        var customer = new Customer(r.GetString(0), r.GetString(1), Enum.Parse<CustomerTier>(r.GetString(2)), r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4));
        snapshot.Customers.TryAdd(customerId, customer);
        return customer;
    }

    public async Task<IReadOnlyList<Order>> GetRecentOrdersAsync(string customerId, int max = 5, CancellationToken ct = default)
    {
        await CurrentAsync(ct);
        var numbers = new List<string>();
        await using (var lease = await _db.RentReaderAsync(ct))
        await using (var cmd = Command(lease.Connection, "SELECT number FROM shop_order WHERE customer_id = $c ORDER BY placed_at DESC, number DESC LIMIT $max", lease.Transaction, ("$c", customerId), ("$max", max)))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) numbers.Add(r.GetString(0));
        var list = new List<Order>();
        foreach (var n in numbers) if (await GetOrderAsync(n, ct) is { } o) list.Add(o);
        return list;
    }

    public async Task<IReadOnlyList<Product>> GetCatalogAsync(CancellationToken ct = default)
    {
        var snapshot = await CurrentAsync(ct);
        if (snapshot.Catalog is { } known) return known;
        await using var lease = await _db.RentReaderAsync(ct);
        await using var cmd = Command(lease.Connection, "SELECT sku, name, name_en, price, category, keywords FROM shop_product ORDER BY sku", lease.Transaction);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<Product>();
        while (await r.ReadAsync(ct))
            list.Add(new Product(r.GetString(0), r.GetString(1), r.GetString(2), decimal.Parse(r.GetString(3), System.Globalization.CultureInfo.InvariantCulture), r.GetString(4), r.GetString(5).Split('|')));
        return snapshot.Catalog = list.AsReadOnly();
    }

    private static async Task<Order?> ReadOrderAsync(SqliteConnection c, SqliteTransaction? tx, string number, CancellationToken ct)
    {
        string customer; DateTimeOffset placed; decimal total, fee; string currency;
        await using (var cmd = Command(c, "SELECT customer_id, placed_at, total, shipping_fee, currency FROM shop_order WHERE number = $n", tx, ("$n", number)))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            if (!await r.ReadAsync(ct)) return null;
            customer = r.GetString(0); placed = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1));
            total = Dec(r.GetString(2)); fee = Dec(r.GetString(3)); currency = r.GetString(4);
        }
        var lines = new List<OrderLine>();
        await using (var cmd = Command(c, "SELECT l.sku, p.name, p.name_en, l.quantity, l.unit_price FROM shop_order_line l JOIN shop_product p ON p.sku = l.sku WHERE l.order_number = $n ORDER BY l.line", tx, ("$n", number)))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) lines.Add(new OrderLine(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt32(3), Dec(r.GetString(4))));
        var events = new List<TrackingEvent>();
        await using (var cmd = Command(c, "SELECT at, text, text_en FROM shop_tracking_event WHERE order_number = $n ORDER BY seq", tx, ("$n", number)))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) events.Add(new TrackingEvent(DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(0)), r.GetString(1), r.GetString(2)));
        Shipment? shipment = null;
        await using (var cmd = Command(c, "SELECT carrier, carrier_en, tracking, status, shipped_at, expected_at, delivered_at FROM shop_shipment WHERE order_number = $n", tx, ("$n", number)))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            if (await r.ReadAsync(ct))
                shipment = new Shipment(r.GetString(0), r.GetString(1), r.GetString(2), Enum.Parse<ShipmentStatus>(r.GetString(3)),
                    r.IsDBNull(4) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)),
                    DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5)),
                    r.IsDBNull(6) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(6)), events);
        return new Order(number, customer, placed, total, fee, currency, lines, shipment);
    }

    private static string Money(decimal d) => d.ToString(System.Globalization.CultureInfo.InvariantCulture);
    private static decimal Dec(string s) => decimal.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
}

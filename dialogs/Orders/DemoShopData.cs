namespace ComplaintBot.Dialogs.Orders;

/// <summary>
/// The demo shop's fixed data: customers of every tier, a small catalog and 50 orders whose logistics cover
/// every case the complaint flow handles. Dates are offsets from the seeding time, so "delivered 3 days ago"
/// stays true (the store re-seeds when the data gets old). Orders SO10000001–SO10000012 are the named
/// scenarios the tests and the docs use; the rest are a realistic mix.
/// </summary>
public static class DemoShopData
{
    public static readonly IReadOnlyList<Customer> Customers =
    [
        new("cust-001", "王芳", CustomerTier.Gold, "13812345678", "wangfang@example.com"),
        new("cust-002", "李强", CustomerTier.Normal, "13987654321", "liqiang@example.com"),
        new("cust-003", "Emily Carter", CustomerTier.Silver, "15011112222", "emily.carter@example.com"),
        new("cust-004", "张伟", CustomerTier.Vip, "18600001111", "zhangwei@example.com"),
        new("cust-005", "James Miller", CustomerTier.Normal, "13700002222", "james.miller@example.com"),
        new("cust-006", "陈静", CustomerTier.Silver, "13566667777", "chenjing@example.com"),
        new("cust-007", "刘洋", CustomerTier.Normal, "13355556666", "liuyang@example.com"),
        new("cust-008", "Sophia Chen", CustomerTier.Gold, "18822223333", "sophia.chen@example.com"),
        new("cust-009", "赵敏", CustomerTier.Vip, "13633334444", "zhaomin@example.com"),
        new("cust-010", "Daniel Wu", CustomerTier.Normal, "15988889999", "daniel.wu@example.com"),
    ];

    public static readonly IReadOnlyList<Product> Products =
    [
        new("SKU-MUG-01", "陶瓷马克杯", "ceramic mug", 59m, "home", ["马克杯", "杯子", "陶瓷杯", "mug", "cup"]),
        new("SKU-KET-02", "电热水壶", "electric kettle", 199m, "appliance", ["热水壶", "水壶", "烧水壶", "kettle"]),
        new("SKU-HP-03", "无线降噪耳机", "wireless noise-cancelling headphones", 899m, "electronics", ["耳机", "降噪耳机", "headphones", "earphones", "headset"]),
        new("SKU-LAP-04", "轻薄笔记本电脑", "ultralight laptop", 6999m, "electronics", ["笔记本", "电脑", "笔记本电脑", "laptop", "notebook"]),
        new("SKU-TSH-05", "纯棉T恤", "cotton T-shirt", 89m, "apparel", ["T恤", "短袖", "衣服", "t-shirt", "tshirt", "shirt"]),
        new("SKU-SHO-06", "跑步鞋", "running shoes", 459m, "apparel", ["跑鞋", "鞋", "运动鞋", "shoes", "sneakers", "trainers"]),
        new("SKU-BLN-07", "破壁料理机", "high-speed blender", 599m, "appliance", ["料理机", "搅拌机", "破壁机", "blender"]),
        new("SKU-SRM-08", "保湿面霜", "moisturising face cream", 239m, "beauty", ["面霜", "护肤品", "cream", "moisturiser", "moisturizer"]),
        new("SKU-TEA-09", "西湖龙井茶礼盒", "Longjing green tea gift box", 328m, "food", ["龙井", "茶叶", "茶", "tea"]),
        new("SKU-LMP-10", "护眼台灯", "LED desk lamp", 169m, "home", ["台灯", "灯", "lamp", "desk lamp"]),
        new("SKU-PHC-11", "手机壳", "phone case", 39m, "electronics", ["手机壳", "保护壳", "phone case", "case"]),
        new("SKU-BAG-12", "双肩背包", "backpack", 269m, "apparel", ["背包", "书包", "双肩包", "backpack", "bag"]),
        new("SKU-PAN-13", "不粘炒锅", "non-stick wok", 259m, "home", ["炒锅", "锅", "不粘锅", "wok", "pan"]),
        new("SKU-WAT-14", "智能手表", "smart watch", 1299m, "electronics", ["手表", "智能手表", "watch", "smartwatch"]),
        new("SKU-RC-15", "电饭煲", "rice cooker", 399m, "appliance", ["电饭煲", "电饭锅", "rice cooker"]),
        new("SKU-TOY-16", "积木玩具", "building blocks set", 199m, "toys", ["积木", "玩具", "building blocks", "toy", "lego"]),
    ];

    public static readonly IReadOnlyList<(string Zh, string En)> Carriers =
    [
        ("顺丰速运", "SF Express"), ("中通快递", "ZTO Express"), ("京东物流", "JD Logistics"), ("圆通速递", "YTO Express"),
    ];

    /// <summary>One order: customer, lines (sku, qty), shipment status, days since placed, and logistics offsets.</summary>
    public sealed record OrderSpec(string Number, string CustomerId, (string Sku, int Qty)[] Lines, ShipmentStatus Status,
        int PlacedDaysAgo, int? DeliveredDaysAgo, int ExpectedInDays, int Carrier);

    public static IReadOnlyList<OrderSpec> OrderSpecs { get; } = BuildSpecs();

    private static IReadOnlyList<OrderSpec> BuildSpecs()
    {
        var specs = new List<OrderSpec>
        {
            // Named scenarios.
            new("SO10000001", "cust-001", [("SKU-MUG-01", 2)], ShipmentStatus.Delivered, 5, 2, -2, 0),            // damaged on arrival
            new("SO10000002", "cust-002", [("SKU-TSH-05", 1)], ShipmentStatus.Delivered, 6, 3, -3, 1),            // wrong item
            new("SO10000003", "cust-003", [("SKU-KET-02", 1), ("SKU-MUG-01", 2)], ShipmentStatus.Delivered, 4, 1, -1, 2), // missing item
            new("SO10000004", "cust-005", [("SKU-HP-03", 1)], ShipmentStatus.Delayed, 9, null, -4, 1),            // late, carrier
            new("SO10000005", "cust-006", [("SKU-SHO-06", 1)], ShipmentStatus.Lost, 14, null, -8, 3),             // lost parcel
            new("SO10000006", "cust-007", [("SKU-BLN-07", 1)], ShipmentStatus.DamagedInTransit, 5, 1, -1, 1),     // carrier damaged it
            new("SO10000007", "cust-008", [("SKU-KET-02", 1)], ShipmentStatus.Delivered, 6, 3, -3, 0),            // quality, within 7 days
            new("SO10000008", "cust-002", [("SKU-RC-15", 1)], ShipmentStatus.Delivered, 25, 20, -20, 2),          // quality, after 7 days
            new("SO10000009", "cust-010", [("SKU-SRM-08", 1)], ShipmentStatus.Delivered, 8, 5, -5, 0),            // false advertising
            new("SO10000010", "cust-005", [("SKU-WAT-14", 1)], ShipmentStatus.Delivered, 12, 9, -9, 2),           // price dispute
            new("SO10000011", "cust-004", [("SKU-LAP-04", 1)], ShipmentStatus.Delivered, 4, 2, -2, 0),            // VIP, high value
            new("SO10000012", "cust-009", [("SKU-TEA-09", 1)], ShipmentStatus.InTransit, 2, null, 1, 3),          // on its way
        };
        // A realistic mix for the rest: deterministic, so every seeding produces the same shop.
        var statuses = new[] { ShipmentStatus.Delivered, ShipmentStatus.Delivered, ShipmentStatus.InTransit, ShipmentStatus.Delivered, ShipmentStatus.Delayed, ShipmentStatus.Delivered, ShipmentStatus.Pending, ShipmentStatus.Delivered, ShipmentStatus.Lost, ShipmentStatus.DamagedInTransit };
        for (var i = 13; i <= 50; i++)
        {
            var status = statuses[i % statuses.Length];
            var customer = Customers[(i * 7) % Customers.Count].Id;
            var p1 = Products[(i * 5) % Products.Count].Sku;
            var lines = i % 4 == 0 ? new[] { (p1, 1), (Products[(i * 3 + 1) % Products.Count].Sku, 1) } : new[] { (p1, 1 + i % 2) };
            var placed = 2 + (i * 3) % 40;
            int? delivered = status is ShipmentStatus.Delivered or ShipmentStatus.DamagedInTransit ? Math.Max(0, placed - 3) : null;
            var expected = status switch
            {
                ShipmentStatus.Delayed => -(1 + i % 5),
                ShipmentStatus.Lost => -(3 + i % 6),
                ShipmentStatus.InTransit or ShipmentStatus.Pending => 1 + i % 3,
                _ => -(delivered ?? 0),
            };
            specs.Add(new($"SO{10000000 + i}", customer, lines, status, placed, delivered, expected, i % Carriers.Count));
        }
        return specs;
    }

    /// <summary>Shipping fee by order value: free above 99 CNY.</summary>
    public static decimal ShippingFee(decimal goods) => goods >= 99m ? 0m : 10m;

    /// <summary>Builds the full order for a spec at <paramref name="now"/>.</summary>
    public static Order Build(OrderSpec s, DateTimeOffset now)
    {
        var lines = s.Lines.Select(l =>
        {
            var p = Products.First(x => x.Sku == l.Sku);
            return new OrderLine(p.Sku, p.Name, p.NameEn, l.Qty, p.Price);
        }).ToList();
        var goods = lines.Sum(l => l.UnitPrice * l.Quantity);
        var fee = ShippingFee(goods);
        var placed = Day(now, -s.PlacedDaysAgo, 10);
        var (carrier, carrierEn) = Carriers[s.Carrier];
        Shipment shipment;
        {
            var shipped = s.Status == ShipmentStatus.Pending ? (DateTimeOffset?)null : placed.AddDays(1);
            var delivered = s.DeliveredDaysAgo is int d ? Day(now, -d, 15) : (DateTimeOffset?)null;
            var events = new List<TrackingEvent>();
            if (shipped is { } sh)
            {
                events.Add(new(sh, "快件已揽收", "Picked up by the carrier"));
                events.Add(new(sh.AddHours(20), "快件已到达转运中心", "Arrived at the sorting centre"));
            }
            switch (s.Status)
            {
                case ShipmentStatus.Delayed:
                    events.Add(new(Day(now, -2, 9), "因转运中心积压，快件延误", "Delayed by a backlog at the sorting centre"));
                    break;
                case ShipmentStatus.Lost:
                    events.Add(new(Day(now, s.ExpectedInDays - 1, 9), "快件在转运途中", "In transit between centres"));
                    events.Add(new(Day(now, -1, 11), "承运方确认快件丢失", "Carrier confirmed the parcel lost"));
                    break;
                case ShipmentStatus.DamagedInTransit:
                    events.Add(new(delivered!.Value.AddHours(-3), "派送中，外包装破损已登记", "Out for delivery; damaged packaging recorded"));
                    events.Add(new(delivered.Value, "已签收（外包装破损）", "Delivered (packaging damaged)"));
                    break;
                case ShipmentStatus.Delivered:
                    events.Add(new(delivered!.Value.AddHours(-3), "快件派送中", "Out for delivery"));
                    events.Add(new(delivered.Value, "已签收", "Delivered"));
                    break;
                case ShipmentStatus.InTransit:
                    events.Add(new(now.AddHours(-6), "快件运输中", "In transit"));
                    break;
            }
            shipment = new Shipment(carrier, carrierEn, $"{carrierEn[..2].ToUpperInvariant()}{s.Number[2..]}9", s.Status, shipped,
                Day(now, s.ExpectedInDays, 18), delivered, events);
        }
        return new Order(s.Number, s.CustomerId, placed, goods + fee, fee, "CNY", lines, shipment);
    }

    /// <summary>A time of day <paramref name="days"/> from now; past events never land after now.</summary>
    private static DateTimeOffset Day(DateTimeOffset now, int days, int hour)
    {
        var d = now.AddDays(days);
        var at = new DateTimeOffset(d.Year, d.Month, d.Day, hour, 0, 0, d.Offset);
        return days <= 0 && at > now ? now.AddMinutes(-30) : at;
    }
}

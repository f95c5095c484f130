using ComplaintBot.Bot.Stores;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Tests.Complaints;
using ComplaintBot.Tests.Stores;
using ComplaintBot.Tests.Support;

namespace ComplaintBot.Tests.Dashboard;

/// <summary>
/// The dashboard aggregates of every <see cref="ICaseStore"/> on <see cref="DashboardSeed"/>: exact figures, and the
/// SQL stores agreeing with the in-memory store's reference computation.
/// </summary>
public abstract class CaseStatisticsContractTests
{
    protected readonly ManualClock Clock = new(DashboardSeed.Now);

    protected abstract ICaseStore CreateStore(TimeProvider clock);

    private async Task<ICaseStore> SeededAsync()
    {
        var store = CreateStore(Clock);
        await DashboardSeed.SeedAsync(store);
        return store;
    }

    private static void AssertCounts(IReadOnlyDictionary<string, int> actual, params (string Key, int Count)[] expected)
        => Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal).ToList(),
            actual.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value)).ToList());

    [ContractFact]
    public async Task Todays_figures_count_only_cases_created_since_local_midnight()
    {
        var s = await (await SeededAsync()).GetStatisticsAsync(DashboardSeed.Today);

        Assert.Equal((4, 2, 2), (s.Total, s.Open, s.Resolved));
        AssertCounts(s.ByCategory, ("Logistics", 2), ("PriceDispute", 1), ("ProductQuality", 1));
        AssertCounts(s.ByResponsibility, ("Merchant", 1), ("Mixed", 1), ("ThirdParty", 2));
        AssertCounts(s.ByPriority, ("High", 1), ("Normal", 2), ("Urgent", 1));
        Assert.Equal(2, s.FirstResponseBreaches); // B answered late, C not answered by 10:00
        Assert.Equal(0, s.ResolutionBreaches);
        Assert.Equal(2, s.ResolutionCount);
        Assert.Equal(85, s.MedianResolutionMinutes!.Value, 3);
        Assert.Equal(89, s.P90ResolutionMinutes!.Value, 3);
        Assert.Equal(3.5, s.AverageCsat!.Value, 6);
        Assert.Equal(2, s.CsatResponses);
        Assert.Equal(2, s.Escalated);
        AssertCounts(s.EscalationTriggers, ("policy:anger", 1), ("policy:threat", 1));
        Assert.Equal(new Dictionary<DateOnly, int> { [new DateOnly(2026, 11, 24)] = 4 }, s.CreatedPerDay);
    }

    [ContractFact]
    public async Task Seven_day_figures_include_breaches_percentiles_escalation_reasons_and_the_daily_series()
    {
        var s = await (await SeededAsync()).GetStatisticsAsync(DashboardSeed.Week);

        Assert.Equal((7, 4, 3), (s.Total, s.Open, s.Resolved));
        AssertCounts(s.ByCategory, ("Logistics", 2), ("PriceDispute", 1), ("ProductQuality", 1), ("ServiceAttitude", 1),
            ("Unclassified", 1), ("WrongOrMissingItem", 1));
        AssertCounts(s.ByResponsibility, ("Merchant", 3), ("Mixed", 1), ("ThirdParty", 2), ("Unknown", 1));
        AssertCounts(s.ByPriority, ("High", 2), ("Normal", 4), ("Urgent", 1));
        Assert.Equal(4, s.FirstResponseBreaches); // B, C, E, F
        Assert.Equal(1, s.ResolutionBreaches);    // E, open past its deadline
        Assert.Equal(3, s.ResolutionCount);
        Assert.Equal(90, s.MedianResolutionMinutes!.Value, 3);
        Assert.Equal(306, s.P90ResolutionMinutes!.Value, 3); // 90 + 0.8 × (360 − 90)
        Assert.Equal(11.0 / 3, s.AverageCsat!.Value, 6);
        Assert.Equal(3, s.CsatResponses);
        Assert.Equal(4, s.Escalated);
        AssertCounts(s.EscalationTriggers, ("human-request", 1), ("other", 1), ("policy:anger", 1), ("policy:threat", 1));
        Assert.Equal(new Dictionary<DateOnly, int>
        {
            [new DateOnly(2026, 11, 20)] = 1, [new DateOnly(2026, 11, 21)] = 1, [new DateOnly(2026, 11, 23)] = 1, [new DateOnly(2026, 11, 24)] = 4,
        }, s.CreatedPerDay);
    }

    [ContractFact]
    public async Task Thirty_day_figures_add_the_older_case_and_leave_out_the_one_before()
    {
        var s = await (await SeededAsync()).GetStatisticsAsync(DashboardSeed.Month);

        Assert.Equal((8, 4, 4), (s.Total, s.Open, s.Resolved));
        AssertCounts(s.ByPriority, ("High", 2), ("Low", 1), ("Normal", 4), ("Urgent", 1));
        Assert.Equal(225, s.MedianResolutionMinutes!.Value, 3);  // (90 + 360) / 2
        Assert.Equal(1116, s.P90ResolutionMinutes!.Value, 3);   // 360 + 0.7 × (1440 − 360)
        Assert.Equal(3.5, s.AverageCsat!.Value, 6);
        Assert.Equal(4, s.CsatResponses);
        Assert.Equal(5, s.CreatedPerDay.Count);
    }

    [ContractFact]
    public async Task An_enquiry_handed_to_a_person_is_not_counted_as_a_complaint()
    {
        var store = CreateStore(Clock);
        await store.CreateAsync(DashboardSeed.Enquiry);
        var s = await store.GetStatisticsAsync(DashboardSeed.Today);
        Assert.Equal((0, 0, 0, 0, 0, 0), (s.Total, s.Open, s.FirstResponseBreaches, s.Escalated, s.CsatResponses, s.CreatedPerDay.Count));
        Assert.Empty(s.ByPriority);
    }

    [ContractFact]
    public async Task An_empty_period_has_zero_counts_and_no_averages()
    {
        var s = await CreateStore(Clock).GetStatisticsAsync(DashboardSeed.Week);
        Assert.Equal((0, 0, 0, 0, 0), (s.Total, s.Open, s.Resolved, s.FirstResponseBreaches, s.Escalated));
        Assert.Null(s.MedianResolutionMinutes);
        Assert.Null(s.AverageCsat);
        Assert.Empty(s.ByCategory);
        Assert.Empty(s.CreatedPerDay);
    }

    [ContractFact]
    public async Task Complaints_per_product_are_counted_by_sku_else_by_product_name()
    {
        var store = await SeededAsync();
        var since = DashboardSeed.Now.AddHours(-24);

        var all = await store.CountByProductSinceAsync(since, 1);
        Assert.Equal([("SKU-BLENDER", 3), ("SKU-KETTLE", 1), ("name:Rice cooker", 1)], all.Select(p => (p.Key, p.Count)));
        var blender = all[0];
        Assert.Equal(("SKU-BLENDER", "破壁料理机"), (blender.Sku, blender.ProductName));
        Assert.Equal(DashboardSeed.Local(24, 8, 0), blender.FirstAt);
        Assert.Equal(DashboardSeed.Local(24, 9, 0), blender.LastAt);
        Assert.Null(all[2].Sku);

        Assert.Equal(["SKU-BLENDER"], (await store.CountByProductSinceAsync(since, 3)).Select(p => p.Key));
        Assert.Empty(await store.CountByProductSinceAsync(since, 4));
    }

    [ContractFact]
    public async Task Aggregates_agree_with_the_in_memory_reference_for_every_period()
    {
        var store = await SeededAsync();
        var reference = new InMemoryCaseStore(Clock);
        await DashboardSeed.SeedAsync(reference);

        foreach (var q in new[] { DashboardSeed.Today, DashboardSeed.Week, DashboardSeed.Month })
        {
            var expected = await reference.GetStatisticsAsync(q);
            var actual = await store.GetStatisticsAsync(q);
            Assert.Equal(Flatten(expected), Flatten(actual));
        }
    }

    private static readonly CaseStatisticsQuery[] DaylightSavingPeriods =
    [
        DaylightSavingSeed.BerlinSpring, DaylightSavingSeed.BerlinAutumn, DaylightSavingSeed.NewYorkSpring, DaylightSavingSeed.NewYorkAutumn,
    ];

    private static string Daily(IReadOnlyDictionary<DateOnly, int> d) => string.Join(",", d.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key:yyyy-MM-dd}={kv.Value}"));

    [ContractFact]
    public async Task Daily_buckets_use_each_days_own_offset_across_daylight_saving_changes()
    {
        var store = CreateStore(Clock);
        await DaylightSavingSeed.SeedAsync(store);

        foreach (var q in DaylightSavingPeriods)
        {
            var s = await store.GetStatisticsAsync(q);
            Assert.Equal(Daily(DaylightSavingSeed.ExpectedDaily(q)), Daily(s.CreatedPerDay));
            Assert.Equal(s.Total, s.CreatedPerDay.Values.Sum());
        }
        // Spot checks written out: 00:30 CET on 29 Mar (23:30 UTC the day before) is the 29th although "now" is CEST;
        // 00:30 CEST on 25 Oct is the 25th although "now" is CET.
        var spring = await store.GetStatisticsAsync(DaylightSavingSeed.BerlinSpring);
        Assert.Equal("2026-03-27=1,2026-03-28=1,2026-03-29=3,2026-03-30=1,2026-03-31=1", Daily(spring.CreatedPerDay));
        var autumn = await store.GetStatisticsAsync(DaylightSavingSeed.BerlinAutumn);
        Assert.Equal("2026-10-24=1,2026-10-25=4,2026-10-26=1", Daily(autumn.CreatedPerDay));
    }

    [ContractFact]
    public async Task Daylight_saving_daily_buckets_agree_with_the_in_memory_reference()
    {
        var store = CreateStore(Clock);
        await DaylightSavingSeed.SeedAsync(store);
        var reference = new InMemoryCaseStore(Clock);
        await DaylightSavingSeed.SeedAsync(reference);

        foreach (var q in DaylightSavingPeriods)
            Assert.Equal(Flatten(await reference.GetStatisticsAsync(q)), Flatten(await store.GetStatisticsAsync(q)));
    }

    private static string Flatten(CaseStatistics s) => string.Join("; ",
        $"{s.Total}/{s.Open}/{s.Resolved}", Dict(s.ByCategory), Dict(s.ByResponsibility), Dict(s.ByPriority),
        $"breaches {s.FirstResponseBreaches}/{s.ResolutionBreaches}",
        $"resolution {s.ResolutionCount} {s.MedianResolutionMinutes:0.###} {s.P90ResolutionMinutes:0.###}",
        $"csat {s.AverageCsat:0.######} {s.CsatResponses}", $"escalated {s.Escalated} {Dict(s.EscalationTriggers)}",
        string.Join(",", s.CreatedPerDay.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key:yyyy-MM-dd}={kv.Value}")));

    private static string Dict(IReadOnlyDictionary<string, int> d) => string.Join(",", d.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
}

public sealed class InMemoryCaseStatisticsTests : CaseStatisticsContractTests
{
    protected override ICaseStore CreateStore(TimeProvider clock) => new InMemoryCaseStore(clock);
}

public sealed class SqliteCaseStatisticsTests : CaseStatisticsContractTests, IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "cb-stats-" + Guid.NewGuid().ToString("N"));
    private readonly List<SqliteDatabase> _databases = new();

    protected override ICaseStore CreateStore(TimeProvider clock)
    {
        var db = new SqliteDatabase(Path.Combine(_dir, $"bot{_databases.Count + 1}.db"));
        _databases.Add(db);
        return new SqliteCaseStore(db, clock);
    }

    public void Dispose()
    {
        foreach (var db in _databases) db.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}

[RequiresPostgres]
public sealed class PostgresCaseStatisticsTests : CaseStatisticsContractTests, IAsyncLifetime
{
    private readonly List<PostgresTestSchema> _schemas = new();

    protected override ICaseStore CreateStore(TimeProvider clock)
    {
        var schema = new PostgresTestSchema();
        _schemas.Add(schema);
        return new PostgresCaseStore(schema.NewInstance(), clock);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var s in _schemas) await s.DisposeAsync();
    }
}

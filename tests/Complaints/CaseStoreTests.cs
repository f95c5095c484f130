using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Tests.Support;

namespace ComplaintBot.Tests.Complaints;

/// <summary>
/// The <see cref="ICaseStore"/> contract every provider passes (memory, SQLite, PostgreSQL): subclass it and
/// implement <see cref="CreateStore"/>. Tests are <c>[ContractFact]</c>, so a <c>[RequiresPostgres]</c> subclass
/// skips them visibly without a server.
/// </summary>
public abstract class CaseStoreContractTests
{
    protected readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 24, 9, 30, 0, TimeSpan.Zero));

    /// <summary>A store with no cases yet, reading the time from <paramref name="clock"/>.</summary>
    protected abstract ICaseStore CreateStore(TimeProvider clock);

    private static Case Draft(string conversation, string? customer = null, string? sku = null, string channel = "test") => new()
    {
        ConversationId = conversation, ChannelId = channel, CustomerId = customer, ProductSku = sku, Locale = "zh-CN",
        Facts = { Problem = "Damaged", Wish = "Exchange" },
    };

    [ContractFact]
    public async Task Case_numbers_are_dated_and_sequential_per_day()
    {
        var store = CreateStore(_clock);
        var a = await store.CreateAsync(Draft("conv-1"));
        var b = await store.CreateAsync(Draft("conv-2"));
        _clock.Advance(TimeSpan.FromDays(1));
        var c = await store.CreateAsync(Draft("conv-3"));
        Assert.Equal("C20261124-0001", a.Number);
        Assert.Equal("C20261124-0002", b.Number);
        Assert.Equal("C20261125-0001", c.Number);
        Assert.Single(a.History);
        Assert.Equal(CaseStatus.Open, a.History[0].Status);
    }

    [ContractFact]
    public async Task Saved_case_round_trips_with_history_remedies_and_csat()
    {
        var store = CreateStore(_clock);
        var c = await store.CreateAsync(Draft("conv-1", "cust-9", "SKU-1"));
        c.Category = ComplaintCategory.ProductQuality;
        c.Priority = CasePriority.High;
        c.Apply(CaseTransition.Clarify, _clock.GetUtcNow());
        c.RemediesOffered.Add(new RemedyOffer("Exchange", null, "7-day return", _clock.GetUtcNow()));
        c.RemediesRefused.Add("Exchange");
        c.RemedyChosen = "ReturnRefund";
        c.Csat = 4;
        await store.SaveAsync(c);

        var read = await store.GetAsync(c.Number);
        Assert.NotNull(read);
        Assert.Equal(ComplaintCategory.ProductQuality, read!.Category);
        Assert.Equal(CasePriority.High, read.Priority);
        Assert.Equal([CaseStatus.Open, CaseStatus.Clarifying], read.History.Select(h => h.Status));
        Assert.Equal("Exchange", read.RemediesOffered.Single().Kind);
        Assert.Equal("ReturnRefund", read.RemedyChosen);
        Assert.Equal(4, read.Csat);
        Assert.Equal("test/conv-1", read.TranscriptRef);
    }

    [ContractFact]
    public async Task Saving_a_stale_copy_is_a_conflict_not_a_lost_update()
    {
        var store = CreateStore(_clock);
        var c = await store.CreateAsync(Draft("conv-1"));
        var first = (await store.GetAsync(c.Number))!;
        var second = (await store.GetAsync(c.Number))!;
        first.Csat = 5;
        await store.SaveAsync(first);
        second.Csat = 1;
        await Assert.ThrowsAsync<CaseConflictException>(() => store.SaveAsync(second));
        Assert.Equal(5, (await store.GetAsync(c.Number))!.Csat);
    }

    [ContractFact]
    public async Task Open_case_is_found_by_customer_first_then_by_conversation_and_closed_ones_are_not()
    {
        var store = CreateStore(_clock);
        var old = await store.CreateAsync(Draft("conv-old", "cust-1"));
        _clock.Advance(TimeSpan.FromMinutes(5));
        var other = await store.CreateAsync(Draft("conv-anon"));

        Assert.Equal(old.Number, (await store.FindOpenAsync("cust-1", "test", "conv-new"))?.Number);
        Assert.Equal(other.Number, (await store.FindOpenAsync(null, "test", "conv-anon"))?.Number);
        Assert.Null(await store.FindOpenAsync("cust-2", "test", "conv-new"));

        old.Apply(CaseTransition.Withdraw, _clock.GetUtcNow());
        await store.SaveAsync(old);
        Assert.Null(await store.FindOpenAsync("cust-1", "test", "conv-new"));
    }

    [ContractFact]
    public async Task An_open_case_is_found_by_its_conversation_only_on_the_channel_that_opened_it()
    {
        var store = CreateStore(_clock);
        var shop = await store.CreateAsync(Draft("conv-shared", channel: "directline"));

        Assert.Equal(shop.Number, (await store.FindOpenAsync(null, "directline", "conv-shared"))?.Number);
        Assert.Null(await store.FindOpenAsync(null, "emulator", "conv-shared"));
    }

    [ContractFact]
    public async Task Open_cases_are_counted_per_sku_and_queries_filter_by_status()
    {
        var store = CreateStore(_clock);
        var a = await store.CreateAsync(Draft("c1", sku: "SKU-9"));
        await store.CreateAsync(Draft("c2", sku: "SKU-9"));
        await store.CreateAsync(Draft("c3", sku: "SKU-1"));
        a.Apply(CaseTransition.Escalate, _clock.GetUtcNow(), "anger");
        await store.SaveAsync(a);

        Assert.Equal(2, await store.CountOpenBySkuAsync("SKU-9"));
        Assert.Equal(1, await store.CountOpenBySkuAsync("SKU-9", exceptNumber: a.Number));
        var escalated = await store.QueryAsync(new CaseQuery(Statuses: [CaseStatus.Escalated]));
        Assert.Equal(a.Number, Assert.Single(escalated).Number);
        Assert.Equal(3, (await store.QueryAsync(new CaseQuery())).Count);
    }

    [ContractFact]
    public async Task A_save_that_changes_the_customer_product_or_status_moves_the_case_in_the_lookups_and_one_that_does_not_keeps_it()
    {
        var store = CreateStore(_clock);
        var c = await store.CreateAsync(Draft("conv-move", sku: "SKU-1"));
        c.CustomerId = "cust-9";
        c.ProductSku = "SKU-9";
        await store.SaveAsync(c);
        Assert.Equal(c.Number, (await store.FindOpenAsync("cust-9", "test", "elsewhere"))?.Number);
        Assert.Equal((0, 1), (await store.CountOpenBySkuAsync("SKU-1"), await store.CountOpenBySkuAsync("SKU-9")));

        c.Facts.Description = "the handle came off too";
        await store.SaveAsync(c);
        var fresh = (await store.GetAsync(c.Number))!;
        Assert.Equal(("the handle came off too", "cust-9", "SKU-9"), (fresh.Facts.Description, fresh.CustomerId, fresh.ProductSku));
        Assert.Equal(c.Number, (await store.FindOpenAsync("cust-9", "test", "elsewhere"))?.Number);

        fresh.Apply(CaseTransition.Withdraw, _clock.GetUtcNow());
        await store.SaveAsync(fresh);
        Assert.Null(await store.FindOpenAsync("cust-9", "test", "conv-move"));
        Assert.Equal(0, await store.CountOpenBySkuAsync("SKU-9"));
        Assert.Equal(c.Number, Assert.Single(await store.QueryAsync(new CaseQuery(CustomerId: "cust-9", Statuses: [fresh.Status]))).Number);
    }

    [ContractFact]
    public async Task Follow_ups_are_due_by_their_pending_time_earliest_first_and_a_finished_one_is_no_longer_due()
    {
        var store = CreateStore(_clock);
        var now = _clock.GetUtcNow();
        var later = await store.CreateAsync(Draft("conv-later"));
        var sooner = await store.CreateAsync(Draft("conv-sooner"));
        await store.CreateAsync(Draft("conv-none"));
        later.FollowUp = new CaseFollowUp { PendingAt = CaseFollowUp.Key(now.AddHours(2)) };
        await store.SaveAsync(later);
        sooner.FollowUp = new CaseFollowUp { PendingAt = CaseFollowUp.Key(now.AddHours(1)) };
        await store.SaveAsync(sooner);

        Assert.Empty(await store.DueFollowUpsAsync(now.AddMinutes(59), 10));
        Assert.Equal([sooner.Number, later.Number], (await store.DueFollowUpsAsync(now.AddHours(3), 10)).Select(c => c.Number));

        sooner.FollowUp!.PendingAt = null; // sent
        await store.SaveAsync(sooner);
        Assert.Equal([later.Number], (await store.DueFollowUpsAsync(now.AddHours(3), 10)).Select(c => c.Number));
    }

    [ContractFact]
    public async Task The_open_count_of_a_sku_stops_at_the_cap_asked_for()
    {
        var store = CreateStore(_clock);
        var first = await store.CreateAsync(Draft("c0", sku: "SKU-5"));
        for (var i = 1; i < 5; i++) await store.CreateAsync(Draft("c" + i, sku: "SKU-5"));

        Assert.Equal(3, await store.CountOpenBySkuAsync("SKU-5", atMost: 3));
        Assert.Equal(5, await store.CountOpenBySkuAsync("SKU-5", atMost: 9));
        Assert.Equal(4, await store.CountOpenBySkuAsync("SKU-5", first.Number, atMost: 9));
    }

    [ContractFact]
    public async Task A_customers_cases_are_found_by_id_phone_digits_or_order_number_and_deleted_by_number()
    {
        var store = CreateStore(_clock);
        var byId = Draft("conv-a", "cust-7");
        byId.ContactPhone = "+86 139-1234-5678";
        var mine = await store.CreateAsync(byId);
        var byOrder = Draft("conv-b");
        byOrder.OrderNumber = "SO20261120001";
        var ordered = await store.CreateAsync(byOrder);
        var someoneElse = Draft("conv-c", "cust-8");
        someoneElse.ContactPhone = "13800000000";
        var other = await store.CreateAsync(someoneElse);

        Assert.Equal(mine.Number, Assert.Single(await store.FindForCustomerAsync(new CustomerKey(CustomerKeyKind.CustomerId, "cust-7"))).Number);
        Assert.Equal(mine.Number, Assert.Single(await store.FindForCustomerAsync(new CustomerKey(CustomerKeyKind.Phone, "13912345678"))).Number);
        Assert.Equal(mine.Number, Assert.Single(await store.FindForCustomerAsync(new CustomerKey(CustomerKeyKind.Phone, "+86 139 1234 5678"))).Number);
        Assert.Equal(ordered.Number, Assert.Single(await store.FindForCustomerAsync(new CustomerKey(CustomerKeyKind.OrderNumber, "so20261120001"))).Number);
        Assert.Empty(await store.FindForCustomerAsync(new CustomerKey(CustomerKeyKind.Phone, "13700000000")));

        Assert.Equal(2, await store.DeleteAsync([mine.Number, ordered.Number, "C19990101-0001"]));
        Assert.Null(await store.GetAsync(mine.Number));
        Assert.Null(await store.GetAsync(ordered.Number));
        Assert.NotNull(await store.GetAsync(other.Number));
    }

    [ContractFact]
    public async Task Retention_deletes_closed_cases_untouched_since_the_cutoff_and_keeps_open_and_recent_ones()
    {
        var store = CreateStore(_clock);
        var oldClosed = await store.CreateAsync(Draft("c1"));
        oldClosed.Apply(CaseTransition.Withdraw, _clock.GetUtcNow());
        await store.SaveAsync(oldClosed);
        var oldOpen = await store.CreateAsync(Draft("c2"));
        _clock.Advance(TimeSpan.FromDays(30));
        var recentClosed = await store.CreateAsync(Draft("c3"));
        recentClosed.Apply(CaseTransition.Withdraw, _clock.GetUtcNow());
        await store.SaveAsync(recentClosed);

        Assert.Equal(1, await store.DeleteClosedBeforeAsync(_clock.GetUtcNow().AddDays(-10)));
        Assert.Null(await store.GetAsync(oldClosed.Number));
        Assert.NotNull(await store.GetAsync(oldOpen.Number));
        Assert.NotNull(await store.GetAsync(recentClosed.Number));
    }
}

public sealed class InMemoryCaseStoreContractTests : CaseStoreContractTests
{
    protected override ICaseStore CreateStore(TimeProvider clock) => new InMemoryCaseStore(clock);
}

public sealed class SqliteCaseStoreContractTests : CaseStoreContractTests, IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "cb-cases-" + Guid.NewGuid().ToString("N"));

    protected override ICaseStore CreateStore(TimeProvider clock) => new SqliteCaseStore(new SqliteDatabase(Path.Combine(_dir, "bot.db")), clock);

    [Fact]
    public async Task A_save_that_changes_only_the_document_sets_no_indexed_column()
    {
        // SQLite rewrites the entries of every index on a column the UPDATE names, changed or not: naming them all made
        // each save of the flow rewrite nine index entries (32 KB into the WAL instead of 8 KB in a test of the same table).
        var db = new SqliteDatabase(Path.Combine(_dir, "doc.db"));
        var store = new SqliteCaseStore(db, new ManualClock(DateTimeOffset.UtcNow));
        var c = await store.CreateAsync(new Case { ConversationId = "conv-doc", ChannelId = "test", CustomerId = "cust-1", ProductSku = "SKU-1" });
        var statements = new System.Collections.Concurrent.ConcurrentQueue<string>();
        db.StatementObserver = statements.Enqueue;

        c.Facts.Description = "the handle came off";
        await store.SaveAsync(c);
        c.Apply(CaseTransition.Withdraw, DateTimeOffset.UtcNow);
        await store.SaveAsync(c);
        db.StatementObserver = null;

        var updates = statements.Where(s => s.StartsWith("UPDATE complaint_case", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, updates.Count);
        foreach (var column in new[] { "status =", "customer_id =", "sku =", "conversation_id =" })
        {
            Assert.DoesNotContain(column, updates[0]);
            Assert.Contains(column, updates[1]); // the status changed: the open-case indexes must follow
        }
    }

    [Fact]
    public async Task No_index_reads_the_case_document_so_a_save_never_parses_it_in_sqlite()
    {
        // An index over json_extract(json, …) made SQLite parse the old and the new document on every case save
        // (37 → 26 µs and 8 → 4 KB of WAL per save measured with a plain column instead).
        var path = Path.Combine(_dir, "plain.db");
        var store = new SqliteCaseStore(new SqliteDatabase(path), _clock);
        await store.CreateAsync(new Case { ConversationId = "conv-1", ChannelId = "test" });

        Assert.Empty(IndexesOverTheDocument(path));
    }

    [Fact]
    public async Task A_store_made_by_the_old_schema_opens_with_its_pending_follow_ups_still_found()
    {
        var path = Path.Combine(_dir, "old.db");
        Directory.CreateDirectory(_dir);
        var now = _clock.GetUtcNow();
        using (var old = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            old.Open();
            using var ddl = old.CreateCommand();
            // The schema as stores created before 2026-12-08 have it: the follow-up indexed by an expression over the document.
            ddl.CommandText = """
                CREATE TABLE complaint_case_counter (day TEXT PRIMARY KEY, last INTEGER NOT NULL);
                CREATE TABLE complaint_case (number TEXT PRIMARY KEY, version INTEGER NOT NULL, conversation_id TEXT NOT NULL,
                    customer_id TEXT, status TEXT NOT NULL, sku TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, json TEXT NOT NULL);
                CREATE INDEX ix_complaint_case_follow_up ON complaint_case(json_extract(json, '$.followUp.pendingAt'));
                INSERT INTO complaint_case_counter VALUES ('20261124', 3);
                """;
            ddl.ExecuteNonQuery();
            foreach (var (number, pendingAt) in new[] { ("C20261124-0001", (long?)CaseFollowUp.Key(now.AddHours(5))), ("C20261124-0002", CaseFollowUp.Key(now.AddHours(1))), ("C20261124-0003", null) })
            {
                var c = new Case { Number = number, Version = 1, ConversationId = "conv-" + number, ChannelId = "test", CreatedAt = now, UpdatedAt = now };
                if (pendingAt is not null) c.FollowUp = new CaseFollowUp { PendingAt = pendingAt };
                using var insert = old.CreateCommand();
                insert.CommandText = "INSERT INTO complaint_case VALUES ($n, 1, $conv, NULL, 'Open', NULL, $at, $at, $json)";
                insert.Parameters.AddWithValue("$n", number);
                insert.Parameters.AddWithValue("$conv", c.ConversationId);
                insert.Parameters.AddWithValue("$at", now.ToUnixTimeMilliseconds());
                insert.Parameters.AddWithValue("$json", CaseJson.Serialize(c));
                insert.ExecuteNonQuery();
            }
        }

        var store = new SqliteCaseStore(new SqliteDatabase(path), _clock);

        Assert.Equal(["C20261124-0002", "C20261124-0001"], (await store.DueFollowUpsAsync(now.AddHours(6), 10)).Select(c => c.Number));
        Assert.Empty(IndexesOverTheDocument(path));
        var sent = (await store.GetAsync("C20261124-0002"))!;
        sent.FollowUp!.PendingAt = null;
        await store.SaveAsync(sent);
        Assert.Equal(["C20261124-0001"], (await store.DueFollowUpsAsync(now.AddHours(6), 10)).Select(c => c.Number));
        Assert.Equal("C20261124-0004", (await store.CreateAsync(new Case { ConversationId = "conv-new", ChannelId = "test" })).Number);
    }

    private static List<string> IndexesOverTheDocument(string path)
    {
        using var conn = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'complaint_case' AND sql LIKE '%json%'";
        using var r = cmd.ExecuteReader();
        var names = new List<string>();
        while (r.Read()) names.Add(r.GetString(0));
        return names;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}

/// <summary>A TimeProvider tests move by hand (no sleeping, no timed assertions).</summary>
/// <summary>A clock the test moves; safe to read from a host's background services while the test advances it.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long _utcTicks = start.UtcTicks;
    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);
    public void Advance(TimeSpan by) => Interlocked.Add(ref _utcTicks, by.Ticks);
    public void Set(DateTimeOffset at) => Interlocked.Exchange(ref _utcTicks, at.UtcTicks);
}

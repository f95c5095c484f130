using System.Collections.Concurrent;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Handoff;
using ComplaintBot.Dialogs.State;
using SQLitePCL;
using Xunit.Abstractions;

namespace ComplaintBot.Tests.Performance;

/// <summary>
/// The per-turn lookups of the SQLite stores do the same work however many cases the file holds. Measured as SQLite's
/// own count of virtual-machine steps for each statement a lookup ran (<c>SQLITE_STMTSTATUS_VM_STEP</c>), not as time:
/// a statement that scans or sorts every matching row takes steps in proportion to them, an index seek does not.
/// </summary>
public sealed class StoreSizeTests(ITestOutputHelper output) : IDisposable
{
    private const int StmtStatusVmStep = 4;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "cb-size-" + Guid.NewGuid().ToString("N"));

    /// <summary>A store whose one customer and one SKU have <paramref name="cases"/> open cases, each in its own conversation.</summary>
    private async Task<(SqliteDatabase Db, SqliteCaseStore Store)> SeededAsync(string name, int cases)
    {
        var db = new SqliteDatabase(Path.Combine(_dir, name + ".db"));
        var store = new SqliteCaseStore(db);
        for (var start = 0; start < cases; start += 500)
            await Task.WhenAll(Enumerable.Range(start, Math.Min(500, cases - start)).Select(i => store.CreateAsync(new Case
            {
                ConversationId = "seed-" + i, ChannelId = "webchat", CustomerId = "regular", ProductSku = "SKU-POPULAR", Locale = "en-US",
                Facts = { Problem = "Damaged", Wish = "Exchange" },
            })));
        // The turn's own conversation and case, created last (the newest).
        await store.CreateAsync(new Case { ConversationId = "mine", ChannelId = "webchat", CustomerId = "regular", ProductSku = "SKU-POPULAR", Locale = "en-US" });
        return (db, store);
    }

    /// <summary>The statements <paramref name="lookup"/> ran (their text with the values filled in) and SQLite's steps for each.</summary>
    private static async Task<List<(string Sql, long Steps)>> StepsAsync(SqliteDatabase db, Func<Task> lookup)
    {
        var seen = new ConcurrentQueue<string>();
        db.StatementObserver = seen.Enqueue;
        try { await lookup(); }
        finally { db.StatementObserver = null; }

        raw.sqlite3_open_v2(db.Path, out var handle, raw.SQLITE_OPEN_READONLY, null);
        using var _ = handle;
        var result = new List<(string, long)>();
        foreach (var sql in seen.Where(s => s.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)))
        {
            Assert.Equal(raw.SQLITE_OK, raw.sqlite3_prepare_v2(handle, sql, out var stmt));
            using (stmt)
            {
                while (raw.sqlite3_step(stmt) == raw.SQLITE_ROW) { }
                result.Add((sql, raw.sqlite3_stmt_status(stmt, StmtStatusVmStep, 0)));
            }
        }
        return result;
    }

    [Fact]
    public async Task Finding_the_open_case_and_counting_a_skus_open_cases_take_the_same_steps_with_5000_cases_stored()
    {
        var (smallDb, small) = await SeededAsync("small", 20);
        var (bigDb, big) = await SeededAsync("big", 5000);
        using var _s = smallDb;
        using var _b = bigDb;

        var lookups = new (string Name, Func<SqliteCaseStore, Task> Run)[]
        {
            ("open case of the customer", s => s.FindOpenAsync("regular", "webchat", "mine")),
            ("open case of the conversation", s => s.FindOpenAsync(null, "webchat", "mine")),
            ("open cases on the SKU (batch impact)", s => s.CountOpenBySkuAsync("SKU-POPULAR", "C00000000-0000", atMost: 9)),
        };
        foreach (var (name, run) in lookups)
        {
            var few = await StepsAsync(smallDb, () => run(small));
            var many = await StepsAsync(bigDb, () => run(big));
            Assert.NotEmpty(few);
            Assert.Equal(few.Count, many.Count);
            for (var i = 0; i < few.Count; i++)
            {
                output.WriteLine($"{name}: {few[i].Steps} steps with 21 cases, {many[i].Steps} with 5001: {many[i].Sql}");
                // An index seek costs a few steps more in a deeper tree; a scan of 5000 rows costs thousands.
                Assert.True(many[i].Steps <= few[i].Steps * 2 + 50,
                    $"{name}: {many[i].Steps} steps with 5001 cases against {few[i].Steps} with 21: {many[i].Sql}");
            }
        }

        // The answers themselves: the newest open case is the turn's own, and the count stopped at its cap.
        Assert.Equal("mine", (await big.FindOpenAsync("regular", "webchat", "mine"))!.ConversationId);
        Assert.Equal(9, await big.CountOpenBySkuAsync("SKU-POPULAR", atMost: 9));
    }

    [Fact]
    public async Task The_queue_length_is_counted_without_reading_any_entry()
    {
        using var db = new SqliteDatabase(Path.Combine(_dir, "queue.db"));
        var store = new SqliteHandoffStore(db);
        var now = DateTimeOffset.UtcNow;
        await Task.WhenAll(Enumerable.Range(0, 300).Select(i => store.TrySaveAsync(new HandoffEntry
        {
            ConversationId = "q-" + i, Owner = i % 3 == 0 ? ConversationOwner.Agent("alice") : ConversationOwner.Queued,
            Priority = 2, EscalatedAt = now.AddMinutes(-i), Reason = "test",
        })));

        var statements = new ConcurrentQueue<string>();
        db.StatementObserver = statements.Enqueue;
        var length = await store.QueueLengthAsync();
        db.StatementObserver = null;

        Assert.Equal(200, length);
        Assert.DoesNotContain(statements, s => s.Contains("json", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>SQLite's plan for each statement <paramref name="run"/> executed, one line per plan step.</summary>
    private static async Task<List<string>> PlansAsync(SqliteDatabase db, Func<Task> run)
    {
        var seen = new ConcurrentQueue<string>();
        db.StatementObserver = seen.Enqueue;
        try { await run(); }
        finally { db.StatementObserver = null; }

        raw.sqlite3_open_v2(db.Path, out var handle, raw.SQLITE_OPEN_READONLY, null);
        using var _ = handle;
        var plans = new List<string>();
        foreach (var sql in seen.Where(s => s.TrimStart().StartsWith("DELETE", StringComparison.OrdinalIgnoreCase)))
        {
            Assert.Equal(raw.SQLITE_OK, raw.sqlite3_prepare_v2(handle, "EXPLAIN QUERY PLAN " + sql, out var stmt));
            using (stmt)
                while (raw.sqlite3_step(stmt) == raw.SQLITE_ROW) plans.Add(raw.sqlite3_column_text(stmt, 3).utf8_to_string() + " :: " + sql);
        }
        return plans;
    }

    [Fact]
    public async Task The_retention_sweep_finds_old_transcript_rows_and_closed_cases_by_index_not_by_reading_every_row()
    {
        // The sweep runs inside the writer's transaction: a scan of millions of transcript rows would hold every turn's commit.
        using var db = new SqliteDatabase(Path.Combine(_dir, "retention.db"));
        var transcripts = new SqliteTranscriptStore(db);
        var cases = new SqliteCaseStore(db);
        var cutoff = DateTimeOffset.UtcNow.AddDays(-30);

        var plans = await PlansAsync(db, () => transcripts.DeleteBeforeAsync(cutoff));
        plans.AddRange(await PlansAsync(db, () => cases.DeleteClosedBeforeAsync(cutoff)));

        Assert.Equal(2, plans.Count(p => p.Contains("DELETE", StringComparison.OrdinalIgnoreCase)));
        foreach (var plan in plans)
        {
            output.WriteLine(plan);
            Assert.StartsWith("SEARCH", plan);
            Assert.Contains("USING", plan);
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}

using System.Collections.Concurrent;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Tests.Support;

namespace ComplaintBot.Tests.Complaints;

/// <summary>
/// The per-turn case cache on the real SQLite case store: reads are counted with the database's statement observer
/// (what SQLite actually ran), never timed.
/// </summary>
public sealed class CaseTurnCacheTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "cb-turncache-" + Guid.NewGuid().ToString("N"));
    private readonly SqliteDatabase _db;
    private readonly SqliteCaseStore _store;
    private readonly ConcurrentQueue<string> _statements = new();

    public CaseTurnCacheTests()
    {
        _db = new SqliteDatabase(Path.Combine(_dir, "bot.db"));
        _store = new SqliteCaseStore(_db, new ManualClock(new DateTimeOffset(2026, 11, 24, 9, 30, 0, TimeSpan.Zero)));
        _db.StatementObserver = _statements.Enqueue;
    }

    private int CaseReads(string number)
        => _statements.Count(s => s.Contains("FROM complaint_case WHERE number", StringComparison.Ordinal) && s.Contains(number, StringComparison.Ordinal));

    private Task<Case> CreateAsync() => _store.CreateAsync(new Case { ConversationId = "conv-1", Facts = { Problem = "Damaged" } });

    [Fact]
    public async Task Inside_a_turn_every_reader_of_a_case_gets_one_object_read_once()
    {
        var number = (await CreateAsync()).Number;
        using (CaseTurnCache.Begin())
        {
            var first = await _store.GetAsync(number);
            var second = await _store.GetAsync(number);
            var third = await _store.GetAsync(number);
            Assert.Same(first, second);
            Assert.Same(first, third);
        }
        Assert.Equal(1, CaseReads(number));
    }

    [Fact]
    public async Task Outside_a_turn_and_after_it_every_read_goes_to_the_database()
    {
        var number = (await CreateAsync()).Number;
        var a = await _store.GetAsync(number);
        var b = await _store.GetAsync(number);
        Assert.NotSame(a, b);
        using (CaseTurnCache.Begin()) await _store.GetAsync(number);
        await _store.GetAsync(number);
        Assert.Equal(4, CaseReads(number));
    }

    [Fact]
    public async Task A_case_created_or_saved_in_the_turn_is_served_as_saved_without_a_read()
    {
        using (CaseTurnCache.Begin())
        {
            var created = await CreateAsync();
            Assert.Same(created, await _store.GetAsync(created.Number));
            created.Facts.Wish = "Exchange";
            await _store.SaveAsync(created);
            var again = await _store.GetAsync(created.Number);
            Assert.Same(created, again);
            Assert.Equal(2, again!.Version);
            Assert.Equal(0, CaseReads(created.Number));
        }
    }

    [Fact]
    public async Task A_save_that_conflicts_drops_the_cached_case_so_the_retry_reads_the_other_writers_version()
    {
        var number = (await CreateAsync()).Number;
        using (CaseTurnCache.Begin())
        {
            var ours = (await _store.GetAsync(number))!;

            // Someone outside the turn (an agent) saves the case meanwhile.
            var agentsCopy = await Task.Run(() => _store.GetAsync(number)); // a different flow: same turn's cache
            Assert.Same(ours, agentsCopy);
            await OutsideTheTurn(async () =>
            {
                var theirs = (await _store.GetAsync(number))!;
                theirs.Priority = CasePriority.Urgent;
                await _store.SaveAsync(theirs);
            });

            ours.Facts.Wish = "Refund";
            await Assert.ThrowsAsync<CaseConflictException>(() => _store.SaveAsync(ours));

            var fresh = (await _store.GetAsync(number))!;
            Assert.NotSame(ours, fresh);
            Assert.Equal(CasePriority.Urgent, fresh.Priority);
            fresh.Facts.Wish = "Refund";
            await _store.SaveAsync(fresh);
        }
        var stored = (await _store.GetAsync(number))!;
        Assert.Equal(CasePriority.Urgent, stored.Priority);
        Assert.Equal("Refund", stored.Facts.Wish);
    }

    /// <summary>Runs <paramref name="work"/> without the ambient turn (as the agent console's requests do).</summary>
    private static Task OutsideTheTurn(Func<Task> work)
    {
        using (ExecutionContext.SuppressFlow()) return Task.Run(work);
    }

    public void Dispose()
    {
        _db.StatementObserver = null;
        _db.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}

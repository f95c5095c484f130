using System.Collections.Concurrent;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.State;

namespace ComplaintBot.Tests.Complaints;

/// <summary>
/// Case saves inside a SQLite turn (<see cref="SqliteTurnScope"/>) on the real store: a turn writes each case it changed
/// once, when it commits, and every result a caller sees (versions, conflicts, what a query in the turn returns, what a
/// rolled-back turn leaves) is what saving at once gave. Statements are counted with the database's observer.
/// </summary>
public sealed class TurnCaseSaveTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "cb-turnsave-" + Guid.NewGuid().ToString("N"));
    private readonly SqliteDatabase _db;
    private readonly SqliteCaseStore _store;
    private readonly ConcurrentQueue<string> _statements = new();

    public TurnCaseSaveTests()
    {
        _db = new SqliteDatabase(Path.Combine(_dir, "bot.db"));
        _store = new SqliteCaseStore(_db, new ManualClock(new DateTimeOffset(2026, 11, 24, 9, 30, 0, TimeSpan.Zero)));
        _db.StatementObserver = _statements.Enqueue;
    }

    private Task<Case> CreateAsync(string conversation = "conv-1")
        => _store.CreateAsync(new Case { ConversationId = conversation, ChannelId = "test", ProductSku = "SKU-1", Facts = { Problem = "Damaged" } });

    private List<string> Drain()
    {
        var list = new List<string>();
        while (_statements.TryDequeue(out var s)) list.Add(s);
        return list;
    }

    private static int CaseWrites(IEnumerable<string> statements)
        => statements.Count(s => s.StartsWith("UPDATE complaint_case ", StringComparison.Ordinal) || s.StartsWith("INSERT INTO complaint_case(", StringComparison.Ordinal));

    [Fact]
    public async Task A_turn_that_saves_a_case_three_times_writes_it_once_when_it_commits_with_every_version_counted()
    {
        var number = (await CreateAsync()).Number;
        Drain();

        await using (var turn = _db.BeginTurn())
        {
            using (CaseTurnCache.Begin())
            {
                var c = (await _store.GetAsync(number))!;
                c.Facts.Wish = "Exchange";
                await _store.SaveAsync(c);
                c.Priority = CasePriority.High;
                await _store.SaveAsync(c);
                c.Apply(CaseTransition.Clarify, DateTimeOffset.UtcNow);
                await _store.SaveAsync(c);
                Assert.Equal(4, c.Version);
                Assert.Equal(0, CaseWrites(Drain()));
            }
            await turn.CommitAsync();
        }

        Assert.Equal(1, CaseWrites(Drain()));
        var stored = (await _store.GetAsync(number))!;
        Assert.Equal((4, "Exchange", CasePriority.High, CaseStatus.Clarifying), (stored.Version, stored.Facts.Wish, stored.Priority, stored.Status));
        Assert.Equal(number, Assert.Single(await _store.QueryAsync(new CaseQuery(Statuses: [CaseStatus.Clarifying]))).Number);
    }

    [Fact]
    public async Task A_case_created_and_changed_in_a_turn_is_inserted_once_as_changed()
    {
        string number;
        await using (var turn = _db.BeginTurn())
        {
            using (CaseTurnCache.Begin())
            {
                var c = await CreateAsync();
                number = c.Number;
                c.Facts.Wish = "Refund";
                await _store.SaveAsync(c);
                Assert.Equal(2, c.Version);
            }
            await turn.CommitAsync();
        }

        var statements = Drain();
        Assert.Equal(1, CaseWrites(statements));
        Assert.Contains(statements, s => s.StartsWith("INSERT INTO complaint_case(", StringComparison.Ordinal));
        var stored = (await _store.GetAsync(number))!;
        Assert.Equal((2, "Refund"), (stored.Version, stored.Facts.Wish));
        Assert.Equal("C20261124-0002", (await CreateAsync("conv-2")).Number); // the number was taken in the turn
    }

    [Fact]
    public async Task A_query_in_the_turn_after_a_save_sees_the_saved_case()
    {
        var number = (await CreateAsync()).Number;
        await using var turn = _db.BeginTurn();
        using (CaseTurnCache.Begin())
        {
            var c = (await _store.GetAsync(number))!;
            Assert.Equal(number, (await _store.FindOpenAsync(null, "test", "conv-1"))?.Number);
            c.Apply(CaseTransition.Withdraw, DateTimeOffset.UtcNow);
            await _store.SaveAsync(c);

            Assert.Null(await _store.FindOpenAsync(null, "test", "conv-1"));
            Assert.Equal(0, await _store.CountOpenBySkuAsync("SKU-1"));
            var listed = Assert.Single(await _store.QueryAsync(new CaseQuery(ConversationId: "conv-1")));
            Assert.Equal((2, c.Status), (listed.Version, listed.Status));
        }
        await turn.CommitAsync();
        Assert.Equal(2, (await _store.GetAsync(number))!.Version);
    }

    [Fact]
    public async Task A_turn_that_rolls_back_leaves_the_case_as_it_was()
    {
        var number = (await CreateAsync()).Number;
        await using (var turn = _db.BeginTurn())
        {
            using (CaseTurnCache.Begin())
            {
                var c = (await _store.GetAsync(number))!;
                c.Facts.Wish = "Refund";
                await _store.SaveAsync(c);
                await _store.CreateAsync(new Case { ConversationId = "conv-2", ChannelId = "test" });
            }
            await turn.RollbackAsync();
        }
        var stored = (await _store.GetAsync(number))!;
        Assert.Equal((1, null), (stored.Version, stored.Facts.Wish));
        Assert.Single(await _store.QueryAsync(new CaseQuery()));
    }

    [Fact]
    public async Task Another_writers_save_before_the_turns_first_save_is_still_a_conflict_and_the_retry_keeps_both_changes()
    {
        var number = (await CreateAsync()).Number;
        await using (var turn = _db.BeginTurn())
        {
            using (CaseTurnCache.Begin())
            {
                var ours = (await _store.GetAsync(number))!;
                await OutsideTheTurn(async () =>
                {
                    var theirs = (await _store.GetAsync(number))!;
                    theirs.Priority = CasePriority.Urgent;
                    await _store.SaveAsync(theirs);
                });

                ours.Facts.Wish = "Refund";
                await Assert.ThrowsAsync<CaseConflictException>(() => _store.SaveAsync(ours));
                Assert.Equal(1, ours.Version);

                var saved = await _store.UpdateAsync(number, c => { c.Facts.Wish = "Refund"; return Task.CompletedTask; }, () => DateTimeOffset.UtcNow, CancellationToken.None);
                Assert.Equal(3, saved!.Version);
            }
            await turn.CommitAsync();
        }
        var stored = (await _store.GetAsync(number))!;
        Assert.Equal((3, CasePriority.Urgent, "Refund"), (stored.Version, stored.Priority, stored.Facts.Wish));
    }

    [Fact]
    public async Task A_stale_copy_saved_after_another_save_in_the_same_turn_is_a_conflict()
    {
        var number = (await CreateAsync()).Number;
        await using var turn = _db.BeginTurn();
        var first = (await _store.GetAsync(number))!;
        var second = (await _store.GetAsync(number))!; // no turn cache: two objects at version 1
        Assert.NotSame(first, second);
        first.Facts.Wish = "Exchange";
        await _store.SaveAsync(first);

        second.Facts.Wish = "Refund";
        await Assert.ThrowsAsync<CaseConflictException>(() => _store.SaveAsync(second));
        Assert.Equal(1, second.Version);
        await turn.CommitAsync();
        Assert.Equal((2, "Exchange"), ((await _store.GetAsync(number))!.Version, (await _store.GetAsync(number))!.Facts.Wish));
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

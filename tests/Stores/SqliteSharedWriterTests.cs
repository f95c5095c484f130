using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Handoff;
using ComplaintBot.Dialogs.Orders;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Tests.Complaints;
using ComplaintBot.Tests.Support;

namespace ComplaintBot.Tests.Stores;

/// <summary>
/// Every SQLite store of the bot shares one <see cref="SqliteDatabase"/> and so its one writer. Many turns writing
/// state, transcript, cases and hand-off entries at once must all persist, none failing with SQLITE_BUSY.
/// </summary>
public sealed class SqliteSharedWriterTests : IDisposable
{
    private const int Turns = 48;
    private readonly TempDatabase _file = new();
    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task Concurrent_turns_writing_state_transcript_cases_and_handoff_on_one_file_all_persist()
    {
        var db = _file.Open();
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
        var storage = new SqliteStorage(db);
        var transcripts = new SqliteTranscriptStore(db);
        var cases = new SqliteCaseStore(db, clock);
        var handoff = new SqliteHandoffStore(db);
        var shop = new DemoOrderService(db, clock); // its seeding is a large write in the same mix
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task<string> Turn(int i)
        {
            await go.Task;
            var conversation = $"conv-{i}";
            var seeding = shop.GetOrderAsync("SO10000001");
            await transcripts.AppendAsync(conversation, Activity.CreateMessage($"complaint {i}"));

            var etag = (await storage.WriteAsync(new Dictionary<string, StoreItem> { [conversation] = new("""{"step":1}""", null) }))[conversation];
            var created = await cases.CreateAsync(new Case { ConversationId = conversation, Locale = "en-US", Facts = { Problem = "Damaged" } });
            Assert.True(await handoff.TrySaveAsync(new HandoffEntry { ConversationId = conversation, Owner = ConversationOwner.Queued, Priority = 2, EscalatedAt = clock.GetUtcNow() }));
            await transcripts.AppendAsync(conversation, Activity.CreateMessage($"case {created.Number}"));

            var current = (await cases.GetAsync(created.Number))!;
            current.Apply(CaseTransition.Escalate, clock.GetUtcNow(), "anger");
            await cases.SaveAsync(current);
            var entry = (await handoff.GetAsync(conversation))!;
            entry.Owner = ConversationOwner.Agent($"agent-{i}");
            Assert.True(await handoff.TrySaveAsync(entry));
            await storage.WriteAsync(new Dictionary<string, StoreItem> { [conversation] = new($$"""{"step":2,"case":"{{created.Number}}"}""", etag) });
            await transcripts.AppendAsync(conversation, Activity.CreateMessage("an agent is on the way"));
            Assert.NotNull(await seeding);
            return created.Number;
        }

        var turns = Enumerable.Range(0, Turns).Select(i => Task.Run(() => Turn(i))).ToArray();
        go.SetResult();
        var numbers = await Task.WhenAll(turns); // any SqliteException (SQLITE_BUSY included) fails here

        Assert.Equal(Turns, numbers.Distinct().Count());
        // Read back through a fresh handle on the file, as after a restart.
        var reopened = _file.Open();
        var state = await new SqliteStorage(reopened).ReadAsync(Enumerable.Range(0, Turns).Select(i => $"conv-{i}").ToList());
        var storedCases = await new SqliteCaseStore(reopened, clock).QueryAsync(new CaseQuery());
        var reopenedHandoff = new SqliteHandoffStore(reopened);
        var reopenedTranscripts = new SqliteTranscriptStore(reopened);
        for (var i = 0; i < Turns; i++)
        {
            var conversation = $"conv-{i}";
            Assert.Contains("\"step\":2", state[conversation].Json);
            Assert.Contains(numbers[i], state[conversation].Json);
            var c = Assert.Single(storedCases, c => c.ConversationId == conversation);
            Assert.Equal((numbers[i], 2, CaseStatus.Escalated), (c.Number, c.Version, c.Status));
            var entry = (await reopenedHandoff.GetAsync(conversation))!;
            Assert.Equal((ConversationOwner.Agent($"agent-{i}"), 2L), (entry.Owner, entry.Version));
            var log = await reopenedTranscripts.ReadAsync(conversation);
            Assert.Equal(new long[] { 1, 2, 3 }, log.Select(e => e.Sequence));
            Assert.Equal($"case {numbers[i]}", log[1].Activity.Text);
        }
        Assert.Equal(Turns, (await reopenedHandoff.ListAsync(new HandoffListFilter(new[] { ConversationOwner.AgentPrefix + "*" }))).Count);
    }

    [Fact]
    public async Task A_lost_case_update_in_a_shared_write_batch_fails_alone_and_keeps_the_callers_version()
    {
        var db = _file.Open();
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
        var cases = new SqliteCaseStore(db, clock);
        var storage = new SqliteStorage(db);
        var created = await cases.CreateAsync(new Case { ConversationId = "conv", Locale = "en-US" });
        var mine = (await cases.GetAsync(created.Number))!;
        var theirs = (await cases.GetAsync(created.Number))!;
        theirs.Apply(CaseTransition.Escalate, clock.GetUtcNow(), "agent");
        await cases.SaveAsync(theirs);

        // Queued back to back (usually one writer batch): the stale case save loses, the state write beside it is still stored.
        mine.Apply(CaseTransition.Withdraw, clock.GetUtcNow(), "bot");
        var stale = cases.SaveAsync(mine);
        var state = storage.WriteAsync(new Dictionary<string, StoreItem> { ["k"] = new("""{"v":1}""", null) });
        await Assert.ThrowsAsync<CaseConflictException>(() => stale);
        await state;

        Assert.Equal(1, mine.Version);
        var stored = (await cases.GetAsync(created.Number))!;
        Assert.Equal((2, CaseStatus.Escalated), (stored.Version, stored.Status));
        Assert.True((await storage.ReadAsync(["k"])).ContainsKey("k"));
    }
}

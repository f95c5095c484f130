using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Dialogs.Turns;
using ComplaintBot.Tests.Support;

namespace ComplaintBot.Tests.Runtime;

/// <summary>Turn serialization and the transcript logger, with real SQLite stores.</summary>
public sealed class TurnPipelineTests : IDisposable
{
    private readonly TempDatabase _db = new();
    public void Dispose() => _db.Dispose();

    /// <summary>Each turn reads a counter from conversation state, yields, and writes it back incremented.</summary>
    private static BotCallback CountingBot(ConversationState state) => async (turn, ct) =>
    {
        var count = state.CreateProperty<int>("count");
        var n = await count.GetAsync(turn, () => 0, ct);
        await Task.Yield(); // give a racing turn every chance to interleave
        await count.SetAsync(turn, n + 1, ct);
        await state.SaveChangesAsync(turn, false, ct);
    };

    [Fact]
    public async Task Concurrent_turns_of_one_conversation_run_one_after_another_and_lose_no_update()
    {
        var storage = new SqliteStorage(_db.Open());
        var state = new ConversationState(storage);
        var serialization = new TurnSerializationMiddleware();
        var adapter = new TestAdapter(CountingBot(state)).Use(serialization);

        await Task.WhenAll(Enumerable.Range(0, 25).Select(i => Task.Run(() => adapter.SendAsync("m" + i))));

        var check = new TurnContext(adapter, adapter.MakeMessage("check"));
        Assert.Equal(25, await state.CreateProperty<int>("count").GetAsync(check));
        Assert.Equal(0, serialization.ActiveKeys); // the per-conversation locks were cleaned up
    }

    [Fact]
    public async Task Without_serialization_racing_turns_fail_with_a_conflict_instead_of_losing_an_update()
    {
        var storage = new SqliteStorage(_db.Open());
        var state = new ConversationState(storage);
        var adapter = new TestAdapter(CountingBot(state));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 25).Select(i => Task.Run(async () =>
        {
            try
            {
                await adapter.SendAsync("m" + i);
                return true;
            }
            catch (StorageConflictException)
            {
                return false;
            }
        })));

        // However the race goes, every stored increment belongs to a turn that succeeded.
        var check = new TurnContext(adapter, adapter.MakeMessage("check"));
        Assert.Equal(outcomes.Count(ok => ok), await state.CreateProperty<int>("count").GetAsync(check));
    }

    [Fact]
    public async Task Turns_of_different_conversations_do_not_wait_for_each_other()
    {
        var serialization = new TurnSerializationMiddleware();
        var firstEntered = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var adapterA = new TestAdapter(async (turn, ct) => { firstEntered.TrySetResult(); await release.Task; }) { ConversationId = "A" }.Use(serialization);
        var adapterB = new TestAdapter((turn, ct) => turn.SendActivityAsync("B done", ct)) { ConversationId = "B" }.Use(serialization);

        var blocked = adapterA.SendAsync("hold");
        await firstEntered.Task;
        var replies = await adapterB.SendAsync("go"); // completes while A still holds its lock
        Assert.Equal("B done", Assert.Single(replies).Text);
        Assert.False(blocked.IsCompleted);
        release.SetResult();
        await blocked;
    }

    [Fact]
    public async Task A_proactive_turn_started_inside_a_turn_of_the_same_conversation_does_not_deadlock()
    {
        var serialization = new TurnSerializationMiddleware();
        TestAdapter? adapter = null;
        adapter = new TestAdapter(async (turn, ct) =>
        {
            if (turn.Activity.Type == ActivityTypes.Message)
                await adapter!.ContinueAsync((inner, ct2) => inner.SendActivityAsync("proactive", ct2), ct);
        }).Use(serialization);

        await adapter.SendAsync("trigger");
        Assert.Equal("proactive", Assert.Single(adapter.Replies).Text);
    }

    [Fact]
    public async Task The_transcript_gets_incoming_and_outgoing_activities_in_order_with_ids()
    {
        var transcript = new SqliteTranscriptStore(_db.Open());
        var adapter = new TestAdapter(async (turn, ct) =>
        {
            await turn.SendActivityAsync($"echo {turn.Activity.Text}", ct);
            await turn.SendActivitiesAsync(new[] { Activity.CreateMessage("second"), new Activity { Type = ActivityTypes.Typing } }, ct);
        }).Use(new TurnSerializationMiddleware()).Use(new TranscriptLoggerMiddleware(transcript));

        var incoming = adapter.MakeMessage("hi");
        incoming.Id = null; // a channel that sends no id gets one assigned
        await adapter.SendAsync(incoming);
        await adapter.SendAsync("again");

        var log = await transcript.ReadAsync(ComplaintBot.Dialogs.Schema.ConversationKey.Of(adapter.ChannelId, adapter.ConversationId));
        Assert.Equal(new long[] { 1, 2, 3, 4, 5, 6, 7, 8 }, log.Select(e => e.Sequence));
        Assert.Equal(new[] { "hi", "echo hi", "second", null, "again", "echo again", "second", null }, log.Select(e => e.Activity.Text));
        Assert.Equal(adapter.UserId, log[0].Activity.From!.Id);
        Assert.Equal(adapter.BotId, log[1].Activity.From!.Id);
        Assert.All(log, e => Assert.False(string.IsNullOrEmpty(e.Activity.Id)));
        Assert.Equal(log.Count, log.Select(e => e.Activity.Id).Distinct().Count());
        // The ids logged for outgoing activities are the ids the channel sent them with.
        Assert.Equal(adapter.Replies.Select(r => r.Id), log.Where(e => e.Activity.From!.Id == adapter.BotId).Select(e => e.Activity.Id));
    }

    [Fact]
    public async Task The_synthetic_proactive_event_is_not_logged_but_what_the_proactive_turn_sends_is()
    {
        var transcript = new MemoryTranscriptStore();
        var adapter = new TestAdapter((_, _) => Task.CompletedTask).Use(new TranscriptLoggerMiddleware(transcript));

        await adapter.ContinueAsync((turn, ct) => turn.SendActivityAsync("an agent replied", ct));

        var entry = Assert.Single(await transcript.ReadAsync(ComplaintBot.Dialogs.Schema.ConversationKey.Of(adapter.ChannelId, adapter.ConversationId)));
        Assert.Equal(1, entry.Sequence);
        Assert.Equal("an agent replied", entry.Activity.Text);
    }

    [Fact]
    public async Task An_expect_replies_turn_writes_its_replies_once_at_the_end_and_a_reader_meanwhile_sees_them()
    {
        var db = _db.Open();
        var transcript = new SqliteTranscriptStore(db);
        IReadOnlyList<TranscriptEntry>? seenMidTurn = null;
        // INSERT statements into the transcript (one writes up to eight rows) and savepoints (a write of more than one
        // statement runs in one; one statement needs none, since SQLite undoes a failed statement by itself).
        int inserts = 0, batches = 0, insertsWhenHandlerEnded = -1;
        var adapter = new TestAdapter(async (turn, ct) =>
        {
            await turn.SendActivityAsync("one", ct);
            await turn.SendActivityAsync("two", ct);
            if (turn.Activity.Text == "read") seenMidTurn = await transcript.ReadAsync(ComplaintBot.Dialogs.Schema.ConversationKey.Of(turn.Activity)!, ct: ct);
            await turn.SendActivityAsync("three", ct);
            insertsWhenHandlerEnded = Volatile.Read(ref inserts);
        }).Use(new TurnSerializationMiddleware()).Use(new TranscriptLoggerMiddleware(transcript));
        db.StatementObserver = sql =>
        {
            if (sql.StartsWith("SAVEPOINT", StringComparison.Ordinal)) Interlocked.Increment(ref batches);
            else if (sql.TrimStart().StartsWith("INSERT INTO transcript", StringComparison.Ordinal)) Interlocked.Increment(ref inserts);
        };

        var quiet = adapter.MakeMessage("quiet");
        quiet.DeliveryMode = DeliveryModes.ExpectReplies;
        await adapter.SendAsync(quiet);
        Assert.Equal(1, insertsWhenHandlerEnded); // only the incoming message while the turn ran
        Assert.Equal(2, inserts); // the three replies together at the end, in one statement
        Assert.Equal(0, batches);

        var read = adapter.MakeMessage("read");
        read.DeliveryMode = DeliveryModes.ExpectReplies;
        await adapter.SendAsync(read);
        Assert.Equal(2 + 2, insertsWhenHandlerEnded); // incoming, and the two replies the read flushed (together)
        Assert.Equal(5, inserts); // the last one alone at the end
        Assert.Equal(0, batches);
        Assert.Equal(new[] { "quiet", "one", "two", "three", "read", "one", "two" }, seenMidTurn!.Select(e => e.Activity.Text));

        var log = await transcript.ReadAsync(ComplaintBot.Dialogs.Schema.ConversationKey.Of(adapter.ChannelId, adapter.ConversationId));
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), log.Select(e => e.Sequence));
        Assert.Equal(new[] { "quiet", "one", "two", "three", "read", "one", "two", "three" }, log.Select(e => e.Activity.Text));
        Assert.Equal(log.Count, log.Select(e => e.Activity.Id).Where(id => !string.IsNullOrEmpty(id)).Distinct().Count());
    }

    [Fact]
    public async Task A_turn_that_fails_in_expect_replies_mode_still_logs_what_it_sent_and_the_apology_after_it()
    {
        var transcript = new SqliteTranscriptStore(_db.Open());
        var adapter = new TestAdapter(async (turn, ct) =>
        {
            await turn.SendActivityAsync("working on it", ct);
            throw new InvalidOperationException("boom");
        }).Use(new TranscriptLoggerMiddleware(transcript));
        adapter.OnTurnError = (turn, _) => turn.SendActivityAsync("sorry");

        var incoming = adapter.MakeMessage("hi");
        incoming.DeliveryMode = DeliveryModes.ExpectReplies;
        await adapter.SendAsync(incoming);

        Assert.Equal(new[] { "hi", "working on it", "sorry" }, (await transcript.ReadAsync(ComplaintBot.Dialogs.Schema.ConversationKey.Of(adapter.ChannelId, adapter.ConversationId))).Select(e => e.Activity.Text));
    }
}

using ComplaintBot.Dialogs.Runtime;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Dialogs.Turns;
using ComplaintBot.Tests.Support;

namespace ComplaintBot.Tests.Runtime;

public sealed class BotStateTests : IDisposable
{
    private readonly TempDatabase _db = new();
    public void Dispose() => _db.Dispose();

    public sealed class Counter
    {
        public int Value { get; set; }
        public List<string> Texts { get; set; } = new();
    }

    private static ITurnContext Turn(TestAdapter adapter, string text) => new TurnContext(adapter, adapter.MakeMessage(text));

    [Fact]
    public async Task Properties_are_loaded_once_per_turn_and_saved_for_the_next_turn()
    {
        var storage = new CountingStorage(new SqliteStorage(_db.Open()));
        var state = new ConversationState(storage);
        var counter = state.CreateProperty<Counter>("counter");
        var adapter = new TestAdapter((_, _) => Task.CompletedTask);

        var turn1 = Turn(adapter, "a");
        (await counter.GetAsync(turn1, () => new Counter())).Value++;
        (await counter.GetAsync(turn1, () => new Counter())).Texts.Add("a");
        await state.SaveChangesAsync(turn1);
        Assert.Equal(1, storage.Reads);

        var turn2 = Turn(adapter, "b");
        var loaded = await counter.GetAsync(turn2, () => new Counter());
        Assert.Equal(1, loaded.Value);
        Assert.Equal(new[] { "a" }, loaded.Texts);
        Assert.Equal(2, storage.Reads);
    }

    [Fact]
    public async Task An_unchanged_state_is_not_written()
    {
        var storage = new CountingStorage(new MemoryStorage());
        var state = new UserState(storage);
        var lang = state.CreateProperty<string>("language");
        var adapter = new TestAdapter((_, _) => Task.CompletedTask);

        var turn1 = Turn(adapter, "a");
        await lang.SetAsync(turn1, "zh-CN");
        await state.SaveChangesAsync(turn1);
        var turn2 = Turn(adapter, "b");
        Assert.Equal("zh-CN", await lang.GetAsync(turn2));
        await state.SaveChangesAsync(turn2);

        Assert.Equal(1, storage.Writes);
    }

    [Fact]
    public async Task Of_two_turns_that_loaded_the_same_state_the_second_save_conflicts_and_the_first_is_kept()
    {
        var storage = new SqliteStorage(_db.Open());
        var adapter = new TestAdapter((_, _) => Task.CompletedTask) { ConversationId = "shared" };
        // Two bot instances (separate state objects) working on one conversation at the same time.
        var instanceA = new ConversationState(storage);
        var instanceB = new ConversationState(new SqliteStorage(_db.Open()));

        var seed = Turn(adapter, "seed");
        await instanceA.CreateProperty<Counter>("counter").SetAsync(seed, new Counter { Value = 10 });
        await instanceA.SaveChangesAsync(seed);

        var turnA = Turn(adapter, "a");
        var turnB = Turn(adapter, "b");
        var a = await instanceA.CreateProperty<Counter>("counter").GetAsync(turnA);
        var b = await instanceB.CreateProperty<Counter>("counter").GetAsync(turnB);
        a.Value += 1;
        b.Value += 100;

        await instanceA.SaveChangesAsync(turnA);
        await Assert.ThrowsAsync<StorageConflictException>(() => instanceB.SaveChangesAsync(turnB));

        var check = Turn(adapter, "check");
        Assert.Equal(11, (await new ConversationState(storage).CreateProperty<Counter>("counter").GetAsync(check)).Value);
    }

    [Fact]
    public async Task Two_first_turns_of_a_new_conversation_cannot_both_create_it()
    {
        var storage = new MemoryStorage();
        var adapter = new TestAdapter((_, _) => Task.CompletedTask) { ConversationId = "brand-new" };
        var stateA = new ConversationState(storage);
        var stateB = new ConversationState(storage);
        var turnA = Turn(adapter, "a");
        var turnB = Turn(adapter, "b");
        await stateA.CreateProperty<string>("x").SetAsync(turnA, "A");
        await stateB.CreateProperty<string>("x").SetAsync(turnB, "B");

        await stateA.SaveChangesAsync(turnA);
        await Assert.ThrowsAsync<StorageConflictException>(() => stateB.SaveChangesAsync(turnB));
    }

    [Fact]
    public async Task A_property_nobody_reads_is_written_back_as_stored_and_a_read_that_changes_nothing_writes_nothing()
    {
        var storage = new CountingStorage(new MemoryStorage());
        var adapter = new TestAdapter((_, _) => Task.CompletedTask) { ConversationId = "kept" };
        var key = "test/conversations/kept";
        // "other" was written by someone else (spacing, escapes) and this release never asks for it.
        await storage.WriteAsync(new Dictionary<string, StoreItem>
        {
            [key] = new("""{"counter":{"value":7,"texts":["x"]},"other":{"note": "caf\u00e9", "n": [1, 2.50]}}""", null),
        });

        var turn1 = Turn(adapter, "a");
        var state1 = new ConversationState(storage);
        Assert.Equal(7, (await state1.CreateProperty<Counter>("counter").GetAsync(turn1)).Value);
        await state1.SaveChangesAsync(turn1);
        Assert.Equal(1, storage.Writes); // only the seeding write

        var turn2 = Turn(adapter, "b");
        var state2 = new ConversationState(storage);
        (await state2.CreateProperty<Counter>("counter").GetAsync(turn2)).Value++;
        await state2.SaveChangesAsync(turn2);
        Assert.Equal("""{"counter":{"value":8,"texts":["x"]},"other":{"note": "caf\u00e9", "n": [1, 2.50]}}""", (await storage.ReadAsync([key]))[key].Json);
    }

    [Fact]
    public async Task A_name_stored_twice_has_its_last_value_in_the_first_ones_place()
    {
        var storage = new MemoryStorage();
        var adapter = new TestAdapter((_, _) => Task.CompletedTask) { ConversationId = "twice" };
        var key = "test/conversations/twice";
        await storage.WriteAsync(new Dictionary<string, StoreItem>
        {
            [key] = new("""{ "n" : 1, "other": true, "n": 2 }""", null),
        });
        var turn = Turn(adapter, "a");
        var state = new ConversationState(storage);
        Assert.Equal(2, await state.CreateProperty<int>("n").GetAsync(turn));
        await state.SaveChangesAsync(turn);
        Assert.Equal("""{"n":2,"other":true}""", (await storage.ReadAsync([key]))[key].Json);
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("null")]
    public async Task A_stored_document_that_is_not_an_object_has_no_properties(string json)
    {
        var storage = new MemoryStorage();
        var adapter = new TestAdapter((_, _) => Task.CompletedTask) { ConversationId = "odd" };
        await storage.WriteAsync(new Dictionary<string, StoreItem> { ["test/conversations/odd"] = new(json, null) });
        var turn = Turn(adapter, "a");
        Assert.Null(await new ConversationState(storage).CreateProperty<Counter>("counter").GetAsync(turn));
    }

    [Theory]
    [InlineData("{\"counter\":")]
    [InlineData("{\"counter\":{}} trailing")]
    public async Task A_stored_document_that_is_not_json_fails_the_load(string json)
    {
        var storage = new MemoryStorage();
        var adapter = new TestAdapter((_, _) => Task.CompletedTask) { ConversationId = "broken" };
        await storage.WriteAsync(new Dictionary<string, StoreItem> { ["test/conversations/broken"] = new(json, null) });
        await Assert.ThrowsAnyAsync<System.Text.Json.JsonException>(() => new ConversationState(storage).LoadAsync(Turn(adapter, "a")));
    }

    [Fact]
    public async Task Saving_twice_in_one_turn_uses_the_new_etag()
    {
        var state = new ConversationState(new MemoryStorage());
        var adapter = new TestAdapter((_, _) => Task.CompletedTask);
        var turn = Turn(adapter, "a");
        var p = state.CreateProperty<int>("n");
        await p.SetAsync(turn, 1);
        await state.SaveChangesAsync(turn);
        await p.SetAsync(turn, 2);
        await state.SaveChangesAsync(turn);
        Assert.Equal(2, await p.GetAsync(Turn(adapter, "b")));
    }

    [Fact]
    public async Task Conversation_and_user_state_use_separate_keys_per_channel()
    {
        var storage = new MemoryStorage();
        var adapter = new TestAdapter((_, _) => Task.CompletedTask) { ChannelId = "msteams", ConversationId = "c1", UserId = "u1" };
        var turn = Turn(adapter, "a");
        Assert.Equal("msteams/conversations/c1", new ConversationState(storage).GetStorageKey(turn));
        Assert.Equal("msteams/users/u1", new UserState(storage).GetStorageKey(turn));
    }

    [Fact]
    public async Task Delete_removes_the_stored_state()
    {
        var storage = new MemoryStorage();
        var state = new ConversationState(storage);
        var adapter = new TestAdapter((_, _) => Task.CompletedTask);
        var turn = Turn(adapter, "a");
        await state.CreateProperty<string>("x").SetAsync(turn, "v");
        await state.SaveChangesAsync(turn);
        await state.DeleteAsync(turn);
        Assert.Null(await state.CreateProperty<string>("x").GetAsync(Turn(adapter, "b")));
    }

    [Fact]
    public async Task A_turn_that_changes_nothing_in_a_waiting_dialog_stack_writes_nothing()
    {
        var storage = new CountingStorage(new MemoryStorage());
        var adapter = new TestAdapter(new DialogBot(new ConversationState(storage), new UserState(storage), new RootDialog(new RuntimeDemoDialog())));
        await adapter.SendAsync("hi");
        await adapter.SendAsync("the seal was broken"); // waiting at the validated order prompt, inside a component
        var writes = storage.Writes;

        await adapter.SendAsync(new Activity { Type = ActivityTypes.Event, Name = "webchat/join" });

        Assert.Equal(writes, storage.Writes);
        Assert.Equal(writes + 1, await SendAndCountWrites(adapter, storage, "123456"));
    }

    private static async Task<int> SendAndCountWrites(TestAdapter adapter, CountingStorage storage, string text)
    {
        await adapter.SendAsync(text);
        return storage.Writes;
    }

    /// <summary>Counts round trips to the wrapped store.</summary>
    private sealed class CountingStorage(IStorage inner) : IStorage
    {
        public int Reads, Writes;

        public Task<IReadOnlyDictionary<string, StoreItem>> ReadAsync(IReadOnlyCollection<string> keys, CancellationToken ct = default)
        {
            Interlocked.Increment(ref Reads);
            return inner.ReadAsync(keys, ct);
        }

        public Task<IReadOnlyDictionary<string, string>> WriteAsync(IReadOnlyDictionary<string, StoreItem> changes, CancellationToken ct = default)
        {
            Interlocked.Increment(ref Writes);
            return inner.WriteAsync(changes, ct);
        }

        public Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken ct = default) => inner.DeleteAsync(keys, ct);
    }
}

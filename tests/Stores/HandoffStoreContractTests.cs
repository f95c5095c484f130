using ComplaintBot.Bot.Stores;
using ComplaintBot.Dialogs.Handoff;
using ComplaintBot.Tests.Support;

namespace ComplaintBot.Tests.Stores;

/// <summary>
/// The <see cref="IHandoffStore"/> contract for every provider (SQLite, PostgreSQL): subclass and implement
/// <see cref="CreateStore"/>; each call stands for another bot instance on the same database.
/// </summary>
public abstract class HandoffStoreContractTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    protected abstract IHandoffStore CreateStore();

    private static HandoffEntry Entry(string id, string owner = ConversationOwner.Queued, int priority = 2, int minutesAgo = 1) => new()
    {
        ConversationId = id, Owner = owner, Priority = priority, EscalatedAt = Now.AddMinutes(-minutesAgo), Reason = "test",
        Summary = { Restatement = "包装破损，希望换货", AngerCurve = { 0.2, 0.7 } },
    };

    [ContractFact]
    public async Task A_new_entry_is_created_once_and_reads_back_with_its_summary()
    {
        var store = CreateStore();
        var first = Entry("c1");
        Assert.True(await store.TrySaveAsync(first));
        Assert.Equal(1, first.Version);
        Assert.False(await store.TrySaveAsync(Entry("c1", priority: 4)));

        var read = (await CreateStore().GetAsync("c1"))!;
        Assert.Equal(1, read.Version);
        Assert.Equal(2, read.Priority);
        Assert.Equal("包装破损，希望换货", read.Summary.Restatement);
        Assert.Equal(new[] { 0.2, 0.7 }, read.Summary.AngerCurve);
        Assert.Null(await store.GetAsync("nobody"));
    }

    [ContractFact]
    public async Task Of_two_agents_taking_the_same_conversation_on_two_instances_exactly_one_wins()
    {
        var setup = CreateStore();
        for (var round = 0; round < 10; round++)
        {
            var id = $"race-{round}";
            Assert.True(await setup.TrySaveAsync(Entry(id)));
            var alice = (await CreateStore().GetAsync(id))!;
            var bob = (await CreateStore().GetAsync(id))!;
            alice.Owner = ConversationOwner.Agent("alice");
            bob.Owner = ConversationOwner.Agent("bob");
            var stores = new[] { CreateStore(), CreateStore() };

            var results = await Task.WhenAll(Task.Run(() => stores[0].TrySaveAsync(alice)), Task.Run(() => stores[1].TrySaveAsync(bob)));

            Assert.Single(results, r => r);
            var winner = results[0] ? alice : bob;
            var stored = (await setup.GetAsync(id))!;
            Assert.Equal(winner.Owner, stored.Owner);
            Assert.Equal(2, stored.Version);
        }
    }

    [ContractFact]
    public async Task The_queue_is_most_urgent_first_then_longest_waiting_and_positions_follow_it()
    {
        var store = CreateStore();
        foreach (var e in new[]
        {
            Entry("normal-new", priority: 2, minutesAgo: 1), Entry("urgent-new", priority: 4, minutesAgo: 1),
            Entry("normal-old", priority: 2, minutesAgo: 9), Entry("urgent-old", priority: 4, minutesAgo: 5),
            Entry("taken", ConversationOwner.Agent("alice"), priority: 4, minutesAgo: 20), Entry("with-bot", ConversationOwner.Bot),
        })
            Assert.True(await store.TrySaveAsync(e));

        var queue = await CreateStore().ListAsync(HandoffListFilter.Queue);
        Assert.Equal(new[] { "urgent-old", "urgent-new", "normal-old", "normal-new" }, queue.Select(e => e.ConversationId));
        Assert.Equal(3, await store.QueuePositionAsync("normal-old"));
        Assert.Equal(0, await store.QueuePositionAsync("taken"));
        Assert.Equal(0, await store.QueuePositionAsync("nobody"));

        var console = await store.ListAsync(HandoffListFilter.Console);
        Assert.Equal("taken", console[0].ConversationId);
        Assert.Equal(5, console.Count);
        Assert.DoesNotContain(await store.ListAsync(new HandoffListFilter()), e => e.Owner == ConversationOwner.Bot);
        var waitingLong = await store.ListAsync(new HandoffListFilter(new[] { ConversationOwner.Queued }, EscalatedBefore: Now.AddMinutes(-4)));
        Assert.Equal(new[] { "urgent-old", "normal-old" }, waitingLong.Select(e => e.ConversationId));
    }

    [ContractFact]
    public async Task The_queue_length_counts_the_waiting_conversations_only()
    {
        var store = CreateStore();
        Assert.Equal(0, await store.QueueLengthAsync());
        foreach (var e in new[]
        {
            Entry("waiting-1", minutesAgo: 3), Entry("waiting-2", priority: 4, minutesAgo: 1),
            Entry("taken", ConversationOwner.Agent("alice")), Entry("with-bot", ConversationOwner.Bot),
        })
            Assert.True(await store.TrySaveAsync(e));

        Assert.Equal(2, await CreateStore().QueueLengthAsync());
    }

    [ContractFact]
    public async Task Entries_with_a_remedy_waiting_for_a_lead_are_listed_whoever_owns_them()
    {
        var store = CreateStore();
        var waiting = Entry("handed-back", ConversationOwner.Bot);
        waiting.Remedies.Add(new AppliedRemedy("compensation", 80, "demo", Now, null) { Id = "r1", State = RemedyState.PendingApproval });
        var decided = Entry("decided", ConversationOwner.Agent("alice"));
        decided.Remedies.Add(new AppliedRemedy("coupon", 20, "alice", Now, null) { Id = "r2" });
        Assert.True(await store.TrySaveAsync(waiting));
        Assert.True(await store.TrySaveAsync(decided));

        var listed = await CreateStore().ListAsync(HandoffListFilter.Approvals);

        var entry = Assert.Single(listed);
        Assert.Equal("handed-back", entry.ConversationId);
        Assert.Equal(RemedyState.PendingApproval, entry.Remedies.Single().State);
        Assert.Equal(1, entry.PendingApprovals);
    }

    [ContractFact]
    public async Task Entries_owing_a_promised_call_back_are_listed_whoever_owns_them_until_it_is_made()
    {
        var store = CreateStore();
        var owed = Entry("owed", ConversationOwner.Bot);
        owed.CallbackPromised = true;
        owed.CallbackDueAt = Now.AddMinutes(30);
        var made = Entry("made", ConversationOwner.Bot);
        made.CallbackPromised = true;
        made.CallbackDoneAt = Now;
        Assert.True(await store.TrySaveAsync(owed));
        Assert.True(await store.TrySaveAsync(made));
        Assert.True(await store.TrySaveAsync(Entry("waiting")));

        var listed = Assert.Single(await CreateStore().ListAsync(HandoffListFilter.Callbacks));
        Assert.Equal(("owed", Now.AddMinutes(30)), (listed.ConversationId, listed.CallbackDueAt));
    }

    [ContractFact]
    public async Task An_entry_without_a_case_is_queued_like_any_other_and_found_by_its_customer_whoever_owns_it()
    {
        var store = CreateStore();
        var waiting = Entry("no-case", minutesAgo: 5);
        waiting.CustomerId = "cust-7";
        var closed = Entry("no-case-done", ConversationOwner.Bot, minutesAgo: 9);
        closed.CustomerId = "cust-7";
        var other = Entry("other", minutesAgo: 1);
        (other.CustomerId, other.CaseNumber) = ("cust-8", "C1");
        foreach (var e in new[] { waiting, closed, other }) Assert.True(await store.TrySaveAsync(e));

        var read = (await store.GetAsync("no-case"))!;
        Assert.Equal(((string?)null, "cust-7"), (read.CaseNumber, read.CustomerId));
        Assert.Equal(1, await store.QueuePositionAsync("no-case"));
        Assert.Contains(await store.ListAsync(HandoffListFilter.Queue), e => e.ConversationId == "no-case");
        Assert.Equal(["no-case", "no-case-done"], (await store.ListAsync(HandoffListFilter.OfCustomer("cust-7"))).Select(e => e.ConversationId).Order());
    }

    [ContractFact]
    public async Task Erasing_removes_the_conversations_entry_only()
    {
        var store = CreateStore();
        Assert.True(await store.TrySaveAsync(Entry("erase-me")));
        Assert.True(await store.TrySaveAsync(Entry("keep-me")));

        Assert.Equal(1, await CreateStore().DeleteAsync("erase-me"));

        Assert.Null(await store.GetAsync("erase-me"));
        Assert.NotNull(await store.GetAsync("keep-me"));
        Assert.Equal(0, await store.DeleteAsync("erase-me"));
    }
}

public sealed class SqliteHandoffStoreContractTests : HandoffStoreContractTests, IDisposable
{
    private readonly TempDatabase _db = new();
    protected override IHandoffStore CreateStore() => new SqliteHandoffStore(_db.Open());
    public void Dispose() => _db.Dispose();
}

[RequiresPostgres]
public sealed class PostgresHandoffStoreContractTests : HandoffStoreContractTests, IAsyncLifetime
{
    private readonly PostgresTestSchema _schema = new();
    protected override IHandoffStore CreateStore() => new PostgresHandoffStore(_schema.NewInstance());
    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _schema.DisposeAsync().AsTask();
}

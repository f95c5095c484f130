using ComplaintBot.Dialogs.State;
using ComplaintBot.Tests.Support;

namespace ComplaintBot.Tests.Runtime;

/// <summary>
/// The <see cref="IStorage"/> contract every provider passes (memory, SQLite, PostgreSQL): subclass it and
/// implement <see cref="CreateStorage"/>. Each test uses its own keys, so a shared database is fine.
/// Tests here are <c>[ContractFact]</c>: a subclass marked <c>[RequiresPostgres]</c> skips them visibly without a server.
/// </summary>
public abstract class StorageContractTests
{
    protected abstract IStorage CreateStorage();

    private readonly string _prefix = "contract/" + Guid.NewGuid().ToString("N") + "/";
    private string Key(string name) => _prefix + name;

    private static Dictionary<string, StoreItem> One(string key, string json, string? etag) => new() { [key] = new StoreItem(json, etag) };

    [ContractFact]
    public async Task Reading_a_missing_key_returns_nothing()
    {
        var storage = CreateStorage();
        var found = await storage.ReadAsync(new[] { Key("missing") });
        Assert.Empty(found);
    }

    [ContractFact]
    public async Task Create_only_write_stores_the_value_and_returns_its_etag()
    {
        var storage = CreateStorage();
        var etags = await storage.WriteAsync(One(Key("a"), """{"n":1,"text":"您好"}""", null));
        var found = await storage.ReadAsync(new[] { Key("a") });
        Assert.Equal("""{"n":1,"text":"您好"}""", found[Key("a")].Json);
        Assert.Equal(etags[Key("a")], found[Key("a")].ETag);
        Assert.False(string.IsNullOrEmpty(etags[Key("a")]));
    }

    [ContractFact]
    public async Task Create_only_write_conflicts_when_the_key_exists()
    {
        var storage = CreateStorage();
        await storage.WriteAsync(One(Key("a"), """{"n":1}""", null));
        var ex = await Assert.ThrowsAsync<StorageConflictException>(() => storage.WriteAsync(One(Key("a"), """{"n":2}""", null)));
        Assert.Equal(Key("a"), ex.Key);
        Assert.Equal("""{"n":1}""", (await storage.ReadAsync(new[] { Key("a") }))[Key("a")].Json);
    }

    [ContractFact]
    public async Task Write_with_the_current_etag_succeeds_and_changes_the_etag()
    {
        var storage = CreateStorage();
        var first = (await storage.WriteAsync(One(Key("a"), """{"n":1}""", null)))[Key("a")];
        var second = (await storage.WriteAsync(One(Key("a"), """{"n":2}""", first)))[Key("a")];
        Assert.NotEqual(first, second);
        var found = (await storage.ReadAsync(new[] { Key("a") }))[Key("a")];
        Assert.Equal("""{"n":2}""", found.Json);
        Assert.Equal(second, found.ETag);
    }

    [ContractFact]
    public async Task Write_with_a_stale_etag_conflicts_and_keeps_the_newer_value()
    {
        var storage = CreateStorage();
        var first = (await storage.WriteAsync(One(Key("a"), """{"n":1}""", null)))[Key("a")];
        await storage.WriteAsync(One(Key("a"), """{"n":2}""", first));
        await Assert.ThrowsAsync<StorageConflictException>(() => storage.WriteAsync(One(Key("a"), """{"n":3}""", first)));
        Assert.Equal("""{"n":2}""", (await storage.ReadAsync(new[] { Key("a") }))[Key("a")].Json);
    }

    [ContractFact]
    public async Task Write_with_an_etag_for_a_missing_key_conflicts()
    {
        var storage = CreateStorage();
        await Assert.ThrowsAsync<StorageConflictException>(() => storage.WriteAsync(One(Key("gone"), "{}", "some-etag")));
        Assert.Empty(await storage.ReadAsync(new[] { Key("gone") }));
    }

    [ContractFact]
    public async Task Star_etag_writes_unconditionally_whether_or_not_the_key_exists()
    {
        var storage = CreateStorage();
        await storage.WriteAsync(One(Key("a"), """{"n":1}""", "*"));
        await storage.WriteAsync(One(Key("a"), """{"n":2}""", "*"));
        Assert.Equal("""{"n":2}""", (await storage.ReadAsync(new[] { Key("a") }))[Key("a")].Json);
    }

    [ContractFact]
    public async Task A_conflict_in_a_batch_leaves_every_key_of_the_batch_unchanged()
    {
        var storage = CreateStorage();
        var etagB = (await storage.WriteAsync(One(Key("b"), """{"v":"b1"}""", null)))[Key("b")];
        await storage.WriteAsync(One(Key("b"), """{"v":"b2"}""", etagB));

        var batch = new Dictionary<string, StoreItem>
        {
            [Key("a")] = new("""{"v":"a1"}""", null),
            [Key("b")] = new("""{"v":"b3"}""", etagB), // stale
        };
        await Assert.ThrowsAsync<StorageConflictException>(() => storage.WriteAsync(batch));

        var found = await storage.ReadAsync(new[] { Key("a"), Key("b") });
        Assert.False(found.ContainsKey(Key("a")));
        Assert.Equal("""{"v":"b2"}""", found[Key("b")].Json);
    }

    [ContractFact]
    public async Task A_batch_writes_several_keys_and_reads_them_back_together()
    {
        var storage = CreateStorage();
        var etags = await storage.WriteAsync(new Dictionary<string, StoreItem>
        {
            [Key("x")] = new("""{"v":1}""", null),
            [Key("y")] = new("""{"v":2}""", "*"),
        });
        var found = await storage.ReadAsync(new[] { Key("x"), Key("y"), Key("z") });
        Assert.Equal(2, found.Count);
        Assert.Equal(etags[Key("x")], found[Key("x")].ETag);
        Assert.Equal("""{"v":2}""", found[Key("y")].Json);
    }

    [ContractFact]
    public async Task Delete_removes_the_key_and_a_create_only_write_works_again()
    {
        var storage = CreateStorage();
        await storage.WriteAsync(One(Key("a"), """{"n":1}""", null));
        await storage.DeleteAsync(new[] { Key("a"), Key("never-existed") });
        Assert.Empty(await storage.ReadAsync(new[] { Key("a") }));
        await storage.WriteAsync(One(Key("a"), """{"n":2}""", null));
        Assert.Equal("""{"n":2}""", (await storage.ReadAsync(new[] { Key("a") }))[Key("a")].Json);
    }

    [ContractFact]
    public async Task Of_many_concurrent_writers_holding_the_same_etag_exactly_one_wins()
    {
        var storage = CreateStorage();
        var etag = (await storage.WriteAsync(One(Key("race"), """{"w":-1}""", null)))[Key("race")];

        var attempts = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            try
            {
                await storage.WriteAsync(One(Key("race"), $$"""{"w":{{i}}}""", etag));
                return i;
            }
            catch (StorageConflictException)
            {
                return -1;
            }
        })).ToArray();
        var winners = (await Task.WhenAll(attempts)).Where(w => w >= 0).ToList();

        Assert.Single(winners);
        Assert.Equal($$"""{"w":{{winners[0]}}}""", (await storage.ReadAsync(new[] { Key("race") }))[Key("race")].Json);
    }

    [ContractFact]
    public async Task Keys_under_a_prefix_are_listed_in_order_a_page_at_a_time()
    {
        var storage = CreateStorage();
        var listing = Assert.IsAssignableFrom<IStorageKeyListing>(storage);
        // Neighbours that share the text but not the prefix, and characters LIKE would treat as wildcards.
        foreach (var name in new[] { "up/c", "up/a", "up/b/1", "up/%_x", "up0", "upx/a", "up" })
            await storage.WriteAsync(One(Key(name), "{}", null));

        var first = await listing.ListKeysAsync(Key("up/"), null, 2);
        Assert.Equal([Key("up/%_x"), Key("up/a")], first);
        var second = await listing.ListKeysAsync(Key("up/"), first[^1], 2);
        Assert.Equal([Key("up/b/1"), Key("up/c")], second);
        Assert.Empty(await listing.ListKeysAsync(Key("up/"), second[^1], 2));

        Assert.Equal([Key("up/%_x")], await listing.ListKeysAsync(Key("up/%"), null, 10));
        Assert.Empty(await listing.ListKeysAsync(Key("up/_"), null, 10));

        await storage.DeleteAsync([Key("up/a")]);
        Assert.Equal([Key("up/%_x"), Key("up/b/1"), Key("up/c")], await listing.ListKeysAsync(Key("up/"), null, 10));
    }
}

public sealed class MemoryStorageContractTests : StorageContractTests
{
    private readonly MemoryStorage _storage = new();
    protected override IStorage CreateStorage() => _storage;
}

public sealed class SqliteStorageContractTests : StorageContractTests, IDisposable
{
    private readonly TempDatabase _db = new();
    protected override IStorage CreateStorage() => new SqliteStorage(_db.Open());
    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Values_survive_reopening_the_file()
    {
        var key = "reopen/" + Guid.NewGuid().ToString("N");
        var etag = (await new SqliteStorage(_db.Open()).WriteAsync(new Dictionary<string, StoreItem> { [key] = new("""{"step":2}""", null) }))[key];

        var reopened = new SqliteStorage(_db.Open());
        var found = (await reopened.ReadAsync(new[] { key }))[key];
        Assert.Equal("""{"step":2}""", found.Json);
        Assert.Equal(etag, found.ETag);
    }

    [Fact]
    public async Task The_database_file_uses_write_ahead_logging()
    {
        var db = _db.Open();
        await using var connection = await db.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string)command.ExecuteScalar()!);
        Assert.True(File.Exists(_db.Path));
    }
}

using ComplaintBot.Bot.Stores;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Tests.Support;

namespace ComplaintBot.Tests.Stores;

/// <summary>
/// What only a shared database can show: two bot instances (separate connection pools) writing the same keys.
/// The provider-neutral behaviour is in the shared storage contract suite.
/// </summary>
public sealed class PostgresStorageTests : IAsyncLifetime
{
    private readonly PostgresTestSchema _schema = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _schema.DisposeAsync().AsTask();

    [PostgresFact]
    public async Task TwoInstancesWritingWithTheSameETagOneWinsAndTheOtherGetsAConflict()
    {
        var a = new PostgresStorage(_schema.NewInstance());
        var b = new PostgresStorage(_schema.NewInstance());
        var etag = (await a.WriteAsync(Single("conv/1", """{"turn":0}""", null)))["conv/1"];

        for (var round = 1; round <= 20; round++)
        {
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var fromA = WriteAfter(start.Task, a, Single("conv/1", $$"""{"turn":{{round}},"by":"a"}""", etag));
            var fromB = WriteAfter(start.Task, b, Single("conv/1", $$"""{"turn":{{round}},"by":"b"}""", etag));
            start.SetResult();
            var outcomes = await Task.WhenAll(fromA, fromB);

            Assert.Single(outcomes, o => o.Conflict is not null);
            var winner = Assert.Single(outcomes, o => o.ETags is not null);
            Assert.Equal("conv/1", outcomes.Single(o => o.Conflict is not null).Conflict!.Key);

            var stored = (await b.ReadAsync(["conv/1"]))["conv/1"];
            Assert.Equal(winner.ETags!["conv/1"], stored.ETag);
            Assert.Equal(winner.Json, stored.Json);
            etag = stored.ETag!;
        }
    }

    [PostgresFact]
    public async Task ReadModifyWriteWithRetryFromTwoInstancesLosesNoIncrement()
    {
        var instances = new[] { new PostgresStorage(_schema.NewInstance()), new PostgresStorage(_schema.NewInstance()) };
        await instances[0].WriteAsync(Single("counter", "0", null));

        async Task IncrementMany(IStorage storage)
        {
            for (var i = 0; i < 40; i++)
            {
                while (true)
                {
                    var current = (await storage.ReadAsync(["counter"]))["counter"];
                    try
                    {
                        await storage.WriteAsync(Single("counter", (int.Parse(current.Json) + 1).ToString(), current.ETag));
                        break;
                    }
                    catch (StorageConflictException)
                    {
                        // another instance got there first: read again and retry, as the turn pipeline does
                    }
                }
            }
        }

        await Task.WhenAll(IncrementMany(instances[0]), IncrementMany(instances[1]), IncrementMany(instances[0]), IncrementMany(instances[1]));

        Assert.Equal("160", (await instances[1].ReadAsync(["counter"]))["counter"].Json);
    }

    [PostgresFact]
    public async Task CreateOnlyRaceBetweenInstancesCreatesTheKeyOnce()
    {
        var a = new PostgresStorage(_schema.NewInstance());
        var b = new PostgresStorage(_schema.NewInstance());
        for (var round = 0; round < 20; round++)
        {
            var key = $"new/{round}";
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var fromA = WriteAfter(start.Task, a, Single(key, """{"by":"a"}""", null));
            var fromB = WriteAfter(start.Task, b, Single(key, """{"by":"b"}""", null));
            start.SetResult();
            var outcomes = await Task.WhenAll(fromA, fromB);

            var winner = Assert.Single(outcomes, o => o.ETags is not null);
            Assert.Single(outcomes, o => o.Conflict is not null);
            Assert.Equal(winner.Json, (await a.ReadAsync([key]))[key].Json);
        }
    }

    [PostgresFact]
    public async Task InstancesStartingTogetherCreateTheSchemaOnce()
    {
        var databases = Enumerable.Range(0, 4).Select(_ => _schema.NewInstance()).ToList();
        await Task.WhenAll(databases.Select(d => d.EnsureSchemaAsync()));

        var storage = new PostgresStorage(databases[3]);
        await storage.WriteAsync(Single("k", "{}", null));
        Assert.True((await new PostgresStorage(databases[0]).ReadAsync(["k"])).ContainsKey("k"));
    }

    [PostgresFact]
    public async Task ValueReadsBackExactlyAsWritten()
    {
        var storage = new PostgresStorage(_schema.NewInstance());
        const string json = """{ "z":1,  "a":[1, 2],"text":"投诉 \u00e9 \"q\"" }""";
        await storage.WriteAsync(Single("exact", json, null));
        Assert.Equal(json, (await storage.ReadAsync(["exact"]))["exact"].Json);
    }

    [PostgresFact]
    public void SchemaNameThatCouldInjectSqlIsRefused()
    {
        using var source = Npgsql.NpgsqlDataSource.Create(PostgresTestSchema.ConnectionString);
        Assert.Throws<ArgumentException>(() => new PostgresDatabase(source, "x\"; DROP TABLE y; --"));
    }

    private static IReadOnlyDictionary<string, StoreItem> Single(string key, string json, string? etag) =>
        new Dictionary<string, StoreItem> { [key] = new StoreItem(json, etag) };

    private sealed record Outcome(string Json, IReadOnlyDictionary<string, string>? ETags, StorageConflictException? Conflict);

    private static async Task<Outcome> WriteAfter(Task start, IStorage storage, IReadOnlyDictionary<string, StoreItem> changes)
    {
        await start;
        var json = changes.Values.Single().Json;
        try { return new Outcome(json, await storage.WriteAsync(changes), null); }
        catch (StorageConflictException e) { return new Outcome(json, null, e); }
    }
}

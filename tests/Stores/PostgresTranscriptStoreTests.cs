using ComplaintBot.Bot.Stores;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Tests.Support;

namespace ComplaintBot.Tests.Stores;

/// <summary>Two bot instances appending to one conversation; the provider-neutral cases are in the contract suite.</summary>
public sealed class PostgresTranscriptStoreTests : IAsyncLifetime
{
    private readonly PostgresTestSchema _schema = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _schema.DisposeAsync().AsTask();

    [PostgresFact]
    public async Task ConcurrentAppendsFromTwoInstancesGetDistinctGaplessSequences()
    {
        var instances = new[] { new PostgresTranscriptStore(_schema.NewInstance()), new PostgresTranscriptStore(_schema.NewInstance()) };
        const int writers = 8, perWriter = 25;

        var returned = await Task.WhenAll(Enumerable.Range(0, writers).Select(async w =>
        {
            var store = instances[w % 2];
            var mine = new List<(long Sequence, string Text)>();
            for (var i = 0; i < perWriter; i++)
            {
                var text = $"w{w}-{i}";
                mine.Add((await store.AppendAsync("conv-a", Activity.CreateMessage(text)), text));
            }
            return mine;
        }));

        var all = returned.SelectMany(r => r).ToList();
        Assert.Equal(Enumerable.Range(1, writers * perWriter).Select(i => (long)i), all.Select(r => r.Sequence).Order());

        var stored = await instances[1].ReadAsync("conv-a", 0, 1000);
        Assert.Equal(all.OrderBy(r => r.Sequence).Select(r => r.Text), stored.Select(e => e.Activity.Text));
        Assert.Equal(stored.Select(e => e.Sequence).Order(), stored.Select(e => e.Sequence));
        // Each writer's own appends keep its order.
        foreach (var writer in returned)
            Assert.Equal(writer.Select(r => r.Sequence).Order(), writer.Select(r => r.Sequence));
    }
}

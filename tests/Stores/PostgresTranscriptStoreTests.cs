using ComplaintBot.Bot.Stores;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Tests.Support;

namespace ComplaintBot.Tests.Stores;

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

    [PostgresFact]
    public async Task ReadingAfterAWatermarkReturnsOnlyLaterEntriesUpToMax()
    {
        var store = new PostgresTranscriptStore(_schema.NewInstance());
        for (var i = 1; i <= 6; i++) await store.AppendAsync("conv-b", Activity.CreateMessage($"m{i}"));

        var page = await store.ReadAsync("conv-b", afterSequence: 2, max: 3);

        Assert.Equal(new long[] { 3, 4, 5 }, page.Select(e => e.Sequence));
        Assert.Equal(new[] { "m3", "m4", "m5" }, page.Select(e => e.Activity.Text));
        Assert.Empty(await store.ReadAsync("conv-b", afterSequence: 6));
    }

    [PostgresFact]
    public async Task EachConversationNumbersFromOne()
    {
        var store = new PostgresTranscriptStore(_schema.NewInstance());
        Assert.Equal(1, await store.AppendAsync("conv-c", Activity.CreateMessage("x")));
        Assert.Equal(2, await store.AppendAsync("conv-c", Activity.CreateMessage("y")));
        Assert.Equal(1, await store.AppendAsync("conv-d", Activity.CreateMessage("z")));
        Assert.Empty(await store.ReadAsync("conv-unknown"));
    }

    [PostgresFact]
    public async Task StoredActivityKeepsChannelDataAndUnknownFields()
    {
        var store = new PostgresTranscriptStore(_schema.NewInstance());
        var activity = ActivityJson.Parse("""
            {"type":"message","id":"a1","text":"包装破损","channelData":{"clientActivityID":"c-1"},"futureField":{"x":[1,2]}}
            """)!;
        await store.AppendAsync("conv-e", activity);

        var entry = Assert.Single(await store.ReadAsync("conv-e"));
        var back = System.Text.Json.Nodes.JsonNode.Parse(ActivityJson.Serialize(entry.Activity))!;
        Assert.Equal("包装破损", (string?)back["text"]);
        Assert.Equal("c-1", (string?)back["channelData"]!["clientActivityID"]);
        Assert.Equal(2, (int)back["futureField"]!["x"]![1]!);
        Assert.Equal(TimeSpan.Zero, entry.At.Offset);
    }
}

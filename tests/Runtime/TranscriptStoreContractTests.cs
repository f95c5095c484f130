using System.Text.Json.Nodes;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Tests.Support;

namespace ComplaintBot.Tests.Runtime;

/// <summary>The <see cref="ITranscriptStore"/> contract for every provider; subclass and implement <see cref="CreateStore"/>.
/// Tests here are <c>[ContractFact]</c> (see <see cref="StorageContractTests"/>).</summary>
public abstract class TranscriptStoreContractTests
{
    protected abstract ITranscriptStore CreateStore();

    private static string NewConversation() => "conv-" + Guid.NewGuid().ToString("N");

    private static Activity Message(string text) => new() { Type = ActivityTypes.Message, Id = Guid.NewGuid().ToString("N"), Text = text };

    [ContractFact]
    public async Task Sequences_start_at_one_and_count_up_per_conversation()
    {
        var store = CreateStore();
        string a = NewConversation(), b = NewConversation();
        Assert.Equal(1, await store.AppendAsync(a, Message("a1")));
        Assert.Equal(2, await store.AppendAsync(a, Message("a2")));
        Assert.Equal(1, await store.AppendAsync(b, Message("b1")));
        Assert.Equal(3, await store.AppendAsync(a, Message("a3")));

        var log = await store.ReadAsync(a);
        Assert.Equal(new long[] { 1, 2, 3 }, log.Select(e => e.Sequence));
        Assert.Equal(new[] { "a1", "a2", "a3" }, log.Select(e => e.Activity.Text));
    }

    [ContractFact]
    public async Task Reading_after_a_watermark_returns_only_newer_entries_up_to_max()
    {
        var store = CreateStore();
        var c = NewConversation();
        for (var i = 1; i <= 5; i++) await store.AppendAsync(c, Message("m" + i));

        var after2 = await store.ReadAsync(c, afterSequence: 2, max: 2);
        Assert.Equal(new long[] { 3, 4 }, after2.Select(e => e.Sequence));
        Assert.Empty(await store.ReadAsync(c, afterSequence: 5));
        Assert.Empty(await store.ReadAsync(NewConversation()));
    }

    [ContractFact]
    public async Task Stored_activities_round_trip_with_channel_data_and_are_not_changed_by_the_sender_later()
    {
        var store = CreateStore();
        var c = NewConversation();
        var activity = Message("照片在这里");
        activity.ChannelData = JsonNode.Parse("""{"clientActivityID":"abc","custom":[1,2]}""");
        await store.AppendAsync(c, activity);
        activity.Text = "changed after append";

        var entry = Assert.Single(await store.ReadAsync(c));
        Assert.Equal("照片在这里", entry.Activity.Text);
        Assert.Equal("abc", entry.Activity.ChannelData!["clientActivityID"]!.GetValue<string>());
        Assert.True(entry.At > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [ContractFact]
    public async Task Several_appended_at_once_follow_the_earlier_ones_in_their_order()
    {
        var store = CreateStore();
        var c = NewConversation();
        await store.AppendAsync(c, Message("first"));
        var sequences = await store.AppendManyAsync(c, [Message("a"), Message("b"), Message("c")]);
        Assert.Equal(new long[] { 2, 3, 4 }, sequences);
        Assert.Empty(await store.AppendManyAsync(c, []));
        Assert.Equal(new[] { "first", "a", "b", "c" }, (await store.ReadAsync(c)).Select(e => e.Activity.Text));
    }

    [ContractFact]
    public async Task Many_appended_at_once_keep_their_order_and_sequences()
    {
        var store = CreateStore();
        var c = NewConversation();
        await store.AppendAsync(c, Message("first"));
        var texts = Enumerable.Range(1, 19).Select(i => "m" + i).ToList(); // more than one statement's worth on SQLite

        var sequences = await store.AppendManyAsync(c, texts.Select(Message).ToList());

        Assert.Equal(Enumerable.Range(2, 19).Select(i => (long)i), sequences);
        var read = await store.ReadAsync(c);
        Assert.Equal(texts.Prepend("first"), read.Select(e => e.Activity.Text));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), read.Select(e => e.Sequence));
    }

    [ContractFact]
    public async Task Concurrent_appends_get_distinct_gap_free_sequences()
    {
        var store = CreateStore();
        var c = NewConversation();
        var sequences = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => store.AppendAsync(c, Message("m" + i)))));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), sequences.OrderBy(s => s));
        Assert.Equal(20, (await store.ReadAsync(c)).Count);
    }

    [ContractFact]
    public async Task Erasing_a_conversation_deletes_its_whole_transcript_and_no_other()
    {
        var store = CreateStore();
        string gone = NewConversation(), kept = NewConversation();
        await store.AppendAsync(gone, Message("g1"));
        await store.AppendAsync(gone, Message("g2"));
        await store.AppendAsync(kept, Message("k1"));

        Assert.Equal(2, await store.DeleteConversationAsync(gone));

        Assert.Empty(await CreateStore().ReadAsync(gone));
        Assert.Single(await store.ReadAsync(kept));
        Assert.Equal(0, await store.DeleteConversationAsync(gone));
    }

    [ContractFact]
    public async Task Retention_deletes_entries_stored_before_the_cutoff()
    {
        var store = CreateStore();
        var c = NewConversation();
        await store.AppendAsync(c, Message("m1"));
        await store.AppendAsync(c, Message("m2"));

        Assert.Equal(0, await store.DeleteBeforeAsync(DateTimeOffset.UtcNow.AddHours(-1)));
        Assert.Equal(2, (await store.ReadAsync(c)).Count);
        Assert.True(await store.DeleteBeforeAsync(DateTimeOffset.UtcNow.AddMinutes(1)) >= 2);
        Assert.Empty(await store.ReadAsync(c));
    }
}

public sealed class MemoryTranscriptStoreContractTests : TranscriptStoreContractTests
{
    protected override ITranscriptStore CreateStore() => new MemoryTranscriptStore();
}

public sealed class SqliteTranscriptStoreContractTests : TranscriptStoreContractTests, IDisposable
{
    private readonly TempDatabase _db = new();
    protected override ITranscriptStore CreateStore() => new SqliteTranscriptStore(_db.Open());
    public void Dispose() => _db.Dispose();
}

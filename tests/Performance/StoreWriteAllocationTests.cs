using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.State;
using Xunit.Abstractions;

namespace ComplaintBot.Tests.Performance;

/// <summary>
/// What writing a transcript row or a case costs the managed heap, counted (not timed) on the real SQLite stores. The
/// documents are large here (≈ 40 KB) so that the document's own copies are what is measured: written as a string, the
/// JSON existed three times (the serializer's UTF-8 turned into a UTF-16 string of twice the size, and that turned back
/// into a UTF-8 array for SQLite); written as bytes, once.
/// </summary>
[Collection(nameof(AllocationCounting))]
public sealed class StoreWriteAllocationTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "cb-writealloc-" + Guid.NewGuid().ToString("N"));
    private static readonly string LongText = string.Concat(Enumerable.Repeat("The mug arrived with its handle broken off. ", 900));

    private static async Task<long> AllocatedPerCallAsync(Func<int, Task> call)
    {
        for (var i = 0; i < 5; i++) await call(i); // first-use work (statements prepared, serializer metadata)
        const int Calls = 20;
        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < Calls; i++) await call(i);
        return (GC.GetTotalAllocatedBytes(precise: true) - before) / Calls;
    }

    [Fact]
    public async Task Appending_a_transcript_row_copies_its_json_once_not_three_times()
    {
        using var db = new SqliteDatabase(Path.Combine(_dir, "t.db"));
        var store = new SqliteTranscriptStore(db);
        var activity = new Activity { Type = ActivityTypes.Message, Id = "a1", ChannelId = "webchat", Text = LongText, Conversation = new ConversationAccount { Id = "c1" } };
        var size = System.Text.Encoding.UTF8.GetByteCount(ActivityJson.Serialize(activity));

        var perAppend = await AllocatedPerCallAsync(_ => store.AppendAsync("c1", activity));

        output.WriteLine($"JSON {size} bytes, {perAppend} bytes allocated per append");
        Assert.True(perAppend < 2 * size, $"{perAppend} bytes allocated to append {size} bytes of JSON");
        Assert.Equal(LongText, (await store.ReadAsync("c1", max: 1)).Single().Activity.Text);
    }

    [Fact]
    public async Task Saving_a_case_copies_its_document_once_not_three_times()
    {
        using var db = new SqliteDatabase(Path.Combine(_dir, "c.db"));
        var store = new SqliteCaseStore(db);
        var c = await store.CreateAsync(new Case { ConversationId = "c1", ChannelId = "webchat", Facts = { Description = LongText } });
        var size = System.Text.Encoding.UTF8.GetByteCount(CaseJson.Serialize(c));

        var perSave = await AllocatedPerCallAsync(i => { c.Csat = i % 5 + 1; return store.SaveAsync(c); });

        output.WriteLine($"document {size} bytes, {perSave} bytes allocated per save");
        Assert.True(perSave < 2 * size, $"{perSave} bytes allocated to save a {size}-byte document");
        var stored = (await store.GetAsync(c.Number))!;
        Assert.Equal((LongText, c.Version), (stored.Facts.Description, stored.Version));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}

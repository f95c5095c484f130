using System.Text;
using System.Text.Json;
using ComplaintBot.Dialogs.Schema;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Xunit.Abstractions;

namespace ComplaintBot.Tests.Performance;

/// <summary>Runs alone: the allocation counter is process-wide, so other tests running beside it would be counted too.</summary>
[CollectionDefinition(nameof(AllocationCounting), DisableParallelization = true)]
public sealed class AllocationCounting;

/// <summary>
/// What a customer turn allocates on the managed heap, counted (not timed): the bench's conversation through the real
/// host over /api/messages with expectReplies and the SQLite store, warm, averaged over many turns. The bound is
/// about 1.5 times what a turn took when it was last set; it is there to catch a change that multiplies the garbage
/// of every turn, which is CPU for the collector on every turn.
/// </summary>
[Collection(nameof(AllocationCounting))]
public sealed class TurnAllocationTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "cb-alloc-" + Guid.NewGuid().ToString("N"));
    private WebApplicationFactory<Program>? _app;

    /// <summary>The bench's customer (bench/CustomerScript.cs): complaint, order number, wish, yes, remedy.</summary>
    private static readonly string[] BenchLines =
    [
        "My parcel arrived broken and the box was crushed, I am not happy.",
        "The order number is 20261124001",
        "I would like a replacement please",
        "yes",
        "Replacement",
    ];

    private WebApplicationFactory<Program> App()
    {
        var settings = new Dictionary<string, string?> { ["Storage:Sqlite:Path"] = Path.Combine(_dir, "complaintbot.db") };
        return _app ??= new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            foreach (var kv in settings) b.UseSetting(kv.Key, kv.Value);
            b.ConfigureAppConfiguration((_, c) => c.AddInMemoryCollection(settings));
        });
    }

    private static async Task<int> ConversationAsync(HttpClient http, string conversation)
    {
        string? offered = null;
        var replies = 0;
        foreach (var line in BenchLines)
        {
            var activity = new Activity
            {
                Type = ActivityTypes.Message, Id = Guid.NewGuid().ToString("N"), ChannelId = "webchat", ServiceUrl = "http://127.0.0.1:9/",
                Conversation = new ConversationAccount { Id = conversation }, From = new ChannelAccount { Id = "customer-1", Name = "Customer 1" },
                Recipient = new ChannelAccount { Id = "complaintbot" }, Text = offered ?? line, Locale = "en-US", DeliveryMode = DeliveryModes.ExpectReplies,
            };
            var response = await http.PostAsync("/api/messages", new StringContent(ActivityJson.Serialize(activity), Encoding.UTF8, "application/json"));
            response.EnsureSuccessStatusCode();
            var answer = JsonSerializer.Deserialize<ExpectedReplies>(await response.Content.ReadAsStringAsync(), ActivityJson.Options)!.Activities;
            replies += answer.Count;
            offered = answer.LastOrDefault(r => r.SuggestedActions?.Actions.Count > 0)?.SuggestedActions!.Actions[0] is { } a
                ? a.Value?.ToString() ?? a.Title : null;
        }
        return replies;
    }

    [Fact]
    public async Task A_warm_customer_turn_allocates_less_than_the_bound()
    {
        // About 1.5x the measured figure: 219 KB on 2026-12-07, 186 KB before the state JSON work of 2026-12-08,
        // 165,593 bytes after it (Debug build, in process).
        const long BoundBytesPerTurn = 250_000;
        const int Conversations = 20;
        var http = App().CreateClient();
        for (var i = 0; i < 5; i++) await ConversationAsync(http, $"warm-{i}"); // start-up, JIT, first-use caches

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var replies = 0;
        for (var i = 0; i < Conversations; i++) replies += await ConversationAsync(http, $"counted-{i}");
        var perTurn = (GC.GetTotalAllocatedBytes(precise: true) - before) / (Conversations * BenchLines.Length);

        output.WriteLine($"{perTurn:N0} bytes allocated per turn (host and in-memory client together), {replies} replies");
        Assert.True(replies >= Conversations * BenchLines.Length, "every turn answered"); // the turns did run the flow
        Assert.True(perTurn < BoundBytesPerTurn, $"{perTurn:N0} bytes per turn, bound {BoundBytesPerTurn:N0}");
    }

    public void Dispose()
    {
        _app?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}

using System.Net;
using System.Text;
using System.Text.Json;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Tests.Stores;
using ComplaintBot.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintBot.Tests.Runtime;

/// <summary>
/// Issue 17.1: the same activity delivered twice (a channel's redelivery, a client's retry) runs the turn once. The
/// real host and the real complaint flow over /api/messages with expectReplies, on each store.
/// </summary>
public abstract class ExactlyOnceTurnTests : IAsyncLifetime
{
    private ExactlyOnceHost? _host;

    protected abstract Task<Dictionary<string, string?>> StoreSettingsAsync();

    protected virtual Task DisposeStoreAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => _host = new ExactlyOnceHost(await StoreSettingsAsync());

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        await DisposeStoreAsync();
    }

    private ExactlyOnceHost Host => _host!;

    [ContractFact]
    public async Task A_repeated_activity_gets_the_first_replies_and_changes_nothing()
    {
        const string conversation = "exactly-once-1";
        await Host.SendAsync(ExactlyOnceHost.Message(conversation, "My parcel arrived broken, the box was crushed."));
        var answer = ExactlyOnceHost.Message(conversation, "I don't have it");
        var first = await Host.SendAsync(answer);
        Assert.NotEmpty(first);
        var before = await Host.SnapshotAsync(conversation);

        var repeat = await Host.SendAsync(answer);

        Assert.Equal(first.Select(r => (r.Id, r.Text)), repeat.Select(r => (r.Id, r.Text)));
        Assert.Equal(before, await Host.SnapshotAsync(conversation));
    }

    /// <summary>Issue 13: a request for a person hands over without a case; its redelivery neither queues it again nor answers anew.</summary>
    [ContractFact]
    public async Task A_repeated_request_for_a_person_gets_the_first_replies_queues_once_and_opens_no_case()
    {
        const string conversation = "exactly-once-person";
        var request = ExactlyOnceHost.Message(conversation, "I want a human");
        var first = await Host.SendAsync(request);
        Assert.NotEmpty(first);
        var handoff = Host.Services.GetRequiredService<ComplaintBot.Dialogs.Handoff.IHandoffStore>();
        // Queued, or (this host runs on the real clock) told the agents' hours: either way one entry, no case.
        var queued = (await handoff.GetAsync(conversation))!;
        Assert.Null(queued.CaseNumber);
        var before = await Host.SnapshotAsync(conversation);

        var repeat = await Host.SendAsync(request);

        Assert.Equal(first.Select(r => (r.Id, r.Text)), repeat.Select(r => (r.Id, r.Text)));
        Assert.Equal(before, await Host.SnapshotAsync(conversation));
        Assert.Empty(before.Cases);
        Assert.Equal(queued.Version, (await handoff.GetAsync(conversation))!.Version);
    }

    [ContractFact]
    public async Task A_repeat_that_arrives_while_the_first_is_in_flight_runs_the_turn_once()
    {
        const string conversation = "exactly-once-2";
        var complaint = ExactlyOnceHost.Message(conversation, "My parcel arrived broken, the box was crushed.");

        var both = await Task.WhenAll(Host.SendAsync(complaint), Host.SendAsync(complaint));

        Assert.NotEmpty(both[0]);
        Assert.Equal(both[0].Select(r => (r.Id, r.Text)), both[1].Select(r => (r.Id, r.Text)));
        var snapshot = await Host.SnapshotAsync(conversation);
        Assert.Equal(1, snapshot.Transcript.Count(t => t == complaint.Text));
        Assert.True(snapshot.Cases.Count <= 1, "one delivery opens at most one case: " + string.Join(", ", snapshot.Cases));
    }

    [ContractFact]
    public async Task A_new_activity_after_a_repeat_continues_the_dialog_normally()
    {
        const string conversation = "exactly-once-3";
        var complaint = ExactlyOnceHost.Message(conversation, "My parcel arrived broken, the box was crushed.");
        await Host.SendAsync(complaint);
        await Host.SendAsync(complaint);
        var afterRepeat = await Host.SnapshotAsync(conversation);

        await Host.SendAsync(ExactlyOnceHost.Message(conversation, "The order number is SO10000001"));

        var after = await Host.SnapshotAsync(conversation);
        Assert.NotEqual(afterRepeat.State, after.State);
        Assert.Equal(afterRepeat.Transcript, after.Transcript.Take(afterRepeat.Transcript.Count));
        Assert.Equal("The order number is SO10000001", after.Transcript[afterRepeat.Transcript.Count]);
        Assert.True(after.Transcript.Count > afterRepeat.Transcript.Count + 1, "the new message was answered");
    }

    [ContractFact]
    public async Task A_repeat_of_an_earlier_activity_after_later_turns_gets_its_own_first_replies()
    {
        const string conversation = "exactly-once-4";
        var complaint = ExactlyOnceHost.Message(conversation, "My parcel arrived broken, the box was crushed.");
        var first = await Host.SendAsync(complaint);
        await Host.SendAsync(ExactlyOnceHost.Message(conversation, "The order number is SO10000001"));
        await Host.SendAsync(ExactlyOnceHost.Message(conversation, "5678"));
        var before = await Host.SnapshotAsync(conversation);

        var repeat = await Host.SendAsync(complaint);

        Assert.NotEmpty(first);
        Assert.Equal(first.Select(r => (r.Id, r.Text)), repeat.Select(r => (r.Id, r.Text)));
        Assert.Equal(before, await Host.SnapshotAsync(conversation));
    }

    [ContractFact]
    public async Task The_conversation_state_does_not_carry_the_replies_of_earlier_turns()
    {
        // The delivery record keeps each turn's replies beside the state (written in the same batch), not inside it:
        // inside, every later turn read and wrote all of them again (about 10 KB by the fifth turn).
        const string conversation = "exactly-once-5";
        var first = await Host.SendAsync(ExactlyOnceHost.Message(conversation, "My parcel arrived broken, the box was crushed."));
        var second = await Host.SendAsync(ExactlyOnceHost.Message(conversation, "The order number is SO10000001"));
        await Host.SendAsync(ExactlyOnceHost.Message(conversation, "5678"));

        var state = (await Host.SnapshotAsync(conversation)).State!;

        Assert.NotEmpty(first);
        Assert.NotEmpty(second);
        foreach (var reply in first.Concat(second)) Assert.DoesNotContain(reply.Id!, state);
    }
}

public sealed class SqliteExactlyOnceTurnTests : ExactlyOnceTurnTests
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "cb-once-" + Guid.NewGuid().ToString("N"));

    protected override Task<Dictionary<string, string?>> StoreSettingsAsync() => Task.FromResult(new Dictionary<string, string?>
    {
        ["Storage:Provider"] = "Sqlite",
        ["Storage:Sqlite:Path"] = Path.Combine(_dir, "complaintbot.db"),
    });

    protected override Task DisposeStoreAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }
}

[RequiresPostgres]
public sealed class PostgresExactlyOnceTurnTests : ExactlyOnceTurnTests
{
    private readonly PostgresTestSchema _schema = new();
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "cb-once-pg-" + Guid.NewGuid().ToString("N"));

    protected override Task<Dictionary<string, string?>> StoreSettingsAsync() => Task.FromResult(_schema.HostSettings(_dir));

    protected override async Task DisposeStoreAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await _schema.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}

/// <summary>The whole bot (real complaint flow) on the given store settings, spoken to over /api/messages.</summary>
internal sealed class ExactlyOnceHost(Dictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var kv in settings) builder.UseSetting(kv.Key, kv.Value);
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(settings));
    }

    public static Activity Message(string conversationId, string text, bool expectReplies = true) => ApiMessages.Message(conversationId, text, expectReplies);

    public Task<List<Activity>> SendAsync(Activity activity) => ApiMessages.SendAsync(CreateClient(), activity);

    /// <summary>Everything a turn of the conversation can change: its state document, its transcript, its cases.</summary>
    public async Task<Snapshot> SnapshotAsync(string conversationId)
    {
        var key = $"webchat/conversations/{conversationId}";
        var state = await Services.GetRequiredService<IStorage>().ReadAsync([key]);
        var transcript = await Services.GetRequiredService<ITranscriptStore>().ReadAsync(ConversationKey.Of("webchat", conversationId));
        var cases = await Services.GetRequiredService<ICaseStore>().QueryAsync(new CaseQuery(ConversationId: conversationId));
        return new Snapshot(
            state.TryGetValue(key, out var item) ? item.Json + "|" + item.ETag : null,
            transcript.Select(t => t.Activity.Text).ToList(),
            cases.Select(c => $"{c.Number}@{c.Version}").OrderBy(x => x).ToList());
    }

    internal sealed record Snapshot(string? State, List<string?> Transcript, List<string> Cases)
    {
        public bool Equals(Snapshot? other) => other is not null && State == other.State
            && Transcript.SequenceEqual(other.Transcript) && Cases.SequenceEqual(other.Cases);

        public override int GetHashCode() => State?.GetHashCode() ?? 0;
    }
}

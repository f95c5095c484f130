using System.Net;
using System.Text;
using System.Text.Json;
using ComplaintBot.Bot.Stores;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.DataProtection;
using Npgsql;

namespace ComplaintBot.Tests.Stores;

/// <summary>
/// Issue 17.1 (a turn's changes in one transaction) and 17.3 (a turn's connection use bounded) on PostgreSQL, with the
/// whole host and the real complaint flow.
/// </summary>
public sealed class TurnTransactionTests : IAsyncLifetime
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(120); // only stops a broken build from hanging
    private readonly PostgresTestSchema _schema = new();
    private readonly List<PgHost> _hosts = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var h in _hosts) await h.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await _schema.DisposeAsync();
        try { Directory.Delete(PgHost.ShopDirectory(_schema), recursive: true); } catch (IOException) { }
    }

    private PgHost Host(Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var h = new PgHost(_schema, settings ?? new(), services);
        _hosts.Add(h);
        return h;
    }

    [PostgresFact]
    public async Task A_turn_that_fails_after_opening_a_case_stores_no_case_and_keeps_what_the_customer_said()
    {
        var failing = new FailingStateWrites();
        var host = Host(services: s =>
        {
            s.RemoveAll<IStorage>();
            s.AddSingleton<IStorage>(sp => failing.Wrap(new PostgresStorage(sp.GetRequiredService<PostgresDatabase>())));
        });
        const string conversation = "atomic-1";
        var complaint = PgHost.Message(conversation, "My parcel arrived broken, the box was crushed.");

        failing.Armed = true; // the case is created, then the dialog state save fails: the crash window of issue 17.1
        await host.SendAsync(complaint);

        Assert.Empty(await host.CasesAsync(conversation));
        Assert.Contains(complaint.Text, await host.TranscriptTextsAsync(conversation));

        failing.Armed = false;
        var retry = await host.SendAsync(complaint); // the channel re-sends the same activity
        Assert.NotEmpty(retry);
        Assert.Single(await host.CasesAsync(conversation));
    }

    [PostgresFact]
    public async Task Two_instances_serve_more_concurrent_customers_than_their_pools_hold_without_a_failed_turn()
    {
        // 4 connections per instance: one is the notification listener's for good. 16 customers at once, each turn of a
        // customer on the other instance than the one before.
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Postgres:ConnectionString"] = PostgresTestSchema.ConnectionString + ";Maximum Pool Size=4",
        };
        var a = Host(settings);
        var b = Host(settings);
        string[] lines =
        [
            "My parcel arrived broken, the box was crushed.",
            "The order number is SO10000001",
            "I would like a replacement please",
        ];
        var apologies = 0;
        var customers = Enumerable.Range(0, 16).Select(async i =>
        {
            var conversation = $"pool-{i}";
            for (var turn = 0; turn < lines.Length; turn++)
            {
                var host = (i + turn) % 2 == 0 ? a : b;
                var replies = await host.SendAsync(PgHost.Message(conversation, lines[turn]));
                if (replies.Count == 0 || replies.Any(r => PgHost.IsApology(r.Text))) Interlocked.Increment(ref apologies);
            }
        });

        await Task.WhenAll(customers).WaitAsync(Guard);

        Assert.Equal(0, apologies);
        for (var i = 0; i < 16; i++) Assert.Single(await a.CasesAsync($"pool-{i}"));
    }

    [PostgresFact]
    public async Task What_one_instance_protects_another_instance_unprotects_with_the_key_ring_in_the_database()
    {
        // Issue 17.4: the console's cookie and anti-forgery tokens are Data Protection payloads; the key ring is shared.
        var a = Host();
        var b = Host();
        var onA = a.Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>()
            .CreateProtector("Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware", "Cookies", "v2");
        var onB = b.Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>()
            .CreateProtector("Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware", "Cookies", "v2");

        var ticket = onA.Protect("agent ticket issued on A");

        Assert.Equal("agent ticket issued on A", onB.Unprotect(ticket));
        // In one test process both hosts could also share the user profile's key folder; what makes it hold across
        // machines is the key ring in the database.
        await using var admin = NpgsqlDataSource.Create(PostgresTestSchema.ConnectionString);
        await using var count = admin.CreateCommand($"SELECT count(*) FROM \"{_schema.Name}\".data_protection_keys");
        Assert.True((long)(await count.ExecuteScalarAsync())! >= 1);
    }

    [PostgresFact]
    public void A_pool_that_over_the_planned_instances_exceeds_max_connections_refuses_to_start()
    {
        var host = Host(new() { ["Storage:Postgres:MaxPoolSize"] = "20", ["Storage:Postgres:PlannedInstances"] = "50" });
        var error = Assert.ThrowsAny<Exception>(() => host.CreateClient());
        Assert.Contains("Connection budget exceeded: 50 instance(s) × Maximum Pool Size 20", Flatten(error));
    }

    [Fact]
    public void The_sizing_rule_is_instances_times_pool_within_max_connections_less_reserve_and_headroom()
    {
        Assert.Null(PostgresConnectionBudget.CheckServer(pool: 20, instances: 4, maxConnections: 100, reserved: 3, headroom: 10));
        Assert.NotNull(PostgresConnectionBudget.CheckServer(pool: 20, instances: 5, maxConnections: 100, reserved: 3, headroom: 10));
        Assert.NotNull(PostgresConnectionBudget.CheckServer(pool: 100, instances: 2, maxConnections: 100, reserved: 3, headroom: 10));
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);

    /// <summary>Fails writes of conversation state while armed (a stand-in for a crash right before the state save).</summary>
    private sealed class FailingStateWrites
    {
        public volatile bool Armed;

        public IStorage Wrap(IStorage inner) => new Storage(inner, this);

        private sealed class Storage(IStorage inner, FailingStateWrites owner) : IStorage
        {
            public Task<IReadOnlyDictionary<string, StoreItem>> ReadAsync(IReadOnlyCollection<string> keys, CancellationToken ct = default)
                => inner.ReadAsync(keys, ct);

            public Task<IReadOnlyDictionary<string, string>> WriteAsync(IReadOnlyDictionary<string, StoreItem> changes, CancellationToken ct = default)
                => owner.Armed && changes.Keys.Any(k => k.Contains("/conversations/"))
                    ? throw new IOException("simulated loss of the instance before the state save")
                    : inner.WriteAsync(changes, ct);

            public Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken ct = default) => inner.DeleteAsync(keys, ct);
        }
    }
}

/// <summary>The whole bot (real complaint flow) on a test schema, spoken to over /api/messages with expectReplies.</summary>
internal sealed class PgHost(PostgresTestSchema schema, Dictionary<string, string?> extra, Action<IServiceCollection>? services) : WebApplicationFactory<Program>
{
    public static string ShopDirectory(PostgresTestSchema schema) => Path.Combine(Path.GetTempPath(), "complaintbot-tx-" + schema.Name);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = schema.HostSettings(ShopDirectory(schema));
        foreach (var kv in extra) settings[kv.Key] = kv.Value;
        foreach (var kv in settings) builder.UseSetting(kv.Key, kv.Value);
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(settings));
        if (services is not null) builder.ConfigureTestServices(services);
    }

    public static Activity Message(string conversationId, string text) => ApiMessages.Message(conversationId, text);

    /// <summary>The error apology of a failed turn (prompts/en-US/errors.yaml).</summary>
    public static bool IsApology(string? text) => text is not null && text.Contains("something went wrong", StringComparison.OrdinalIgnoreCase);

    public Task<List<Activity>> SendAsync(Activity activity) => ApiMessages.SendAsync(CreateClient(), activity);

    public Task<IReadOnlyList<Case>> CasesAsync(string conversationId)
        => Services.GetRequiredService<ICaseStore>().QueryAsync(new CaseQuery(ConversationId: conversationId));

    public async Task<List<string?>> TranscriptTextsAsync(string conversationId)
        => (await Services.GetRequiredService<ITranscriptStore>().ReadAsync(ConversationKey.Of("webchat", conversationId)))
            .Select(e => e.Activity.Text).ToList();
}

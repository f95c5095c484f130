using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Handoff;
using ComplaintBot.Dialogs.Turns;
using ComplaintBot.Tests.Stores;
using ComplaintBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintBot.Tests.Agents;

/// <summary>
/// Two agents open the case of the same conversation handed over without one at the same instant
/// (<c>POST /agent/api/conversations/{id}/case</c>): one case is opened, the other agent is told the conversation has one
/// (409), and no second case is created and withdrawn (it used to be: a closed case with "opened twice at once" in the
/// store and the case numbers). Both requests read the hand-off entry before either goes on (<see cref="GatedHandoffStore"/>),
/// which is the race; on SQLite and on PostgreSQL, the real app over HTTP.
/// </summary>
public sealed class CaseOpeningRaceTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60); // only stops a broken build from hanging

    [Fact]
    public async Task Two_agents_opening_a_case_at_once_get_one_case_and_the_second_is_told_so_on_sqlite()
    {
        var gate = new GatedHandoffStore.Gate();
        await using var host = new AgentConsoleHost(services: s => GatedHandoffStore.Install(s, gate));
        await OneCaseAsync(host, gate);
    }

    [PostgresFact]
    public async Task Two_agents_opening_a_case_at_once_get_one_case_and_the_second_is_told_so_on_postgres()
    {
        await using var schema = new PostgresTestSchema();
        var shop = Path.Combine(Path.GetTempPath(), "race-shop-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(shop);
        try
        {
            var gate = new GatedHandoffStore.Gate();
            await using var host = new AgentConsoleHost(services: s => GatedHandoffStore.Install(s, gate), settings: schema.HostSettings(shop));
            Assert.Contains("Postgres", host.Services.GetRequiredService<ICaseStore>().GetType().Name);
            await OneCaseAsync(host, gate);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(shop, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task OneCaseAsync(AgentConsoleHost host, GatedHandoffStore.Gate gate)
    {
        const string conversation = "case-race";
        var bot = host.Services.GetRequiredService<IBot>();
        await host.CustomerSaysAsync(conversation, "I want a human", "en-US", bot: bot.OnTurnAsync);
        var demo = await host.SignInDemoAsync();
        var lead = await host.SignInAsync("lead", "lead");
        Assert.Equal(HttpStatusCode.OK, (await demo.PostAsync($"agent/api/conversations/{conversation}/take", new { })).StatusCode);
        var cases = host.Services.GetRequiredService<ICaseStore>();
        Assert.Empty(await cases.QueryAsync(new CaseQuery(ConversationId: conversation)));

        // Both requests have read the entry (no case yet) before either may go on.
        gate.Arm(conversation, 2);
        var first = demo.PostAsync($"agent/api/conversations/{conversation}/case", new { description = "mug arrived broken" });
        var second = lead.PostAsync($"agent/api/conversations/{conversation}/case", new { description = "the mug is broken" });
        var answers = await Task.WhenAll(first, second).WaitAsync(Guard);
        Assert.True(gate.Released, "both requests read the entry before either saved");

        var codes = answers.Select(a => a.StatusCode).Order().ToList();
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], codes);
        var won = answers.Single(a => a.StatusCode == HttpStatusCode.OK);
        var number = (await won.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseNumber").GetString();

        // One case, open, with the agent: nothing created and withdrawn.
        var stored = Assert.Single(await cases.QueryAsync(new CaseQuery(ConversationId: conversation, Limit: 1000)));
        Assert.Equal((number, CaseStatus.WithAgent), (stored.Number, stored.Status));
        Assert.Single(await cases.QueryAsync(new CaseQuery(Limit: 1000)));
        Assert.Equal(number, (await host.Handoff.Store.GetAsync(conversation))!.CaseNumber);
        // The customer is told one case number, once.
        Assert.Single(host.Channel.TextsTo(conversation), t => t.StartsWith(HandoffTemplates.CaseOpened, StringComparison.Ordinal));

        // Asked again later, the second agent is told which case the conversation has.
        var again = await lead.PostAsync($"agent/api/conversations/{conversation}/case", new { description = "again" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(number, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseNumber").GetString());
    }
}

/// <summary>
/// The app's hand-off store, with a gate: once armed for a conversation, its next <c>n</c> reads wait until all <c>n</c>
/// have arrived, so concurrent requests all read the same version of the entry before any of them saves.
/// </summary>
public sealed class GatedHandoffStore(IHandoffStore inner, GatedHandoffStore.Gate gate) : IHandoffStore
{
    public sealed class Gate
    {
        private readonly object _lock = new();
        private string? _conversation;
        private int _waiting;
        private TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public bool Released { get; private set; }

        public void Arm(string conversationId, int readers)
        {
            lock (_lock) (_conversation, _waiting, _all, Released) = (conversationId, readers, new(TaskCreationOptions.RunContinuationsAsynchronously), false);
        }

        public Task PassAsync(string conversationId)
        {
            lock (_lock)
            {
                if (_conversation != conversationId || _waiting == 0) return Task.CompletedTask;
                if (--_waiting == 0)
                {
                    Released = true;
                    _conversation = null;
                    _all.TrySetResult();
                }
                return _all.Task.WaitAsync(TimeSpan.FromSeconds(60));
            }
        }
    }

    public static void Install(IServiceCollection services, Gate gate)
    {
        var original = services.Last(d => d.ServiceType == typeof(IHandoffStore));
        services.Remove(original);
        services.AddSingleton<IHandoffStore>(sp => new GatedHandoffStore(
            original.ImplementationInstance as IHandoffStore
            ?? (IHandoffStore)(original.ImplementationFactory?.Invoke(sp) ?? ActivatorUtilities.CreateInstance(sp, original.ImplementationType!)), gate));
    }

    public async Task<HandoffEntry?> GetAsync(string conversationId, CancellationToken ct = default)
    {
        var entry = await inner.GetAsync(conversationId, ct);
        await gate.PassAsync(conversationId);
        return entry;
    }

    public Task<bool> TrySaveAsync(HandoffEntry entry, CancellationToken ct = default) => inner.TrySaveAsync(entry, ct);
    public Task<IReadOnlyList<HandoffEntry>> ListAsync(HandoffListFilter filter, CancellationToken ct = default) => inner.ListAsync(filter, ct);
    public Task<int> QueueLengthAsync(CancellationToken ct = default) => inner.QueueLengthAsync(ct);
    public Task<int> QueuePositionAsync(string conversationId, CancellationToken ct = default) => inner.QueuePositionAsync(conversationId, ct);
    public Task<int> DeleteAsync(string conversationId, CancellationToken ct = default) => inner.DeleteAsync(conversationId, ct);
}

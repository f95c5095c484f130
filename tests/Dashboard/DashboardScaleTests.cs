using System.Collections.Concurrent;
using ComplaintBot.Bot.Dashboard;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Tests.Agents;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintBot.Tests.Dashboard;

/// <summary>
/// The dashboard, the batch-issue check and the agent console on a store with thousands of cases: their answers come
/// from aggregate and bounded queries, never from reading every case document into memory (real host, SQLite).
/// </summary>
public sealed class DashboardScaleTests : IAsyncLifetime
{
    private const int Cases = 5000;
    private readonly AgentConsoleHost _host = new(services: s =>
        s.AddSingleton(new BatchAlertOptions { Enabled = false, Threshold = 3, Window = TimeSpan.FromHours(24) }));

    public async Task InitializeAsync()
    {
        var store = _host.Services.GetRequiredService<ICaseStore>();
        for (var start = 0; start < Cases; start += 500)
            await Task.WhenAll(Enumerable.Range(start, 500).Select(i => store.CreateAsync(new Case
            {
                ConversationId = "scale-" + i, ChannelId = "webchat", Locale = "en-US", ProductSku = "SKU-" + (i % 7),
                Category = ComplaintCategory.Logistics, Facts = { Problem = "Damaged", Wish = "Exchange" },
            })));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task With_5000_cases_the_dashboard_and_the_batch_check_count_in_the_store_without_reading_case_documents()
    {
        var db = _host.Services.GetRequiredService<SqliteDatabase>();
        await using var agent = await _host.SignInDemoAsync();
        var statements = new ConcurrentQueue<string>();
        db.StatementObserver = statements.Enqueue;
        try
        {
            var figures = await agent.GetJsonAsync("agent/api/dashboard?period=30d");
            var raised = await _host.Services.GetRequiredService<BatchAlertService>().CheckAsync();
            var console = await agent.Http.GetAsync("agent/api/queue");

            Assert.Equal(Cases, figures.GetProperty("total").GetInt32());
            Assert.Equal(Cases, figures.GetProperty("open").GetInt32());
            Assert.Equal(7, raised.Count); // every SKU has ~714 complaints today
            Assert.True(console.IsSuccessStatusCode);
        }
        finally { db.StatementObserver = null; }

        Assert.NotEmpty(statements);
        // A case document read is "SELECT json, version FROM complaint_case ..." (SqliteCaseStore); aggregates read columns
        // and JSON fields inside SQLite and return one row per group.
        Assert.DoesNotContain(statements, s => s.Contains("SELECT json, version FROM complaint_case", StringComparison.Ordinal));
    }
}

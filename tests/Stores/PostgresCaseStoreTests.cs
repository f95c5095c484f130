using ComplaintBot.Bot.Stores;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Tests.Support;

namespace ComplaintBot.Tests.Stores;

/// <summary>Two bot instances opening and updating cases at once; the provider-neutral cases are in the contract suite.</summary>
public sealed class PostgresCaseStoreTests : IAsyncLifetime
{
    private readonly PostgresTestSchema _schema = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _schema.DisposeAsync().AsTask();

    [PostgresFact]
    public async Task CasesOpenedOnTwoInstancesAtOnceGetDistinctGapFreeNumbers()
    {
        var clock = new Complaints.ManualClock(new DateTimeOffset(2026, 11, 24, 9, 30, 0, TimeSpan.Zero));
        var instances = new[] { new PostgresCaseStore(_schema.NewInstance(), clock), new PostgresCaseStore(_schema.NewInstance(), clock) };

        var created = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(() =>
            instances[i % 2].CreateAsync(new Case { ConversationId = $"conv-{i}", ProductSku = "SKU-7" }))));

        Assert.Equal(Enumerable.Range(1, 30).Select(n => CaseNumbers.Format(clock.GetUtcNow(), n)), created.Select(c => c.Number).Order());
        Assert.Equal(30, await instances[0].CountOpenBySkuAsync("SKU-7"));
    }

    [PostgresFact]
    public async Task AgentAndBotSavingTheSameCaseFromTwoInstancesConflictInsteadOfOverwriting()
    {
        var bot = new PostgresCaseStore(_schema.NewInstance());
        var agent = new PostgresCaseStore(_schema.NewInstance());
        var created = await bot.CreateAsync(new Case { ConversationId = "conv-x" });

        var botCopy = (await bot.GetAsync(created.Number))!;
        var agentCopy = (await agent.GetAsync(created.Number))!;
        agentCopy.Apply(CaseTransition.Escalate, DateTimeOffset.UtcNow, "taken over", actor: "agent-1");
        await agent.SaveAsync(agentCopy);
        botCopy.Csat = 2;

        await Assert.ThrowsAsync<CaseConflictException>(() => bot.SaveAsync(botCopy));
        var stored = (await bot.GetAsync(created.Number))!;
        Assert.Equal(CaseStatus.Escalated, stored.Status);
        Assert.Null(stored.Csat);
        Assert.Equal(2, stored.Version);
    }
}

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
    [PostgresFact]
    public async Task A_store_made_by_the_old_schema_opens_with_its_pending_follow_ups_still_found()
    {
        var now = new DateTimeOffset(2026, 11, 24, 9, 30, 0, TimeSpan.Zero);
        var clock = new Complaints.ManualClock(now);
        await using (var source = Npgsql.NpgsqlDataSource.Create(PostgresTestSchema.ConnectionString))
        {
            var s = _schema.Name;
            // The tables as stores created before 2026-12-08 have them: the follow-up indexed by an expression over the document.
            await using (var ddl = source.CreateCommand($"""
                CREATE SCHEMA "{s}";
                CREATE TABLE "{s}"."case_counters" (day text PRIMARY KEY, last integer NOT NULL);
                CREATE TABLE "{s}"."cases" (number text PRIMARY KEY, version integer NOT NULL, conversation_id text NOT NULL,
                    customer_id text, status text NOT NULL, sku text, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL, doc json NOT NULL);
                CREATE INDEX "cases_follow_up" ON "{s}"."cases" (((doc->'followUp'->>'pendingAt')::bigint));
                INSERT INTO "{s}"."case_counters" VALUES ('20261124', 3);
                """))
                await ddl.ExecuteNonQueryAsync();
            foreach (var (number, pendingAt) in new[] { ("C20261124-0001", (long?)CaseFollowUp.Key(now.AddHours(5))), ("C20261124-0002", CaseFollowUp.Key(now.AddHours(1))), ("C20261124-0003", null) })
            {
                var c = new Case { Number = number, Version = 1, ConversationId = "conv-" + number, ChannelId = "test", CreatedAt = now, UpdatedAt = now };
                if (pendingAt is not null) c.FollowUp = new CaseFollowUp { PendingAt = pendingAt };
                await using var insert = source.CreateCommand($"INSERT INTO \"{s}\".\"cases\" VALUES ($1, 1, $2, NULL, 'Open', NULL, $3, $3, $4::json)");
                insert.Parameters.Add(new Npgsql.NpgsqlParameter { Value = number });
                insert.Parameters.Add(new Npgsql.NpgsqlParameter { Value = c.ConversationId });
                insert.Parameters.Add(new Npgsql.NpgsqlParameter { Value = now });
                insert.Parameters.Add(new Npgsql.NpgsqlParameter { Value = CaseJson.Serialize(c) });
                await insert.ExecuteNonQueryAsync();
            }
        }

        var store = new PostgresCaseStore(_schema.NewInstance(), clock);

        Assert.Equal(["C20261124-0002", "C20261124-0001"], (await store.DueFollowUpsAsync(now.AddHours(6), 10)).Select(c => c.Number));
        var sent = (await store.GetAsync("C20261124-0002"))!;
        sent.FollowUp!.PendingAt = null;
        await store.SaveAsync(sent);
        Assert.Equal(["C20261124-0001"], (await store.DueFollowUpsAsync(now.AddHours(6), 10)).Select(c => c.Number));
        Assert.Equal("C20261124-0004", (await store.CreateAsync(new Case { ConversationId = "conv-new", ChannelId = "test" })).Number);
        await using (var source = Npgsql.NpgsqlDataSource.Create(PostgresTestSchema.ConnectionString))
        await using (var indexes = source.CreateCommand($"SELECT count(*) FROM pg_indexes WHERE schemaname = '{_schema.Name}' AND tablename = 'cases' AND indexdef LIKE '%doc%'"))
            Assert.Equal(0L, (long)(await indexes.ExecuteScalarAsync())!);
    }
}

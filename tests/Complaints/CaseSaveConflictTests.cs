using ComplaintBot.Dialogs.Cases;

namespace ComplaintBot.Tests.Complaints;

/// <summary>
/// Issue 14.6: two tabs (or two conversations of one customer, or an agent) save the same case. The save that lost the
/// race re-reads the case and applies its change again; the customer's turn does not fail and neither change is lost.
/// </summary>
public sealed class CaseSaveConflictTests
{
    [Fact]
    public async Task A_case_saved_meanwhile_by_someone_else_does_not_fail_the_customers_turn()
    {
        var cases = new ContendedCaseStore(new InMemoryCaseStore());
        using var h = new ComplaintHarness(cases: cases);
        var customer = h.Customer("en-US");
        await customer.SendAsync("My parcel arrived broken, the box was crushed.");
        var number = (await h.OnlyCaseAsync(customer)).Number;

        // From now on, each turn's first save of the case loses to another writer (the customer's other tab).
        cases.CompeteOnEverySave = true;
        foreach (var line in new[] { "The order number is SO10000001", "I would like a replacement please", "yes", "Replacement" })
        {
            cases.NewTurn();
            var replies = await customer.SendAsync(line); // before the fix: CaseConflictException out of the turn
            Assert.NotEmpty(replies);
        }

        Assert.True(cases.Competitions > 0, "the turns saved the case");
        var c = (await h.Cases.GetAsync(number))!;
        Assert.Contains(ContendedCaseStore.OtherTabNote, c.Facts.Corrections); // the other writer's change survived
        Assert.Equal("SO10000001", c.OrderNumber); // and so did the turn's
    }

    /// <summary>Before the first save of a case, another writer saves it first (from the same version), so that save conflicts.</summary>
    private sealed class ContendedCaseStore(ICaseStore inner) : ICaseStore
    {
        public const string OtherTabNote = "noted in the customer's other tab";
        public volatile bool CompeteOnEverySave;
        public int Competitions;
        private readonly HashSet<string> _competed = new();

        public void NewTurn() => _competed.Clear();

        public async Task SaveAsync(Case @case, CancellationToken ct = default)
        {
            if (CompeteOnEverySave && _competed.Add(@case.Number))
            {
                var other = CaseJson.Copy(@case);
                if (await inner.GetAsync(@case.Number, ct) is { } stored) other = CaseJson.Copy(stored);
                other.Version = @case.Version;
                if (!other.Facts.Corrections.Contains(OtherTabNote)) other.Facts.Corrections.Add(OtherTabNote);
                await inner.SaveAsync(other, ct);
                Interlocked.Increment(ref Competitions);
            }
            await inner.SaveAsync(@case, ct);
        }

        public Task<Case> CreateAsync(Case draft, CancellationToken ct = default) => inner.CreateAsync(draft, ct);
        public Task<Case?> GetAsync(string number, CancellationToken ct = default) => inner.GetAsync(number, ct);
        public Task<Case?> FindOpenAsync(string? customerId, string? channelId, string? conversationId, CancellationToken ct = default) => inner.FindOpenAsync(customerId, channelId, conversationId, ct);
        public Task<IReadOnlyList<Case>> QueryAsync(CaseQuery query, CancellationToken ct = default) => inner.QueryAsync(query, ct);
        public Task<int> CountOpenBySkuAsync(string sku, string? exceptNumber = null, CancellationToken ct = default) => inner.CountOpenBySkuAsync(sku, exceptNumber, ct);
        public Task<CaseStatistics> GetStatisticsAsync(CaseStatisticsQuery query, CancellationToken ct = default) => inner.GetStatisticsAsync(query, ct);
        public Task<IReadOnlyList<ProductComplaintCount>> CountByProductSinceAsync(DateTimeOffset since, int atLeast, CancellationToken ct = default) => inner.CountByProductSinceAsync(since, atLeast, ct);
        public Task<IReadOnlyList<Case>> DueFollowUpsAsync(DateTimeOffset now, int limit, CancellationToken ct = default) => inner.DueFollowUpsAsync(now, limit, ct);
    }
}

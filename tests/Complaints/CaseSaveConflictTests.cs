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
        var (store, cases) = ContendedCaseStore.Over(new InMemoryCaseStore());
        using var h = new ComplaintHarness(cases: store);
        var customer = h.Owner("en-US", "SO10000001");
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

    /// <summary>
    /// Before the first save of a case in a turn, another writer saves it first (from the same version), so that save
    /// conflicts. Every other member goes straight to the real store (a proxy, so new store members need no change here).
    /// </summary>
    public class ContendedCaseStore : System.Reflection.DispatchProxy
    {
        public const string OtherTabNote = "noted in the customer's other tab";
        private ICaseStore _inner = null!;
        private readonly HashSet<string> _competed = new();
        public volatile bool CompeteOnEverySave;
        public int Competitions;

        public static (ICaseStore Store, ContendedCaseStore Control) Over(ICaseStore inner)
        {
            var store = Create<ICaseStore, ContendedCaseStore>();
            var control = (ContendedCaseStore)(object)store;
            control._inner = inner;
            return (store, control);
        }

        public void NewTurn() => _competed.Clear();

        protected override object? Invoke(System.Reflection.MethodInfo? method, object?[]? args)
            => method!.Name == nameof(ICaseStore.SaveAsync)
                ? SaveAsync((Case)args![0]!, (CancellationToken)args[1]!)
                : method.Invoke(_inner, args);

        private async Task SaveAsync(Case @case, CancellationToken ct)
        {
            if (CompeteOnEverySave && _competed.Add(@case.Number))
            {
                var other = CaseJson.Copy(await _inner.GetAsync(@case.Number, ct) ?? @case);
                other.Version = @case.Version;
                if (!other.Facts.Corrections.Contains(OtherTabNote)) other.Facts.Corrections.Add(OtherTabNote);
                await _inner.SaveAsync(other, ct);
                Interlocked.Increment(ref Competitions);
            }
            await _inner.SaveAsync(@case, ct);
        }
    }
}

namespace ComplaintBot.Dialogs.Cases;

/// <summary>
/// Complaint cases. Used by the complaint dialogs, the agent queue/summary (hand-off) and the dashboard.
/// Saves are optimistic: <see cref="SaveAsync"/> fails with <see cref="CaseConflictException"/> when someone
/// else saved the case since it was read.
/// </summary>
public interface ICaseStore
{
    /// <summary>Assigns the number (C{yyyyMMdd}-{seq}, sequence per day), status history and timestamps; stores it.</summary>
    Task<Case> CreateAsync(Case draft, CancellationToken ct = default);

    Task<Case?> GetAsync(string number, CancellationToken ct = default);

    /// <summary>Stores the case when its <see cref="Case.Version"/> is still current, then increments it.</summary>
    Task SaveAsync(Case @case, CancellationToken ct = default);

    /// <summary>
    /// The newest open case of this customer (preferred when known), else of this conversation (channel and id both
    /// match). <paramref name="customerId"/> must be one the channel proved, never one derived from what the customer typed.
    /// </summary>
    Task<Case?> FindOpenAsync(string? customerId, string? channelId, string? conversationId, CancellationToken ct = default);

    Task<IReadOnlyList<Case>> QueryAsync(CaseQuery query, CancellationToken ct = default);

    /// <summary>
    /// Open cases on one SKU (batch detection), optionally excluding one case; counting stops at <paramref name="atMost"/>.
    /// Runs on every complaint turn that names a product: with a cap the work stays the same however many cases a
    /// popular product has collected (an uncapped count read every one of them).
    /// </summary>
    Task<int> CountOpenBySkuAsync(string sku, string? exceptNumber = null, int atMost = int.MaxValue, CancellationToken ct = default);

    /// <summary>Dashboard figures for the cases created in a period (aggregated by the store; rules: <see cref="CaseStatisticsRules"/>).</summary>
    Task<CaseStatistics> GetStatisticsAsync(CaseStatisticsQuery query, CancellationToken ct = default);

    /// <summary>Products (SKU, else product name) with at least <paramref name="atLeast"/> cases created since <paramref name="since"/>; most first.</summary>
    Task<IReadOnlyList<ProductComplaintCount>> CountByProductSinceAsync(DateTimeOffset since, int atLeast, CancellationToken ct = default);

    /// <summary>
    /// Cases whose follow-up needs attention by <paramref name="now"/> (<see cref="CaseFollowUp.PendingAt"/> reached),
    /// earliest first. Claiming one is an ordinary <see cref="SaveAsync"/>: its version check lets one instance win.
    /// </summary>
    Task<IReadOnlyList<Case>> DueFollowUpsAsync(DateTimeOffset now, int limit, CancellationToken ct = default);

    /// <summary>The cases of one customer (<see cref="CustomerKey.Matches"/>), oldest first: for export and erasure.</summary>
    Task<IReadOnlyList<Case>> FindForCustomerAsync(CustomerKey key, int limit = 1000, CancellationToken ct = default);

    /// <summary>Deletes these cases (their follow-ups live inside them); returns how many rows went.</summary>
    Task<int> DeleteAsync(IReadOnlyCollection<string> numbers, CancellationToken ct = default);

    /// <summary>Retention: deletes closed cases last changed before <paramref name="cutoff"/>; returns how many.</summary>
    Task<int> DeleteClosedBeforeAsync(DateTimeOffset cutoff, CancellationToken ct = default);
}

/// <summary>All filters optional; results newest first.</summary>
public sealed record CaseQuery(
    IReadOnlyCollection<CaseStatus>? Statuses = null,
    string? CustomerId = null,
    string? ConversationId = null,
    DateTimeOffset? Since = null,
    int Limit = 200);

public sealed class CaseConflictException(string number)
    : Exception($"Case {number} was changed by someone else since it was read.")
{
    public string Number { get; } = number;

    // Every case store throws this once per conflict it detects: counted here once for all of them.
    private readonly bool _counted = Runtime.BotTelemetry.CountConflict("cases");
}

public static class CaseNumbers
{
    public static string Format(DateTimeOffset day, int sequence) => $"C{day:yyyyMMdd}-{sequence:0000}";
}

/// <summary>
/// Read-change-save with the store's version check, repeated on a conflict (issue 14.6): when another writer — the
/// customer's other tab or conversation, an agent, another instance — saved the case between our read and our save,
/// read it again and apply the change again instead of failing the customer's turn. <paramref name="change"/> must be
/// safe to run again on a fresh copy (it sets, or adds what is missing).
/// </summary>
public static class CaseUpdates
{
    public const int MaxAttempts = 8;

    /// <returns>The saved case, or null when there is no case with that number.</returns>
    public static async Task<Case?> UpdateAsync(this ICaseStore cases, string number, Func<Case, Task> change, Func<DateTimeOffset> now, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var c = await cases.GetAsync(number, ct);
            if (c is null) return null;
            await change(c);
            c.UpdatedAt = now();
            try
            {
                await cases.SaveAsync(c, ct);
                return c;
            }
            catch (CaseConflictException) when (attempt < MaxAttempts) { }
        }
    }
}

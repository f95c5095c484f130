namespace ComplaintBot.Dialogs.Cases;

/// <summary>Process-local store for tests and demos; same semantics as <see cref="SqliteCaseStore"/>.</summary>
public sealed class InMemoryCaseStore(TimeProvider? clock = null, TimeZoneInfo? shopZone = null) : ICaseStore
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly TimeZoneInfo _zone = shopZone ?? TimeZoneInfo.Utc;
    private readonly object _gate = new();
    private readonly Dictionary<string, Case> _cases = new();
    private readonly Dictionary<string, int> _sequence = new();

    public Task<Case> CreateAsync(Case draft, CancellationToken ct = default)
    {
        var now = _clock.GetUtcNow();
        var c = CaseJson.Copy(draft);
        lock (_gate)
        {
            var day = TimeZoneInfo.ConvertTime(now, _zone);
            var key = day.ToString("yyyyMMdd");
            _sequence[key] = _sequence.GetValueOrDefault(key) + 1;
            c.Number = CaseNumbers.Format(day, _sequence[key]);
            CaseStoreRules.Initialise(c, now);
            _cases[c.Number] = CaseJson.Copy(c);
        }
        return Task.FromResult(c);
    }

    public Task<Case?> GetAsync(string number, CancellationToken ct = default)
    {
        lock (_gate) return Task.FromResult(_cases.TryGetValue(number, out var c) ? CaseJson.Copy(c) : null);
    }

    public Task SaveAsync(Case @case, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (!_cases.TryGetValue(@case.Number, out var current) || current.Version != @case.Version)
                throw new CaseConflictException(@case.Number);
            @case.Version++;
            if (@case.UpdatedAt == default) @case.UpdatedAt = _clock.GetUtcNow();
            _cases[@case.Number] = CaseJson.Copy(@case);
        }
        return Task.CompletedTask;
    }

    public Task<Case?> FindOpenAsync(string? customerId, string? channelId, string? conversationId, CancellationToken ct = default)
    {
        lock (_gate)
        {
            var open = _cases.Values.Where(c => c.IsOpen).OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Number).ToList();
            var hit = (customerId is null ? null : open.FirstOrDefault(c => c.CustomerId == customerId))
                      ?? (conversationId is null ? null : open.FirstOrDefault(c => c.ConversationId == conversationId && c.ChannelId == channelId));
            return Task.FromResult(hit is null ? null : CaseJson.Copy(hit));
        }
    }

    public Task<IReadOnlyList<Case>> QueryAsync(CaseQuery q, CancellationToken ct = default)
    {
        lock (_gate)
        {
            IReadOnlyList<Case> list = _cases.Values
                .Where(c => q.Statuses is null || q.Statuses.Contains(c.Status))
                .Where(c => q.CustomerId is null || c.CustomerId == q.CustomerId)
                .Where(c => q.ConversationId is null || c.ConversationId == q.ConversationId)
                .Where(c => q.Since is null || c.CreatedAt >= q.Since)
                .OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Number)
                .Take(q.Limit).Select(CaseJson.Copy).ToList();
            return Task.FromResult(list);
        }
    }

    public Task<int> CountOpenBySkuAsync(string sku, string? exceptNumber = null, int atMost = int.MaxValue, CancellationToken ct = default)
    {
        lock (_gate) return Task.FromResult(_cases.Values.Where(c => c.IsOpen && c.ProductSku == sku && c.Number != exceptNumber).Take(atMost).Count());
    }

    public Task<CaseStatistics> GetStatisticsAsync(CaseStatisticsQuery query, CancellationToken ct = default)
    {
        lock (_gate) return Task.FromResult(CaseStatisticsRules.Compute(_cases.Values, query));
    }

    public Task<IReadOnlyList<ProductComplaintCount>> CountByProductSinceAsync(DateTimeOffset since, int atLeast, CancellationToken ct = default)
    {
        lock (_gate) return Task.FromResult(CaseStatisticsRules.CountByProduct(_cases.Values, since, atLeast));
    }

    public Task<IReadOnlyList<Case>> DueFollowUpsAsync(DateTimeOffset now, int limit, CancellationToken ct = default)
    {
        var key = CaseFollowUp.Key(now);
        lock (_gate)
        {
            IReadOnlyList<Case> list = _cases.Values
                .Where(c => c.FollowUp?.PendingAt is { } at && at <= key)
                .OrderBy(c => c.FollowUp!.PendingAt).ThenBy(c => c.Number)
                .Take(limit).Select(CaseJson.Copy).ToList();
            return Task.FromResult(list);
        }
    }

    public Task<IReadOnlyList<Case>> FindForCustomerAsync(CustomerKey key, int limit = 1000, CancellationToken ct = default)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<Case>>(_cases.Values.Where(key.Matches).OrderBy(c => c.CreatedAt).ThenBy(c => c.Number)
                .Take(limit).Select(CaseJson.Copy).ToList());
    }

    public Task<int> DeleteAsync(IReadOnlyCollection<string> numbers, CancellationToken ct = default)
    {
        lock (_gate) return Task.FromResult(numbers.Distinct().Count(n => _cases.Remove(n)));
    }

    public Task<int> DeleteClosedBeforeAsync(DateTimeOffset cutoff, CancellationToken ct = default)
    {
        lock (_gate)
        {
            var old = _cases.Values.Where(c => c.Status == CaseStatus.Closed && c.UpdatedAt < cutoff).Select(c => c.Number).ToList();
            foreach (var n in old) _cases.Remove(n);
            return Task.FromResult(old.Count);
        }
    }
}

/// <summary>What every ICaseStore does to a new case.</summary>
public static class CaseStoreRules
{
    public static void Initialise(Case c, DateTimeOffset now)
    {
        c.Version = 1;
        if (c.CreatedAt == default) c.CreatedAt = now;
        c.UpdatedAt = now;
        if (c.History.Count == 0) c.History.Add(new StatusChange(c.Status, now, "bot", null, CaseTransition.Open));
    }
}

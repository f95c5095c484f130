using System.Text.Json;
using ComplaintBot.Bot.Agents;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Policy;
using ComplaintBot.Dialogs.State;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace ComplaintBot.Bot.Dashboard;

/// <summary>One raised alert: <see cref="Count"/> complaints on one product within the window, rated by <see cref="BatchIssueRule"/>.</summary>
public sealed record BatchAlert(
    string Key, string? Sku, string? ProductName, int Count, Impact Impact, int Threshold, double WindowHours,
    DateTimeOffset RaisedAt, DateTimeOffset FirstAt, DateTimeOffset LastAt);

/// <summary>
/// Batch-issue alerts. <see cref="CheckAsync"/> asks the case store which products reached the threshold within the
/// window, records each new alert in <see cref="IStorage"/> (one document, written with its ETag, so several instances
/// or a restart still raise an alert once per product per window) and publishes it for the agent hub.
/// </summary>
public sealed class BatchAlertService(
    ICaseStore cases, IStorage storage, INotificationBus bus, BatchAlertOptions options, IOptions<PolicyOptions> policy,
    TimeProvider clock, ILogger<BatchAlertService> log)
{
    public const string StorageKey = "dashboard/batch-alerts";
    public const string Topic = "dashboard.batch-alert";
    private const int MaxAttempts = 10;
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly BatchIssueRule _rule = BatchIssueRule.From(policy.Value);

    public int Threshold => options.Threshold is > 0 and var t ? t : _rule.BatchThreshold;

    /// <summary>Raises the alerts due now; returns the ones this call raised (none when another instance was first).</summary>
    public async Task<IReadOnlyList<BatchAlert>> CheckAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var products = await cases.CountByProductSinceAsync(now - options.Window, Threshold, ct);
        if (products.Count == 0) return [];

        for (var attempt = 1; ; attempt++)
        {
            var (recorded, etag) = await ReadAsync(ct);
            var raised = products
                .Where(p => !recorded.Alerts.Any(a => a.Key == p.Key && a.RaisedAt > now - options.Window))
                .Select(p => new BatchAlert(p.Key, p.Sku, p.ProductName, p.Count, ImpactOf(p.Count), Threshold,
                    options.Window.TotalHours, now, p.FirstAt, p.LastAt))
                .ToList();
            if (raised.Count == 0) return [];

            var kept = raised.Concat(recorded.Alerts).Select((a, i) => (a, i))
                .Where(x => x.i < options.Keep || x.a.RaisedAt > now - options.Window).Select(x => x.a).ToList();
            try
            {
                await storage.WriteAsync(new Dictionary<string, StoreItem>
                {
                    [StorageKey] = new(JsonSerializer.Serialize(new AlertLog { Alerts = kept }, Json), etag),
                }, ct);
            }
            catch (StorageConflictException) when (attempt < MaxAttempts)
            {
                continue; // someone else recorded alerts in between: re-read, they may be ours
            }

            foreach (var a in raised)
            {
                log.LogWarning("Batch issue: {Count} complaints on {Product} within {Hours} h (threshold {Threshold})",
                    a.Count, a.Key, a.WindowHours, a.Threshold);
                await bus.PublishAsync(Topic, JsonSerializer.Serialize(a, Json), ct);
            }
            return raised;
        }
    }

    /// <summary>Recorded alerts raised at or after <paramref name="since"/>, newest first.</summary>
    public async Task<IReadOnlyList<BatchAlert>> ListAsync(DateTimeOffset? since = null, CancellationToken ct = default)
    {
        var (recorded, _) = await ReadAsync(ct);
        return recorded.Alerts.Where(a => since is null || a.RaisedAt >= since).OrderByDescending(a => a.RaisedAt).ToList();
    }

    // Systemic when the count reaches Policy:SystemicThreshold; otherwise an alert is at least a batch issue.
    private Impact ImpactOf(int count) => _rule.ImpactOf(count) is Impact.Systemic ? Impact.Systemic : Impact.Batch;

    private async Task<(AlertLog Log, string? ETag)> ReadAsync(CancellationToken ct)
    {
        var items = await storage.ReadAsync([StorageKey], ct);
        return items.TryGetValue(StorageKey, out var item)
            ? (JsonSerializer.Deserialize<AlertLog>(item.Json, Json) ?? new AlertLog(), item.ETag)
            : (new AlertLog(), null);
    }

    private sealed class AlertLog
    {
        public List<BatchAlert> Alerts { get; set; } = new();
    }
}

/// <summary>Checks for batch issues at start-up and every <c>Dashboard:BatchAlert:CheckInterval</c>.</summary>
public sealed class BatchAlertMonitor(BatchAlertService alerts, BatchAlertOptions options, TimeProvider clock, ILogger<BatchAlertMonitor> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled) return;
        using var timer = new PeriodicTimer(options.CheckInterval, clock);
        try
        {
            do
            {
                try
                {
                    await alerts.CheckAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    log.LogWarning(ex, "batch-issue check failed");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) { }
    }
}

/// <summary>Pushes raised alerts (possibly from another instance) to every connected console as <c>batchAlert(alert)</c>.</summary>
public sealed class BatchAlertRelay(INotificationBus bus, IHubContext<AgentHub> hub, ILogger<BatchAlertRelay> log) : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken ct)
    {
        _subscription = bus.Subscribe(BatchAlertService.Topic, async payload =>
        {
            var alert = JsonSerializer.Deserialize<BatchAlert>(payload, BatchAlertService.Json);
            if (alert is null) return;
            await hub.Clients.Group(AgentHub.AllAgents).SendAsync("batchAlert", alert);
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct)
    {
        try { Interlocked.Exchange(ref _subscription, null)?.Dispose(); }
        catch (Exception ex) { log.LogWarning(ex, "unsubscribing the batch alert relay failed during shutdown"); }
        return Task.CompletedTask;
    }
}

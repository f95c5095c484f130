using ComplaintBot.Bot.Stores;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Handoff;
using ComplaintBot.Dialogs.State;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ComplaintBot.Bot.Hosting;

// One check per store a turn depends on, each through its own interface, so /readyz says which one is down whatever the
// provider (SQLite, PostgreSQL, memory). Each does the cheapest real read: a missing key, a missing case, one queue row.

internal sealed class StorageReadinessCheck(IStorage storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        await storage.ReadAsync(["readyz/probe"], ct);
        return HealthCheckResult.Healthy(storage.GetType().Name);
    }
}

internal sealed class CaseStoreReadinessCheck(ICaseStore cases) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        await cases.GetAsync("C00000000-0000", ct);
        return HealthCheckResult.Healthy(cases.GetType().Name);
    }
}

internal sealed class HandoffStoreReadinessCheck(IHandoffStore queue) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        await queue.ListAsync(HandoffListFilter.Queue with { Limit = 1 }, ct);
        return HealthCheckResult.Healthy(queue.GetType().Name);
    }
}

/// <summary>With PostgreSQL, cross-instance notifications need the LISTEN connection; in-process buses are always ready.</summary>
internal sealed class NotificationBusReadinessCheck(INotificationBus bus) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        => Task.FromResult(bus is PostgresNotificationBus pg
            ? pg.ListenerProcessId != 0 ? HealthCheckResult.Healthy("PostgreSQL LISTEN connected") : HealthCheckResult.Unhealthy("PostgreSQL LISTEN connection is down; reconnecting")
            : HealthCheckResult.Healthy(bus.GetType().Name));
}

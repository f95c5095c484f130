using Microsoft.Extensions.Options;

namespace ComplaintBot.Bot.Channels.DirectLine;

/// <summary>
/// Deletes uploaded files older than <see cref="DirectLineOptions.AttachmentRetention"/>, every
/// <see cref="DirectLineOptions.AttachmentCleanupInterval"/> (on the host's <see cref="TimeProvider"/>). Idempotent, so
/// several instances sharing one store may all run it.
/// </summary>
public sealed class DirectLineAttachmentCleanup(
    IServiceProvider services, IOptions<DirectLineOptions> options, TimeProvider clock, ILogger<DirectLineAttachmentCleanup> log) : BackgroundService
{
    /// <summary>How far back the first run looks for days to clean (nothing older was ever noted).</summary>
    private const int FirstRunLookBackDays = 400;

    /// <summary>One pass; returns how many files were deleted.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        var retention = options.Value.AttachmentRetention;
        if (retention <= TimeSpan.Zero) return 0;
        // Resolved here, not in the constructor: the stores come from other areas and may be missing in some hosts.
        var conversations = services.GetRequiredService<DirectLineConversations>();
        // A day may go once all of it lies before now − retention.
        var lastDay = DateOnly.FromDateTime((clock.GetUtcNow() - retention).UtcDateTime).AddDays(-1);
        var backfilled = await conversations.BackfillUnnotedUploadsAsync(lastDay, ct);
        if (backfilled > 0) log.LogInformation("Deleted {Count} uploaded files from before uploads were noted by day", backfilled);
        var from = (await conversations.CleanedThroughAsync(ct))?.AddDays(1) ?? lastDay.AddDays(-FirstRunLookBackDays);
        if (from > lastDay) return backfilled;
        var days = new List<DateOnly>();
        for (var d = from; d <= lastDay; d = d.AddDays(1)) days.Add(d);
        var deleted = await conversations.DeleteUploadsOfDaysAsync(days, ct);
        await conversations.SetCleanedThroughAsync(lastDay, ct);
        if (deleted > 0) log.LogInformation("Deleted {Count} uploaded files from {From} to {To}", deleted, from, lastDay);
        return backfilled + deleted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // First pass one interval after start, not during start-up.
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await Task.Delay(options.Value.AttachmentCleanupInterval, clock, stoppingToken); }
            catch (OperationCanceledException) { return; }
            try { await RunOnceAsync(stoppingToken); }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception ex) { log.LogWarning(ex, "Cleanup of old uploads failed; will retry"); }
        }
    }
}

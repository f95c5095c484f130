using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.State;
using Microsoft.Extensions.Options;

namespace ComplaintBot.Bot.Privacy;

/// <summary>
/// Applies <see cref="PrivacyOptions.TranscriptRetention"/> and <see cref="PrivacyOptions.ClosedCaseRetention"/> every
/// <see cref="PrivacyOptions.RetentionSweepInterval"/> (on the host's <see cref="TimeProvider"/>); a pass that deleted
/// anything is written to the audit log. Idempotent, so every instance sharing one store may run it.
/// </summary>
public sealed class RetentionService(
    IServiceProvider services, IOptions<PrivacyOptions> options, PrivacyAudit audit, TimeProvider clock, ILogger<RetentionService> log) : BackgroundService
{
    public const string Actor = "retention";

    /// <summary>One pass; returns (transcript entries, closed cases) deleted.</summary>
    public async Task<(int TranscriptEntries, int Cases)> RunOnceAsync(CancellationToken ct = default)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        // Resolved here: the stores come from other areas and a host may lack one.
        var transcripts = o.TranscriptRetention > TimeSpan.Zero && services.GetService<ITranscriptStore>() is { } t
            ? await t.DeleteBeforeAsync(now - o.TranscriptRetention, ct) : 0;
        var cases = o.ClosedCaseRetention > TimeSpan.Zero && services.GetService<ICaseStore>() is { } c
            ? await c.DeleteClosedBeforeAsync(now - o.ClosedCaseRetention, ct) : 0;
        if (transcripts + cases > 0)
        {
            await audit.AppendAsync(new PrivacyAuditRecord(now, Actor, PrivacyAudit.Retention, null, new Dictionary<string, int>
            {
                ["transcriptEntries"] = transcripts, ["cases"] = cases,
            }), ct);
            log.LogInformation("Retention deleted {Transcripts} transcript entries and {Cases} closed cases", transcripts, cases);
        }
        return (transcripts, cases);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // First pass one interval after start, not during start-up.
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await Task.Delay(options.Value.RetentionSweepInterval, clock, stoppingToken); }
            catch (OperationCanceledException) { return; }
            try { await RunOnceAsync(stoppingToken); }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception ex) { log.LogWarning(ex, "Retention pass failed; will retry"); }
        }
    }
}

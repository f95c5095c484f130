using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ComplaintBot.Dialogs.Runtime;

/// <summary>
/// The bot's own traces and metrics, on the BCL's <see cref="ActivitySource"/> and <see cref="Meter"/> so the dialogs
/// library needs no telemetry package: the host subscribes (OpenTelemetry) or nobody does, and then starting a span
/// costs a null check. Names follow OpenTelemetry's conventions (seconds, dotted lower-case).
/// </summary>
public static class BotTelemetry
{
    public const string Name = "ComplaintBot";

    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    public static readonly Histogram<double> TurnDuration = Meter.CreateHistogram<double>(
        "complaintbot.turn.duration", "s", "Time from an activity entering the turn pipeline to its end.");
    public static readonly Counter<long> Turns = Meter.CreateCounter<long>(
        "complaintbot.turns", "{turn}", "Turns run, by channel and activity type.");
    public static readonly Counter<long> Escalations = Meter.CreateCounter<long>(
        "complaintbot.escalations", "{escalation}", "Conversations handed to people, by reason and trigger.");
    public static readonly Histogram<double> QueueWait = Meter.CreateHistogram<double>(
        "complaintbot.handoff.queue.wait", "s", "Time a customer waited in the agent queue before an agent took over.");
    public static readonly Histogram<double> AnalyzerDuration = Meter.CreateHistogram<double>(
        "complaintbot.sentiment.duration", "s", "Time the sentiment analyzer took for one message, by provider.");
    public static readonly Histogram<double> LlmDuration = Meter.CreateHistogram<double>(
        "complaintbot.llm.duration", "s", "Time one language-model call took, by use and outcome.");
    public static readonly Counter<long> StoreConflicts = Meter.CreateCounter<long>(
        "complaintbot.store.conflicts", "{conflict}", "Optimistic-concurrency conflicts detected by the stores, by store.");

    /// <summary>The queue length the host samples (see TelemetrySetup); -1 until the first sample.</summary>
    public static long QueueLength = -1;

    static BotTelemetry()
    {
        Meter.CreateObservableGauge("complaintbot.handoff.queue.length",
            () => Interlocked.Read(ref QueueLength) is var n and >= 0 ? new[] { new Measurement<long>(n) } : Array.Empty<Measurement<long>>(),
            "{conversation}", "Conversations waiting for an agent.");
    }

    internal static bool CountConflict(string store)
    {
        StoreConflicts.Add(1, new KeyValuePair<string, object?>("store", store));
        return true;
    }

    /// <summary>A child span of the turn (NLU, sentiment, a dialog step, a store commit); null when nobody listens.</summary>
    public static Activity? StartSpan(string name, ActivityKind kind = ActivityKind.Internal) => Source.StartActivity(name, kind);

    public static void Fail(this Activity? span, Exception ex)
    {
        if (span is null) return;
        span.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
        span.AddException(ex);
    }
}

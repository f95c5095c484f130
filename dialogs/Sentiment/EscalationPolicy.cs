using Microsoft.Extensions.Options;

namespace ComplaintBot.Dialogs.Sentiment;

/// <summary>Bound from `Sentiment:Escalation`.</summary>
public sealed class EscalationOptions
{
    public const string Section = "Sentiment:Escalation";

    /// <summary>Anger (0..1) of one message at which a person takes over.</summary>
    public double AngerThreshold { get; set; } = 0.75;
    /// <summary>Weight of the newest message in the exponentially weighted anger trend.</summary>
    public double TrendAlpha { get; set; } = 0.5;
    /// <summary>Minimum rise of the trend per turn, for <see cref="TrendRisingTurns"/> turns in a row, to escalate early.</summary>
    public double TrendRiseStep { get; set; } = 0.12;
    public int TrendRisingTurns { get; set; } = 2;
    /// <summary>A steep rise only counts once the latest message is at least this angry (a rise from 0.01 to 0.2 is noise).</summary>
    public double TrendMinimumAnger { get; set; } = 0.4;
    /// <summary>Messages kept in <see cref="MoodState.RecentAnger"/>.</summary>
    public int Window { get; set; } = 6;
    public int NotUnderstoodTurns { get; set; } = 3;
    public bool EscalateOnThreat { get; set; } = true;
    public bool EscalateOnSafety { get; set; } = true;
    /// <summary>Treat the analyzer's human-request cues (人工, real person…) as an explicit request.</summary>
    public bool HumanRequestFromCues { get; set; } = true;
    public string[] HighTiers { get; set; } = ["gold", "platinum", "vip", "svip"];
    public string[] SeriousSeverities { get; set; } = ["serious", "urgent"];
    /// <summary>Decisions kept per conversation (escalations are kept before plain "no" decisions).</summary>
    public int MaxDecisions { get; set; } = 50;
}

/// <summary>
/// The escalation rules of the design: explicit request, safety, threat, anger over the threshold, a steeply
/// rising trend (predictive), repeated misunderstanding, and a high-tier customer with a serious case. Mood
/// triggers (anger, trend) never fire on a message whose label is positive or neutral, and threat/safety cues
/// never on a positive one, so calm conversations stay with the bot. Every evaluation is recorded with its reason.
/// </summary>
public sealed class EscalationPolicy : IEscalationPolicy
{
    public static class Triggers
    {
        public const string None = "none";
        public const string HumanRequest = "human-request";
        public const string Safety = "safety";
        public const string Threat = "threat";
        public const string Anger = "anger";
        public const string Trend = "trend";
        public const string NotUnderstood = "not-understood";
        public const string TierSeverity = "tier-severity";
    }

    private readonly EscalationOptions _options;
    private readonly TimeProvider _clock;

    public EscalationPolicy(IOptions<EscalationOptions> options, TimeProvider? clock = null)
        : this(options.Value, clock) { }

    public EscalationPolicy(EscalationOptions? options = null, TimeProvider? clock = null)
    {
        _options = options ?? new EscalationOptions();
        _clock = clock ?? TimeProvider.System;
    }

    public EscalationDecision Evaluate(MoodState mood, SentimentResult latest, EscalationContext context)
    {
        var o = _options;
        var anger = Math.Clamp(latest.Anger, 0, 1);
        var previousTrend = mood.TrendHistory.Count == 0 ? 0 : mood.Trend;
        mood.Trend = Math.Round(o.TrendAlpha * anger + (1 - o.TrendAlpha) * previousTrend, 4);
        Push(mood.RecentAnger, anger, o.Window);
        Push(mood.TrendHistory, mood.Trend, o.Window);
        mood.NotUnderstoodStreak = context.NotUnderstood ? mood.NotUnderstoodStreak + 1 : 0;

        var upset = latest.Label is SentimentLabel.Negative or SentimentLabel.Mixed;
        var notPositive = latest.Label != SentimentLabel.Positive;
        (string Trigger, string Reason)? hit = null;

        if (context.ExplicitHumanRequest || (o.HumanRequestFromCues && latest.AsksForHuman))
            hit = (Triggers.HumanRequest, "customer asked for a person" + CueText(latest, CueKind.HumanRequest));
        else if (o.EscalateOnSafety && notPositive && latest.HasSafetyIssue)
            hit = (Triggers.Safety, "personal-safety issue" + CueText(latest, CueKind.Safety));
        else if (o.EscalateOnThreat && notPositive && latest.HasThreat)
            hit = (Triggers.Threat, "threat of complaint/legal action" + CueText(latest, CueKind.Threat));
        else if (upset && anger >= o.AngerThreshold)
            hit = (Triggers.Anger, FormattableString.Invariant($"anger {anger:0.00} ≥ threshold {o.AngerThreshold:0.00}") + CueText(latest, null));
        else if (upset && anger >= o.TrendMinimumAnger && RisingSteeply(mood.TrendHistory, o))
            hit = (Triggers.Trend, FormattableString.Invariant(
                $"anger trend rising {o.TrendRisingTurns} turns in a row: {string.Join(" → ", mood.TrendHistory.TakeLast(o.TrendRisingTurns + 1).Select(t => t.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))}"));
        else if (mood.NotUnderstoodStreak >= o.NotUnderstoodTurns)
            hit = (Triggers.NotUnderstood, $"not understood {mood.NotUnderstoodStreak} turns in a row");
        else if (context.CustomerTier is { } tier && context.Severity is { } severity
                 && o.HighTiers.Contains(tier, StringComparer.OrdinalIgnoreCase)
                 && o.SeriousSeverities.Contains(severity, StringComparer.OrdinalIgnoreCase))
            hit = (Triggers.TierSeverity, $"{tier} customer with a {severity} case");

        var decision = hit is { } h
            ? new EscalationDecision(true, h.Trigger, h.Reason)
            : new EscalationDecision(false, Triggers.None, FormattableString.Invariant(
                $"{latest.Label.ToString().ToLowerInvariant()}, anger {anger:0.00}, trend {mood.Trend:0.00}: stays with the bot"));
        Record(mood, new EscalationRecord(_clock.GetUtcNow(), anger, mood.Trend, decision.Trigger!, decision.Reason!, decision.Escalate));
        return decision;
    }

    private static bool RisingSteeply(List<double> trend, EscalationOptions o)
    {
        if (trend.Count < o.TrendRisingTurns + 1) return false;
        for (var k = trend.Count - o.TrendRisingTurns; k < trend.Count; k++)
            if (trend[k] - trend[k - 1] < o.TrendRiseStep) return false;
        return true;
    }

    private static string CueText(SentimentResult r, CueKind? kind)
    {
        var cues = r.Cues.Where(c => kind == null ? c.Kind is CueKind.Anger or CueKind.Profanity or CueKind.Complaint or CueKind.Caps or CueKind.Punctuation : c.Kind == kind)
            .Select(c => c.Text).Distinct().Take(4).ToList();
        return cues.Count == 0 ? "" : $" ({string.Join(", ", cues)})";
    }

    private static void Push(List<double> list, double value, int window)
    {
        list.Add(value);
        while (list.Count > Math.Max(window, 1)) list.RemoveAt(0);
    }

    private void Record(MoodState mood, EscalationRecord record)
    {
        mood.Decisions.Add(record);
        while (mood.Decisions.Count > Math.Max(_options.MaxDecisions, 1))
        {
            var oldestQuiet = mood.Decisions.FindIndex(d => !d.Escalated);
            mood.Decisions.RemoveAt(oldestQuiet >= 0 ? oldestQuiet : 0);
        }
    }
}

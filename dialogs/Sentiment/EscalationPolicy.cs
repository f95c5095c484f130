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
    /// <summary>Hand over when frustration built over the turns reaches <see cref="FrustrationThreshold"/>, even with no single angry message.</summary>
    public bool EscalateOnFrustration { get; set; } = true;
    /// <summary>
    /// Decayed sum of frustration points at which a person takes over. A message's points are its signals' weights
    /// (repeat 1.0, anyone there 1.0, ultimatum 1.2, waiting days 0.6, dissatisfaction 0.6, ?? 0.5 / ??? 0.8, restatement
    /// rejected again 1.0; at most 2 per message), plus <see cref="FrustrationAngerPoints"/> when such a message's anger is at least 0.5.
    /// </summary>
    public double FrustrationThreshold { get; set; } = 2.2;
    /// <summary>Share of the frustration carried to the next message.</summary>
    public double FrustrationDecay { get; set; } = 0.8;
    public double FrustrationAngerPoints { get; set; } = 0.5;
    /// <summary>Frustration only fires when at least this many of the last <see cref="FrustrationTurns"/> messages showed a sign: it must build up.</summary>
    public int FrustrationSignalTurns { get; set; } = 2;
    public int FrustrationTurns { get; set; } = 4;
    /// <summary>Decisions kept per conversation (escalations are kept before plain "no" decisions).</summary>
    public int MaxDecisions { get; set; } = 50;
}

/// <summary>
/// The escalation rules of the design: explicit request, safety, threat, anger over the threshold, a steeply
/// rising trend (predictive), frustration built up over several turns (repeats, "anyone there?", waiting days,
/// ultimatums, ???, a rejected restatement), repeated misunderstanding, and a high-tier customer with a serious case. Mood
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
        public const string Frustration = "frustration";
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
        var signals = UpdateFrustration(mood, anger, context);

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
        else if (o.EscalateOnFrustration && notPositive && mood.Frustration >= o.FrustrationThreshold
                 && mood.FrustrationPoints.TakeLast(o.FrustrationTurns).Count(p => p > 0) >= o.FrustrationSignalTurns)
            hit = (Triggers.Frustration, FormattableString.Invariant(
                $"frustration {mood.Frustration:0.00} ≥ {o.FrustrationThreshold:0.00}, signs in {mood.FrustrationPoints.TakeLast(o.FrustrationTurns).Count(p => p > 0)} of the last {Math.Min(o.FrustrationTurns, mood.FrustrationPoints.Count)} messages")
                + (signals.Count == 0 ? "" : $" ({string.Join(", ", signals.Select(x => $"{x.Kind}: {x.Text}"))})"));
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
                $"{latest.Label.ToString().ToLowerInvariant()}, anger {anger:0.00}, trend {mood.Trend:0.00}, frustration {mood.Frustration:0.00}: stays with the bot"));
        Record(mood, new EscalationRecord(_clock.GetUtcNow(), anger, mood.Trend, decision.Trigger!, decision.Reason!, decision.Escalate));
        return decision;
    }

    /// <summary>Adds this message's frustration points to the mood; returns its signals.</summary>
    private List<FrustrationSignal> UpdateFrustration(MoodState mood, double anger, EscalationContext context)
    {
        var o = _options;
        var text = context.Text ?? "";
        var shape = FrustrationSignals.Shape(text);
        var repeats = mood.RecentShapes.Any(s => FrustrationSignals.SameMessage(s, shape));
        mood.RecentShapes.Add(shape);
        while (mood.RecentShapes.Count > 3) mood.RecentShapes.RemoveAt(0);
        var signals = FrustrationSignals.Read(text, repeats);
        if (context.RejectsRestatement && ++mood.RestatementRejections >= 2)
            signals.Add(new FrustrationSignal(FrustrationSignals.Kinds.RestatementRejected, $"{mood.RestatementRejections}×", 1.0));
        var points = Math.Min(2.0, signals.Sum(x => x.Weight));
        if (signals.Count > 0 && anger >= 0.5) points += o.FrustrationAngerPoints;
        mood.Frustration = Math.Round(o.FrustrationDecay * mood.Frustration + points, 4);
        Push(mood.FrustrationPoints, Math.Round(points, 4), Math.Max(o.FrustrationTurns, 1));
        if (signals.Count > 0) mood.FrustrationSignals = signals.Select(x => $"{x.Kind}: {x.Text}").ToList();
        return signals;
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

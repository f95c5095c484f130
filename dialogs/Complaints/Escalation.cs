using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Nlu;
using ComplaintBot.Dialogs.Sentiment;
using ComplaintBot.Dialogs.Turns;
using Microsoft.Extensions.Logging;

namespace ComplaintBot.Dialogs.Complaints;

/// <summary>
/// Anger tracking and hand-off: the sentiment of every customer message updates the conversation's mood
/// (kept in the session), the escalation policy decides, and an escalation marks the case and calls the
/// <see cref="IHandoffRequester"/>.
/// </summary>
public sealed class Escalations(
    ISentimentAnalyzer sentiments,
    IEscalationPolicy policy,
    TurnUnderstanding turns,
    ICaseStore cases,
    CaseRecorder recorder,
    IHandoffRequester handoff,
    TimeProvider clock,
    ILogger log)
{
    private const string SentimentKey = "complaint.sentiment";
    private const string DecisionKey = "complaint.escalation";

    /// <summary>This turn's sentiment (analysed once per turn).</summary>
    public async Task<SentimentResult> SentimentAsync(ITurnContext turn, string locale, CancellationToken ct)
    {
        if (turn.TurnState.TryGetValue(SentimentKey, out var o) && o is SentimentResult r) return r;
        try
        {
            r = await sentiments.AnalyzeAsync(turn.Activity.Text ?? "", locale, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The turn never fails because of sentiment; a neutral reading keeps the flow going.
            log.LogWarning(ex, "Sentiment analysis failed; treating the message as neutral");
            r = SentimentResult.NeutralFor(sentiments.Name);
        }
        turn.TurnState[SentimentKey] = r;
        return r;
    }

    /// <summary>Runs the escalation policy on this message (once per turn); the mood is updated either way.</summary>
    public async Task<EscalationDecision> CheckAsync(ITurnContext turn, ComplaintSession session, bool humanRequest, CancellationToken ct)
    {
        if (turn.TurnState.TryGetValue(DecisionKey, out var d) && d is EscalationDecision done) return done;
        var locale = session.Locale ?? "zh-CN";
        var sentiment = await SentimentAsync(turn, locale, ct);
        // An excessive demand (十倍赔偿) is answered by the remedy step with the legal basis first; it only escalates
        // when the customer refuses the highest allowed offer. So its words don't count as a threat here.
        var x = await turns.ExtractAsync(turn, ct);
        if (x.Excessive is { } demand && sentiment.Cues.Any(c => c.Kind == CueKind.Threat && Overlaps(c.Text, demand.Text)))
            sentiment = sentiment with { Cues = sentiment.Cues.Where(c => !(c.Kind == CueKind.Threat && Overlaps(c.Text, demand.Text))).ToList() };
        var current = session.CurrentIssue?.CaseNumber is { } n ? await cases.GetAsync(n, ct) : null;
        // A "no" or a correction while the restatement still waits for the customer's yes rejects it.
        var rejectsRestatement = current is { Restatements.Count: > 0, Status: CaseStatus.Open or CaseStatus.Clarifying }
            && current.History.All(h => h.Transition != CaseTransition.ConfirmRestatement)
            && (x.Answer == Answer.No || x.IsCorrection);
        var decision = policy.Evaluate(session.Mood, sentiment,
            new EscalationContext(session.LastTurnNotUnderstood, session.CustomerTier, current?.Severity.ToString(), humanRequest,
                turn.Activity.Text, rejectsRestatement));
        // With a demand beyond authority on the table, the remedy step answers first (legal basis, highest offer) and
        // hands over to a supervisor if that is refused; only safety and an explicit request bypass that here.
        if (decision.Escalate && x.Excessive is not null
            && decision.Trigger is not (EscalationPolicy.Triggers.Safety or EscalationPolicy.Triggers.HumanRequest))
            decision = EscalationDecision.None;
        turn.TurnState[DecisionKey] = decision;
        return decision;
    }

    /// <summary>
    /// Runs the policy on this message and, when it says so, hands the conversation to a person for the policy's
    /// trigger; true when it did (the turn then ends).
    /// </summary>
    public async Task<bool> EscalateOnPolicyAsync(ITurnContext turn, ComplaintSession session, CancellationToken ct)
    {
        var decision = await CheckAsync(turn, session, humanRequest: false, ct);
        if (!decision.Escalate) return false;
        await EscalateAsync(turn, session, HandoffTriggers.PolicyPrefix + decision.Trigger, decision.Reason ?? decision.Trigger ?? "", false, ct);
        return true;
    }

    /// <summary>
    /// The reply (a prompt key) to a message that answers none of the open question's options: a rant ("你们太过分了", "I've
    /// waited two weeks!!") is a feeling, not nonsense, and is acknowledged; anything else is "not understood", and counted
    /// so (<see cref="ComplaintSession.LastTurnNotUnderstood"/>). The caller asks its question again either way.
    /// </summary>
    public async Task<string> UnansweredReplyAsync(ITurnContext turn, ComplaintSession session, Extraction x, CancellationToken ct)
    {
        if (await FeelingAsync(turn, session, x, ct) is { } feeling) return feeling;
        session.LastTurnNotUnderstood = true;
        return "clarify.not_understood";
    }

    /// <summary>
    /// The acknowledgement (a <c>feeling.*</c> prompt key) for a message that vents instead of answering the open question,
    /// or null when it does not vent: read from this turn's sentiment and the frustration signs the policy found in it this
    /// turn (both computed once per turn, before the step runs). Waiting and repeating are named; anything else is "upset".
    /// </summary>
    private async Task<string?> FeelingAsync(ITurnContext turn, ComplaintSession session, Extraction x, CancellationToken ct)
    {
        if (x.IsNoise || x.IsBareAnswer) return null;
        var sentiment = await SentimentAsync(turn, session.Locale ?? "zh-CN", ct);
        // The policy's reading of this turn (only when it ran on it: the mood's latest points are this message's).
        var signs = turn.TurnState.ContainsKey(DecisionKey) && session.Mood.FrustrationPoints is [.., > 0]
            ? session.Mood.FrustrationSignals : [];
        var vents = signs.Count > 0 || sentiment.Label is SentimentLabel.Negative or SentimentLabel.Mixed || sentiment.Anger >= 0.3
                    || KeywordRules.Default.SaysComplaint(x.Text);
        if (!vents) return null;
        if (signs.Any(s => s.StartsWith(FrustrationSignals.Kinds.Waiting + ":", StringComparison.Ordinal))) return "feeling.waited";
        if (signs.Any(s => s.StartsWith(FrustrationSignals.Kinds.Repeat + ":", StringComparison.Ordinal))) return "feeling.repeated";
        return "feeling.upset";
    }

    private static bool Overlaps(string a, string b)
        => a.Contains(b, StringComparison.OrdinalIgnoreCase) || b.Contains(a, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A person for a conversation with no complaint in it (a bare "转人工", a question the FAQ cannot answer): no case
    /// record of any kind. The queue entry and the transcript are what the agent works from; a case is opened only when a
    /// complaint turns up (by the agent in the console, or by the bot after hand-back).
    /// </summary>
    /// <param name="customer">The shop's record of the signed-in customer (name and contact for the console and a call back); null when anonymous.</param>
    public async Task HandOverWithoutCaseAsync(ITurnContext turn, ComplaintSession session, Orders.Customer? customer, string trigger, string reason, CancellationToken ct)
    {
        var locale = session.Locale ?? "zh-CN";
        log.LogInformation("Conversation handed to a person without a case: {Trigger} — {Reason}", trigger, reason);
        await handoff.RequestAsync(turn, new HandoffRequest(null, trigger, reason, false, locale, session.Mood, customer), ct);
    }

    /// <summary>Marks every open case of the session escalated (creating one if none exists yet) and asks for a person.</summary>
    public async Task EscalateAsync(ITurnContext turn, ComplaintSession session, string trigger, string reason, bool supervisor, CancellationToken ct)
    {
        var locale = session.Locale ?? "zh-CN";
        var created = session.Issues.Count == 0;
        if (created) session.Issues.Add(new IssueState { Description = turn.Activity.Text });
        await recorder.EnsureCasesAsync(turn, session, ct);
        var number = session.CurrentIssue?.CaseNumber ?? session.CaseNumbers.Last();
        // Re-read and re-applied if another writer saved the case meanwhile (issue 14.6).
        var c = await cases.UpdateAsync(number, x =>
        {
            // The first trigger is why the case went to a person: a later one (remedies refused after an angry hand-off
            // was handed back) is noted but does not overwrite it, so the dashboard's escalation reasons stay true.
            if (x.EscalationTrigger is null)
            {
                x.EscalationTrigger = trigger;
                x.EscalationReason = reason;
            }
            if (x.Priority < CasePriority.High) x.Priority = CasePriority.High;
            x.AnalysisReasons.Add($"priority {x.Priority}: escalated ({trigger})");
            x.Apply(CaseTransition.Escalate, clock.GetUtcNow(), reason);
            return Task.CompletedTask;
        }, clock.GetUtcNow, ct) ?? throw new InvalidOperationException($"Case {number} vanished.");
        session.Escalated = true;
        log.LogInformation("Case {Case} escalated: {Trigger} — {Reason}", c.Number, trigger, reason);
        await handoff.RequestAsync(turn, new HandoffRequest(c, trigger, reason, supervisor, locale, session.Mood), ct);
    }
}

/// <summary>
/// The default hand-off: the case is already marked escalated; tell the customer a person (or a supervisor) takes
/// over. The hand-off area registers its own <see cref="IHandoffRequester"/> that also queues the conversation.
/// </summary>
public sealed class RecordingHandoffRequester(Text.PromptLibrary prompts) : IHandoffRequester
{
    public List<HandoffRequest> Requests { get; } = new();

    public async Task RequestAsync(ITurnContext turn, HandoffRequest request, CancellationToken ct = default)
    {
        lock (Requests) Requests.Add(request);
        var key = request.Case is null ? "handoff.person_no_case" : request.ToSupervisor ? "handoff.supervisor" : "handoff.person";
        var reply = Schema.Activity.CreateMessage(prompts.Render(request.Locale, key, new { caseNumber = request.Case?.Number }));
        reply.Locale = request.Locale;
        await turn.SendActivityAsync(reply, ct);
    }
}


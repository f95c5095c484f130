using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Nlu;
using ComplaintBot.Dialogs.Orders;
using ComplaintBot.Dialogs.Policy;
using ComplaintBot.Dialogs.Runtime;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Dialogs.Text;

namespace ComplaintBot.Dialogs.Complaints;

/// <summary>
/// The root of the complaint conversation: greet → acknowledge → (per problem: clarify → restate → verify →
/// remedies → confirm) → satisfaction. Its interruption hook runs on every message before the active step:
/// help, cancel, start over, "talk to a person", photos as evidence, and the anger check (sentiment analyzer +
/// escalation policy, mood kept in conversation state) that hands the conversation to a human.
/// </summary>
public sealed class ComplaintDialog : InterruptibleDialog
{
    private readonly IStatePropertyAccessor<ComplaintSession> _sessions;
    private readonly TurnUnderstanding _turns;
    private readonly ComplaintMessages _messages;
    private readonly IOrderService _orders;
    private readonly ICaseStore _cases;
    private readonly CaseRecorder _recorder;
    private readonly Escalations _escalations;
    private readonly AcknowledgeStep _acknowledge;
    private readonly SettledCases _settled;
    private readonly ComplaintOptions _options;
    private readonly PolicyOptions _policy;
    private readonly TimeProvider _clock;

    /// <summary>The root and its step dialogs, as <see cref="ComplaintComposition"/> builds them.</summary>
    public ComplaintDialog(
        IStatePropertyAccessor<ComplaintSession> sessions, TurnUnderstanding turns, ComplaintMessages messages, IOrderService orders,
        ICaseStore cases, CaseRecorder recorder, Escalations escalations, AcknowledgeStep acknowledge, SettledCases settled,
        ComplaintOptions options, PolicyOptions policy, TimeProvider clock,
        IssueDialog issue, ClarifyDialog clarify, RestateDialog restate, RemedyDialog remedies, CsatDialog csat) : base(DialogIds.Root)
    {
        (_sessions, _turns, _messages, _orders, _cases, _recorder) = (sessions, turns, messages, orders, cases, recorder);
        (_escalations, _acknowledge, _settled, _options, _policy, _clock) = (escalations, acknowledge, settled, options, policy, clock);
        AddDialog(new WaterfallDialog(DialogIds.Main)
            .AddStep(StartAsync)
            .AddStep(AcknowledgeAsync)
            .AddStep(IssuesAsync)
            .AddStep(SatisfactionAsync)
            .AddStep(FinishAsync));
        AddDialog(issue);
        AddDialog(clarify);
        AddDialog(restate);
        AddDialog(remedies);
        AddDialog(csat);
        AddDialog(new TextPrompt(DialogIds.Text));
        InitialDialogId = DialogIds.Main;
    }

    // ---- the main waterfall -----------------------------------------------------------------------------------

    private async Task<DialogTurnResult> StartAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var turn = step.Context;
        var start = step.GetOptions<ComplaintStart>() ?? new ComplaintStart();
        var session = await _sessions.GetAsync(turn, ct);
        var activity = turn.Activity;

        if (start.Mode is ComplaintStart.Modes.Csat or ComplaintStart.Modes.Remedies)
        {
            session.Locale ??= LocaleResolver.Resolve(activity.Locale, null);
            session.Escalated = false; // handed back by a person
            if (start.Mode == ComplaintStart.Modes.Csat) return await step.BeginDialogAsync(DialogIds.Csat, null, ct);
            return await step.BeginDialogAsync(DialogIds.Issue, new IssueOptions { ResumeAt = IssueOptions.Steps.Remedies }, ct);
        }

        // A new complaint in this conversation starts from a clean slate (the mood history stays).
        var mood = session.Mood;
        var customer = session.CustomerId;
        // The language stays: the customer who switched to English is still answered in English.
        // What the customer proved (or failed to) about an order holds for the whole conversation: no fresh tries.
        session = new ComplaintSession
        {
            Mood = mood, CustomerId = customer ?? CustomerIdentity.Of(turn), Locale = session.Locale,
            Proof = session.Proof, ProofFailures = session.ProofFailures, ProofDeclinedFor = session.ProofDeclinedFor,
        };
        await _sessions.SetAsync(turn, session, ct);

        if (start.Mode == ComplaintStart.Modes.Restart || activity.Type != ActivityTypes.Message)
        {
            if (activity.Type == ActivityTypes.ConversationUpdate)
            {
                session.Locale = LocaleResolver.Resolve(activity.Locale, null);
                await _messages.SayAsync(turn, session.Locale, "greeting.welcome", ct: ct);
            }
            return Dialog.EndOfTurn; // the customer's next message is the complaint
        }
        return await step.NextAsync(activity.Text, ct);
    }

    /// <summary>
    /// Resumed by a hand-back (at the remedies or the rating): the complaint is registered and restated already, so
    /// the steps before the one resumed at are passed over, not run again for the same case.
    /// </summary>
    private static bool Resumed(WaterfallStepContext step, params string[] modes)
        => step.GetOptions<ComplaintStart>()?.Mode is { } mode && modes.Contains(mode);

    private async Task<DialogTurnResult> AcknowledgeAsync(WaterfallStepContext step, CancellationToken ct)
    {
        if (Resumed(step, ComplaintStart.Modes.Csat, ComplaintStart.Modes.Remedies)) return await step.NextAsync(null, ct);
        var turn = step.Context;
        var session = await _sessions.GetAsync(turn, ct);
        var x = await _turns.ExtractAsync(turn, ct);
        var intent = await _turns.UnderstandAsync(turn, ct);
        session.Locale = _turns.ChooseLocale(session.Locale, turn.Activity, intent);
        session.CustomerId ??= CustomerIdentity.Of(turn);
        // The shop's record of the signed-in customer, read once: the tier for the case, name and contact for a hand-off.
        var customer = session.CustomerId is { } id ? await _orders.GetCustomerAsync(id, ct) : null;
        if (customer is not null) session.CustomerTier = customer.Tier.ToString();

        // The rating for a case a person just resolved is no new complaint.
        if (await _settled.TryRateAsync(turn, session.Locale, x, ct))
            return await step.ReplaceDialogAsync(DialogIds.Main, new ComplaintStart { Mode = ComplaintStart.Modes.Restart }, ct);
        // Only a complaint opens a case: questions, moods, "not a complaint" and a bare request for a person don't.
        if (x.Intent is not (Intent.Help or Intent.Cancel) && await AnswerNonComplaintAsync(step, session, customer, x, intent, ct) is { } answered)
            return answered;
        switch (x.Intent)
        {
            case Intent.Help:
                await _messages.SayAsync(turn, session.Locale, "interrupt.help", ct: ct);
                return await step.ReplaceDialogAsync(DialogIds.Main, new ComplaintStart { Mode = ComplaintStart.Modes.Restart }, ct);
            case Intent.Cancel:
                await _messages.SayAsync(turn, session.Locale, "interrupt.cancelled", ct: ct);
                return await step.EndDialogAsync(null, ct);
            case Intent.Thanks:
                // "Thanks" after the rating (or instead of a complaint) is no new complaint.
                session.Mood.NotUnderstoodStreak = 0;
                await _messages.SayAsync(turn, session.Locale, "greeting.thanks", ct: ct);
                return await step.ReplaceDialogAsync(DialogIds.Main, new ComplaintStart { Mode = ComplaintStart.Modes.Restart }, ct);
            case Intent.Greeting when !await OpenCaseElsewhereAsync(session, turn, ct):
                // "Hi" is no complaint: no case, no apology; a returning customer with an open case hears about it instead.
                session.Mood.NotUnderstoodStreak = 0;
                await _messages.SayAsync(turn, session.Locale, "greeting.hello", ct: ct);
                return await step.ReplaceDialogAsync(DialogIds.Main, new ComplaintStart { Mode = ComplaintStart.Modes.Restart }, ct);
            case Intent.None when x.IsBareAnswer && !x.HasComplaintFacts && !await OpenCaseElsewhereAsync(session, turn, ct):
                // "好的" / "ok" with no question open (typically after the rating) is no complaint either.
                await _messages.SayAsync(turn, session.Locale, "greeting.anything_else", ct: ct);
                return await step.ReplaceDialogAsync(DialogIds.Main, new ComplaintStart { Mode = ComplaintStart.Modes.Restart }, ct);
            case Intent.None when x.IsNoise && turn.Activity.Attachments is not { Count: > 0 } && !await OpenCaseElsewhereAsync(session, turn, ct):
                // "asdfgh", "。。。": nothing to register, so no case and no apology. It still counts as not understood,
                // and enough of those in a row hand the conversation to a person as anywhere else.
                session.LastTurnNotUnderstood = true;
                if (session.Issues.Count == 0)
                {
                    // Nothing said yet to register: the person takes the conversation without a case, as for a bare
                    // request for one (a case of "asdfgh" would only inflate the dashboard).
                    var decision = await _escalations.CheckAsync(turn, session, humanRequest: false, ct);
                    if (decision.Escalate)
                    {
                        await _escalations.HandOverWithoutCaseAsync(turn, session, customer, HandoffTriggers.PolicyPrefix + decision.Trigger,
                            decision.Reason ?? decision.Trigger ?? "", ct);
                        return await step.ReplaceDialogAsync(DialogIds.Main, new ComplaintStart { Mode = ComplaintStart.Modes.Restart }, ct);
                    }
                }
                else if (await _escalations.EscalateOnPolicyAsync(turn, session, ct)) return Dialog.EndOfTurn;
                await _messages.SayAsync(turn, session.Locale, "greeting.not_understood", ct: ct);
                return await step.ReplaceDialogAsync(DialogIds.Main, new ComplaintStart { Mode = ComplaintStart.Modes.Restart }, ct);
        }
        return await _acknowledge.RunAsync(step, ct);
    }

    /// <summary>
    /// The first message when it is no complaint: a language switch, an emoji mood, a question (answered from the FAQ,
    /// or offered a person), "not a complaint", or a request for a person (handed over without a case). Null when it is a complaint (or a greeting, thanks, noise: handled below as before).
    /// </summary>
    private async Task<DialogTurnResult?> AnswerNonComplaintAsync(WaterfallStepContext step, ComplaintSession session, Orders.Customer? customer, Extraction x, IntentResult intent, CancellationToken ct)
    {
        var turn = step.Context;
        var locale = session.Locale!;
        var restart = new ComplaintStart { Mode = ComplaintStart.Modes.Restart };
        if (intent.LanguageRequest is not null && !x.HasComplaintFacts)
        {
            await _messages.SayAsync(turn, locale, "greeting.language_switched_ask", ct: ct);
            return await step.ReplaceDialogAsync(DialogIds.Main, restart, ct);
        }
        switch (intent.Intent)
        {
            case MessageIntent.Mood when intent.Mood != Mood.Neutral:
                session.Mood.NotUnderstoodStreak = 0;
                await _messages.SayAsync(turn, locale, intent.Mood == Mood.Negative ? "greeting.mood_negative" : "greeting.mood_positive", ct: ct);
                return await step.ReplaceDialogAsync(DialogIds.Main, restart, ct);
            case MessageIntent.Question:
                session.Mood.NotUnderstoodStreak = 0;
                if (intent.FaqTopic is { } topic)
                    await _messages.SayAsync(turn, locale, FaqBook.Family + "." + topic, FaqValues(_options, _policy), ct);
                else
                    await turn.SendActivityAsync(_messages.Message(locale, "faq.unknown", buttons: [_messages.Text(locale, "faq.button_agent")]), ct);
                return await step.ReplaceDialogAsync(DialogIds.Main, restart, ct);
            case MessageIntent.Unrelated:
                session.Mood.NotUnderstoodStreak = 0;
                await _messages.SayAsync(turn, locale, "greeting.unrelated", ct: ct);
                return await step.ReplaceDialogAsync(DialogIds.Main, restart, ct);
            case MessageIntent.HumanRequest when !await OpenCaseElsewhereAsync(session, turn, ct):
                // A person, without registering anything: no case exists until a complaint does. The flow waits for a
                // first message again, so after a hand-back (or no agent in time) a complaint opens a case as usual.
                await _escalations.CheckAsync(turn, session, humanRequest: true, ct);
                await _escalations.HandOverWithoutCaseAsync(turn, session, customer, HandoffTriggers.HumanRequest, "customer asked for a person", ct);
                return await step.ReplaceDialogAsync(DialogIds.Main, restart, ct);
        }
        return null;
    }

    /// <summary>The values the FAQ answers quote: the shop's figures from settings.</summary>
    internal static Dictionary<string, object?> FaqValues(ComplaintOptions options, PolicyOptions policy)
    {
        var values = options.FaqValues.ToDictionary(kv => kv.Key, kv => (object?)kv.Value);
        values["returnWindowDays"] = policy.ReturnWindowDays;
        return values;
    }

    /// <summary>
    /// An open case from an earlier conversation, which the acknowledge step reports on. (This conversation's own cases,
    /// e.g. the one just rated, are no reason to treat "hi" as a complaint.)
    /// </summary>
    private async Task<bool> OpenCaseElsewhereAsync(ComplaintSession session, Turns.ITurnContext turn, CancellationToken ct)
        => await _cases.FindOpenAsync(session.CustomerId, turn.Activity.ChannelId, turn.Activity.Conversation?.Id, ct) is { } open
           && (open.ConversationId != turn.Activity.Conversation?.Id || open.ChannelId != turn.Activity.ChannelId);

    private async Task<DialogTurnResult> IssuesAsync(WaterfallStepContext step, CancellationToken ct)
        => Resumed(step, ComplaintStart.Modes.Csat, ComplaintStart.Modes.Remedies)
            ? await step.NextAsync(null, ct)
            : await step.BeginDialogAsync(DialogIds.Issue, null, ct);

    private async Task<DialogTurnResult> SatisfactionAsync(WaterfallStepContext step, CancellationToken ct)
    {
        if (Resumed(step, ComplaintStart.Modes.Csat)) return await step.EndDialogAsync(null, ct);
        var session = await _sessions.GetAsync(step.Context, ct);
        // With a person taking over, the satisfaction question comes when they resolve the case.
        if (session.Escalated) return await step.EndDialogAsync(null, ct);
        return await step.BeginDialogAsync(DialogIds.Csat, null, ct);
    }

    private Task<DialogTurnResult> FinishAsync(WaterfallStepContext step, CancellationToken ct) => step.EndDialogAsync(null, ct);

    // ---- interruptions ----------------------------------------------------------------------------------------

    protected override async Task<DialogTurnResult?> OnInterruptAsync(DialogContext innerDc, CancellationToken ct)
    {
        var turn = innerDc.Context;
        if (turn.Activity.Type != ActivityTypes.Message) return null;
        var session = await _sessions.GetAsync(turn, ct);
        // The case the dialog was asking about was settled meanwhile (an agent resolved it): its questions are gone, and
        // the message is read afresh (a rating, a new complaint) instead of taking the settled case forward again.
        if (!(innerDc.ActiveDialog is { Id: DialogIds.Main } waiting && waiting.State["stepIndex"]?.GetValue<int>() == 0)
            && await _settled.IsStaleAsync(session, ct))
        {
            await innerDc.CancelAllDialogsAsync(ct);
            return await innerDc.BeginDialogAsync(DialogIds.Main, new ComplaintStart(), ct);
        }
        // Waiting for the first complaint message (after the welcome or "start over"): the acknowledge step answers it,
        // in the message's language, and handles help, cancel, "agent" and anger itself, so the customer is always
        // told the complaint is registered before any hand-off.
        var x = await _turns.ExtractAsync(turn, ct);
        if (innerDc.ActiveDialog is { Id: DialogIds.Main } main && main.State["stepIndex"]?.GetValue<int>() == 0
            && x.Intent != Intent.StartOver && turn.Activity.Attachments is not { Count: > 0 })
            return null;
        // Each message is answered in the language it is written in (a single "ok" or an order number changes nothing).
        var intent = await _turns.UnderstandAsync(turn, ct);
        var before = session.Locale;
        session.Locale = _turns.ChooseLocale(session.Locale, turn.Activity, intent);
        if (before is not null && before != session.Locale) await _recorder.FollowLanguageAsync(session, ct);
        var locale = session.Locale;
        if (intent.LanguageRequest is not null && !x.HasComplaintFacts && x.Intent == Intent.None)
        {
            await _messages.SayAsync(turn, locale, "greeting.language_switched", ct: ct);
            return await AskAgainAsync(innerDc, ct);
        }

        switch (x.Intent)
        {
            case Intent.Help:
                await _messages.SayAsync(turn, locale, "interrupt.help", ct: ct);
                await innerDc.RepromptDialogAsync(ct);
                return Dialog.EndOfTurn;
            case Intent.Cancel:
                var (closed, inProgress) = await CloseCasesAsync(session, "cancelled by the customer", ct);
                // Only what is really closed is called closed; an agreed remedy goes on (e.g. "cancel" at the rating).
                if (closed is null && inProgress is not null)
                    await _messages.SayAsync(turn, locale, "interrupt.cancelled_in_progress", new { caseNumber = inProgress }, ct);
                else
                    await _messages.SayAsync(turn, locale, "interrupt.cancelled", new { caseNumber = closed }, ct);
                await _sessions.SetAsync(turn, new ComplaintSession { Mood = session.Mood, CustomerId = session.CustomerId, Locale = locale }, ct);
                return await innerDc.CancelAllDialogsAsync(ct);
            case Intent.StartOver:
                _ = await CloseCasesAsync(session, "customer started over", ct);
                await _messages.SayAsync(turn, locale, "interrupt.start_over", ct: ct);
                await innerDc.CancelAllDialogsAsync(ct);
                return await innerDc.BeginDialogAsync(DialogIds.Main, new ComplaintStart { Mode = ComplaintStart.Modes.Restart }, ct);
            case Intent.Human:
                await _escalations.CheckAsync(turn, session, humanRequest: true, ct);
                await _escalations.EscalateAsync(turn, session, HandoffTriggers.HumanRequest, "customer asked for a person", false, ct);
                return Dialog.EndOfTurn;
        }

        // Photos are evidence at any step; a message with only photos doesn't answer the question.
        if (turn.Activity.Attachments is { Count: > 0 } attachments)
        {
            foreach (var a in attachments)
                if ((a.ContentUrl ?? a.Name) is { } e && !session.Evidence.Contains(e)) session.Evidence.Add(e);
            await _messages.SayAsync(turn, locale, "clarify.evidence_received", new { count = attachments.Count }, ct);
            if (session.CurrentIssue is { } issue) await _recorder.SyncAsync(turn, session, issue, ct);
            if (string.IsNullOrWhiteSpace(turn.Activity.Text))
            {
                await innerDc.RepromptDialogAsync(ct);
                return Dialog.EndOfTurn;
            }
        }

        // A rating is feedback on a finished complaint: "3, it took way too long to get a human" is kept as the comment,
        // not read as a new reason to hand over.
        if (x.Rating is not null && innerDc.Stack.Any(d => d.Id == DialogIds.Csat)) return null;
        if (!session.Escalated && await _escalations.EscalateOnPolicyAsync(turn, session, ct)) return Dialog.EndOfTurn;
        return null;
    }

    /// <summary>
    /// Asks the open question again in the conversation's language now (after a switch): a question is asked by the first
    /// step of its dialog (clarify, restate, remedies, rating) from the session alone, so that step runs again and renders
    /// it anew; a reprompt would repeat the text as it was sent, in the old language.
    /// </summary>
    private static async Task<DialogTurnResult> AskAgainAsync(DialogContext innerDc, CancellationToken ct)
    {
        if (innerDc.Stack is [{ Id: DialogIds.Text }, var asking, ..]
            && innerDc.FindDialog(asking.Id) is WaterfallDialog waterfall and not { Id: DialogIds.Main }
            && asking.State["stepIndex"]?.GetValue<int>() == 0)
        {
            await innerDc.CancelActiveDialogAsync(ct);
            return await waterfall.RepeatStepAsync(innerDc, ct);
        }
        await innerDc.RepromptDialogAsync(ct);
        return Dialog.EndOfTurn;
    }

    /// <summary>
    /// Closes the session's cases that are not yet agreed (an escalated one too: the bot only sees this message when no
    /// person owns the conversation, e.g. after a call-back promise). Returns the first closed case (also one the
    /// hand-off already closed) and the first whose agreed remedy goes on.
    /// </summary>
    private async Task<(string? Closed, string? InProgress)> CloseCasesAsync(ComplaintSession session, string note, CancellationToken ct)
    {
        string? closed = null, inProgress = null;
        foreach (var number in session.CaseNumbers)
            await _recorder.UpdateAsync(number, c =>
            {
                c.TryApply(CaseTransition.Withdraw, _clock.GetUtcNow(), note, "customer");
                if (!c.IsOpen) closed ??= number;
                else if (c.Status is CaseStatus.Agreed or CaseStatus.Executing) inProgress ??= number;
            }, ct);
        return (closed, inProgress);
    }
}

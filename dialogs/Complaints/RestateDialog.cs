using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Nlu;
using ComplaintBot.Dialogs.Runtime;
using ComplaintBot.Dialogs.State;
using Microsoft.Extensions.Logging;

namespace ComplaintBot.Dialogs.Complaints;

/// <summary>
/// Step 3: one sentence restating problem, product, order and wish, with yes/no buttons. "No" asks what to
/// correct; a correction in the same message ("不是，是少发了一件") is applied at once; either way the facts are
/// updated and restated again until the customer agrees.
/// </summary>
public sealed class RestateDialog : WaterfallDialog
{
    private readonly IStatePropertyAccessor<ComplaintSession> _sessions;
    private readonly TurnUnderstanding _turns;
    private readonly ComplaintMessages _messages;
    private readonly CaseRecorder _recorder;
    private readonly FactMerger _facts;
    private readonly Escalations _escalations;
    private readonly TimeProvider _clock;
    private readonly ILogger _log;
    public const string Agreed = "agreed";
    public const string Corrected = "corrected";

    public RestateDialog(
        IStatePropertyAccessor<ComplaintSession> sessions, TurnUnderstanding turns, ComplaintMessages messages, CaseRecorder recorder,
        FactMerger facts, Escalations escalations, TimeProvider clock, ILogger log) : base(DialogIds.Restate)
    {
        (_sessions, _turns, _messages, _recorder, _facts, _escalations, _clock, _log) = (sessions, turns, messages, recorder, facts, escalations, clock, log);
        AddStep(ShowAsync);
        AddStep(CheckAsync);
        AddStep(ApplyCorrectionAsync);
    }

    /// <summary>The restatement of one issue in the customer's language.</summary>
    public string Restatement(ComplaintSession session, IssueState issue)
    {
        var locale = session.Locale!;
        var subject = _messages.Text(locale, "restate.subject", new { order = session.OrderNumber, product = issue.ProductName });
        var clause = _messages.Text(locale, "restate.clause_" + ComplaintMessages.Snake((issue.Problem ?? ProblemKind.Other).ToString()),
            new { subject, description = issue.Description });
        // A wish we could not classify is quoted as the customer's words, not spliced into our sentence.
        var wish = issue.Wish is { } w ? _messages.WishLabel(locale, w) : null;
        return _messages.Text(locale, "restate.question", new { clause, wish, wishText = wish is null ? issue.WishText?.Trim() : null });
    }

    private async Task<DialogTurnResult> ShowAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var session = await _sessions.GetAsync(step.Context, ct);
        var issue = session.CurrentIssue!;
        var locale = session.Locale!;
        // "No" to the restatement: what to correct is asked here too, so every question of this dialog is asked by its
        // first step from the session alone (a language switch asks it again by running this step again).
        if (AsksCorrection(step))
            return await step.PromptAsync(DialogIds.Text, PromptOptions.Ask(_messages.Message(locale, "restate.ask_correction")), ct);
        var text = Restatement(session, issue);
        await _recorder.SyncAsync(step.Context, session, issue, ct, also: c => c.Restatements.Add(text));
        var question = Schema.Activity.CreateMessage(text);
        question.Locale = locale;
        question.SuggestedActions = new Schema.SuggestedActions
        {
            Actions = [Schema.CardAction.ImBack(_messages.Text(locale, "restate.yes")), Schema.CardAction.ImBack(_messages.Text(locale, "restate.no"))],
        };
        return await step.PromptAsync(DialogIds.Text, PromptOptions.Ask(question), ct);
    }

    private async Task<DialogTurnResult> CheckAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var turn = step.Context;
        var session = await _sessions.GetAsync(turn, ct);
        var issue = session.CurrentIssue!;
        var x = await _turns.ExtractAsync(turn, ct);
        session.LastTurnNotUnderstood = false;
        if (AsksCorrection(step)) return await CorrectAsync(step, session, x, ct);

        // "而且物流也很慢", "yes, and the delivery was slow too": a further problem is its own case, handled after this one;
        // only a correction ("不是，是…", "no, …") replaces the problem restated.
        var added = !x.IsCorrection && x.Answer != Answer.No && x.Problems.Any(p => session.Issues.All(i => i.Problem != p))
                    && (x.Answer == Answer.Yes || KeywordRules.Default.SaysAddition(x.Text));
        if (added)
        {
            var known = session.Issues.Count;
            await _facts.MergeAsync(session, x with { Wish = null, Products = [], UnknownProduct = null }, turn.Activity, correct: false, ct);
            // "yes, and it was late, refund that": the wish said with the further problem is that problem's, not the one
            // restated (which keeps its own), and is not asked again when its turn comes.
            if (x.Wish is { } wish)
                foreach (var i in session.Issues.Skip(known)) i.Wish ??= wish;
            await _recorder.EnsureCasesAsync(turn, session, ct);
            var further = session.Issues.Skip(known).ToList();
            var zh = session.Locale!.StartsWith("zh");
            await _messages.SayAsync(turn, session.Locale!, "restate.problem_added", new
            {
                list = string.Join(zh ? "、" : ", ", further.Select(i => _messages.ProblemLabel(session.Locale!, i.Problem ?? ProblemKind.Other))),
                caseNumbers = string.Join(zh ? "、" : ", ", further.Select(i => i.CaseNumber)),
            }, ct);
            if (x.Answer != Answer.Yes) return await step.ReplaceDialogAsync(DialogIds.Restate, null, ct);
        }

        if (x.Answer == Answer.Yes && !x.IsCorrection)
        {
            await _recorder.UpdateAsync(issue.CaseNumber!, c => c.Apply(CaseTransition.ConfirmRestatement, _clock.GetUtcNow()), ct);
            return await step.EndDialogAsync(Agreed, ct);
        }
        // "我都等了两个星期了" at the restatement of a broken mug: a wait that names no delivery is how long this has taken,
        // not a late delivery put in place of the problem restated (no "不是"/"no", nothing else said).
        if (x is { Answer: Answer.None, IsCorrection: false, Problems: [ProblemKind.Late], Wish: null, OrderNumbers.Count: 0, Products.Count: 0 }
            && issue.Problem is not null and not ProblemKind.Late && !KeywordRules.Default.NamesDelivery(x.Text))
            x = x with { Problems = [] };
        if (x.IsCorrection || (x.Answer == Answer.None && x.HasComplaintFacts))
            return await CorrectAsync(step, session, x, ct);
        if (x.Answer == Answer.No)
            return await step.ReplaceDialogAsync(DialogIds.Restate, System.Text.Json.Nodes.JsonValue.Create(AskCorrection), ct);

        // A rant is acknowledged, anything else not understood; then the restatement is asked again.
        await _messages.SayAsync(turn, session.Locale!, await _escalations.UnansweredReplyAsync(turn, session, x, ct), ct: ct);
        return await step.ReplaceDialogAsync(DialogIds.Restate, null, ct);
    }

    private const string AskCorrection = "ask-correction";

    private static bool AsksCorrection(WaterfallStepContext step)
        => step.Options is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var o) && o == AskCorrection;

    /// <summary>Kept for conversations stored while this step's question was open (before it moved to the first step).</summary>
    private async Task<DialogTurnResult> ApplyCorrectionAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var session = await _sessions.GetAsync(step.Context, ct);
        return await CorrectAsync(step, session, await _turns.ExtractAsync(step.Context, ct), ct);
    }

    private async Task<DialogTurnResult> CorrectAsync(WaterfallStepContext step, ComplaintSession session, Extraction x, CancellationToken ct)
    {
        var issue = session.CurrentIssue!;
        var before = issue.Problem;
        await _facts.MergeAsync(session, x, step.Context.Activity, correct: true, ct);
        // A correction can split off problems too; they get their own cases.
        await _recorder.EnsureCasesAsync(step.Context, session, ct);
        // The case shows the corrected facts at once (an agent may open it before the flow asks again).
        await _recorder.SyncAsync(step.Context, session, issue, ct, also: c => c.Facts.Corrections.Add(x.Text));
        _log.LogCorrection(issue.CaseNumber!, before, issue.Problem);
        // The corrected facts may leave something open (e.g. which product was missing): the issue dialog clarifies
        // again before restating.
        return await step.EndDialogAsync(Corrected, ct);
    }
}

internal static partial class RestateLog
{
    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Information, Message = "Case {Case}: restatement corrected ({Before} → {After})")]
    public static partial void LogCorrection(this Microsoft.Extensions.Logging.ILogger logger, string @case, ProblemKind? before, ProblemKind? after);
}

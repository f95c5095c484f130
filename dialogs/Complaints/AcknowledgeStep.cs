using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Nlu;
using ComplaintBot.Dialogs.Runtime;
using ComplaintBot.Dialogs.Policy;
using ComplaintBot.Dialogs.Sentiment;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Dialogs.Text;

namespace ComplaintBot.Dialogs.Complaints;

/// <summary>
/// Step 1 of the standard: answer at once with empathy matched to the sentiment, register the complaint (a case per
/// problem), give the time frame (or the off-hours notice), and recognise a customer returning to an open case.
/// </summary>
public sealed class AcknowledgeStep(
    IStatePropertyAccessor<ComplaintSession> sessions,
    TurnUnderstanding turns,
    ComplaintMessages messages,
    ICaseStore cases,
    CaseRecorder recorder,
    FactMerger facts,
    Escalations escalations,
    ComplaintOptions options,
    ServiceHours hours,
    SlaOptions sla,
    TimeProvider clock)
{
    /// <returns>Next: go on clarifying; EndOfTurn: escalated, wait; Complete: nothing to do (progress report only).</returns>
    public async Task<DialogTurnResult> RunAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var turn = step.Context;
        var session = await sessions.GetAsync(turn, ct);
        var x = await turns.ExtractAsync(turn, ct);
        var locale = session.Locale!;

        if (session.Issues.Count == 0 && await ReturningCaseAsync(step, session, x, ct) is { } returning) return returning;

        var merge = await facts.MergeAsync(session, x, turn.Activity, correct: false, ct);
        if (merge.UnknownOrder is not null) (session.UnknownOrderAttempts, session.LastUnknownOrder) = (1, merge.UnknownOrder);
        await recorder.EnsureCasesAsync(turn, session, ct);

        var sentiment = await escalations.SentimentAsync(turn, locale, ct);
        var tone = sentiment.Label is SentimentLabel.Negative or SentimentLabel.Mixed
            ? sentiment.Anger >= options.AngryToneThreshold ? "acknowledge.angry" : "acknowledge.upset"
            : "acknowledge.calm";
        var first = session.Issues[0].CaseNumber!;
        var now = clock.GetUtcNow();
        var received = hours.IsOpen(now)
            ? messages.Text(locale, "acknowledge.received", new
            {
                caseNumber = first,
                firstResponseMinutes = sla.FirstResponseMinutes,
                resolutionHours = sla.ResolutionHours.GetValueOrDefault("General", 48),
            })
            : messages.Text(locale, "acknowledge.off_hours", new
            {
                caseNumber = first,
                serviceHours = hours.Display,
                opensAt = hours.Format(hours.NextOpening(now)),
            });
        var ack = Schema.Activity.CreateMessage(messages.Text(locale, tone) + (locale.StartsWith("zh") ? "" : " ") + received);
        ack.Locale = locale;
        await turn.SendActivityAsync(ack, ct);

        if (session.Issues.Count > 1)
            await messages.SayAsync(turn, locale, "restate.multi_intro", new
            {
                count = session.Issues.Count,
                list = string.Join(locale.StartsWith("zh") ? "、" : ", ", session.Issues.Select(i => messages.ProblemLabel(locale, i.Problem ?? ProblemKind.Other))),
            }, ct);

        if (x.Intent == Intent.Human && !session.Escalated)
        {
            await escalations.CheckAsync(turn, session, humanRequest: true, ct);
            await escalations.EscalateAsync(turn, session, HandoffTriggers.HumanRequest, "customer asked for a person", false, ct);
            return Dialog.EndOfTurn;
        }
        if (!session.Escalated && await escalations.EscalateOnPolicyAsync(turn, session, ct)) return Dialog.EndOfTurn;
        return await step.NextAsync(null, ct);
    }

    /// <summary>An open case from an earlier conversation: continue it, or report progress on it.</summary>
    private async Task<DialogTurnResult?> ReturningCaseAsync(WaterfallStepContext step, ComplaintSession session, Extraction x, CancellationToken ct)
    {
        var turn = step.Context;
        var conversation = turn.Activity.Conversation?.Id;
        // session.CustomerId is only ever what the channel proved, so another conversation's case is found only for
        // a signed-in customer; an order number typed here finds nothing.
        var open = await cases.FindOpenAsync(session.CustomerId, turn.Activity.ChannelId, conversation, ct);
        if (open is null || (open.ConversationId == conversation && open.ChannelId == turn.Activity.ChannelId)) return null;
        var locale = session.Locale!;
        if (open.Status is CaseStatus.Agreed or CaseStatus.Executing)
        {
            await messages.SayAsync(turn, locale, "acknowledge.returning_progress", new
            {
                caseNumber = open.Number,
                remedy = open.RemedyChosen is { } r ? RemedyText(locale, r) : "-",
                deadline = open.Steps.Count > 0 ? hours.Format(open.Steps.Max(st => st.Deadline)) : "-",
            }, ct);
            // A new problem in the same message is a new complaint; otherwise there is nothing more to do.
            return x.Problems.Count > 0 ? null : await step.EndDialogAsync(null, ct);
        }
        if (AboutAnotherOrderOrProduct(open, x))
        {
            // A complaint about another order or product (a second tab) is a new complaint: its facts never go on the open
            // case, which stays as it was.
            await messages.SayAsync(turn, locale, "acknowledge.returning_other", new { caseNumber = open.Number, status = messages.StatusLabel(locale, open.Status) }, ct);
            return null;
        }
        await messages.SayAsync(turn, locale, "acknowledge.returning", new { caseNumber = open.Number, status = messages.StatusLabel(locale, open.Status) }, ct);
        session.OrderNumber = open.OrderNumber;
        session.Proof ??= OrderProof.Of(open);
        session.CustomerTier ??= open.CustomerTier;
        session.Issues.Add(IssueState.Of(open));
        // Whatever this message adds (e.g. the missing order number) still counts.
        await facts.MergeAsync(session, x, turn.Activity, correct: false, ct);
        await recorder.SyncAsync(turn, session, session.Issues[0], ct);
        return await step.NextAsync(null, ct);
    }

    /// <summary>The message names an order other than the case's, or only products other than the case's.</summary>
    private bool AboutAnotherOrderOrProduct(Case open, Extraction x)
        => (open.OrderNumber is { } order && x.OrderNumbers.Count > 0
               && x.OrderNumbers.All(n => !string.Equals(n, order, StringComparison.OrdinalIgnoreCase)
                                          && !string.Equals(options.OrderNumberPrefix + n, order, StringComparison.OrdinalIgnoreCase)))
           || (open.ProductSku is { } sku && x.Products.Count > 0 && x.Products.All(p => p.Sku != sku));

    private string RemedyText(string locale, string key) => messages.RemedyLabel(locale, Policy.RemedyOption.Parse(key));
}

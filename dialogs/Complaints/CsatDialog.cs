using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Runtime;
using ComplaintBot.Dialogs.State;

namespace ComplaintBot.Dialogs.Complaints;

/// <summary>The satisfaction question at the end (1–5 buttons), stored with the customer's comment on every case of the conversation.</summary>
public sealed class CsatDialog : WaterfallDialog
{
    private readonly IStatePropertyAccessor<ComplaintSession> _sessions;
    private readonly TurnUnderstanding _turns;
    private readonly ComplaintMessages _messages;
    private readonly CaseRecorder _recorder;
    private readonly TimeProvider _clock;

    public CsatDialog(IStatePropertyAccessor<ComplaintSession> sessions, TurnUnderstanding turns, ComplaintMessages messages, CaseRecorder recorder, TimeProvider clock)
        : base(DialogIds.Csat)
    {
        (_sessions, _turns, _messages, _recorder, _clock) = (sessions, turns, messages, recorder, clock);
        AddStep(AskAsync);
        AddStep(StoreAsync);
    }

    private async Task<DialogTurnResult> AskAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var session = await _sessions.GetAsync(step.Context, ct);
        var locale = session.Locale!;
        var key = step.GetOptions<CsatOptions>()?.Retry == true ? "csat.invalid" : "csat.ask";
        return await step.PromptAsync(DialogIds.Text, PromptOptions.Ask(_messages.Message(locale, key, buttons: ["1", "2", "3", "4", "5"])), ct);
    }

    private async Task<DialogTurnResult> StoreAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var session = await _sessions.GetAsync(step.Context, ct);
        var x = await _turns.ExtractAsync(step.Context, ct);
        if (x.Rating is not { Score: var score, Comment: var comment })
        {
            // One retry; after that the conversation goes on without a score rather than nagging (but not in silence).
            if (step.GetOptions<CsatOptions>()?.Retry == true)
            {
                await _messages.SayAsync(step.Context, session.Locale!, "csat.skipped", ct: ct);
                return await step.EndDialogAsync(null, ct);
            }
            return await step.ReplaceDialogAsync(DialogIds.Csat, new CsatOptions { Retry = true }, ct);
        }
        foreach (var number in session.CaseNumbers)
            await _recorder.UpdateAsync(number, c =>
            {
                (c.Csat, c.CsatComment) = (score, comment);
                c.TryApply(CaseTransition.Rate, _clock.GetUtcNow(), score.ToString(System.Globalization.CultureInfo.InvariantCulture), "customer");
            }, ct);
        await _messages.SayAsync(step.Context, session.Locale!, "csat.thanks", new { score, comment }, ct);
        return await step.EndDialogAsync(score, ct);
    }
}

public sealed class CsatOptions
{
    public bool Retry { get; set; }
}

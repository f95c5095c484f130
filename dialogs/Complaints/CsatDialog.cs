using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Runtime;

namespace ComplaintBot.Dialogs.Complaints;

/// <summary>The satisfaction question at the end (1–5 buttons), stored with the customer's comment on every case of the conversation.</summary>
public sealed class CsatDialog : WaterfallDialog
{
    private readonly ComplaintServices _s;

    public CsatDialog(ComplaintServices s) : base(DialogIds.Csat)
    {
        _s = s;
        AddStep(AskAsync);
        AddStep(StoreAsync);
    }

    private async Task<DialogTurnResult> AskAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var session = await _s.SessionAsync(step.Context, ct);
        var locale = session.Locale!;
        var key = step.GetOptions<CsatOptions>()?.Retry == true ? "csat.invalid" : "csat.ask";
        return await step.PromptAsync(DialogIds.Text, PromptOptions.Ask(_s.Message(locale, key, buttons: ["1", "2", "3", "4", "5"])), ct);
    }

    private async Task<DialogTurnResult> StoreAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var session = await _s.SessionAsync(step.Context, ct);
        var x = await _s.ExtractAsync(step.Context, ct);
        if (x.Rating is not { Score: var score, Comment: var comment })
        {
            // One retry; after that the conversation goes on without a score rather than nagging (but not in silence).
            if (step.GetOptions<CsatOptions>()?.Retry == true)
            {
                await _s.SayAsync(step.Context, session.Locale!, "csat.skipped", ct: ct);
                return await step.EndDialogAsync(null, ct);
            }
            return await step.ReplaceDialogAsync(DialogIds.Csat, new CsatOptions { Retry = true }, ct);
        }
        foreach (var number in session.CaseNumbers)
            await new CaseRecorder(_s).UpdateAsync(number, c =>
            {
                (c.Csat, c.CsatComment) = (score, comment);
                c.TryApply(CaseTransition.Rate, _s.Now, score.ToString(System.Globalization.CultureInfo.InvariantCulture), "customer");
            }, ct);
        await _s.SayAsync(step.Context, session.Locale!, "csat.thanks", new { score, comment }, ct);
        return await step.EndDialogAsync(score, ct);
    }
}

public sealed class CsatOptions
{
    public bool Retry { get; set; }
}

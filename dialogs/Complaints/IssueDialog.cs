using ComplaintBot.Dialogs.Runtime;

namespace ComplaintBot.Dialogs.Complaints;

/// <summary>
/// One problem of the complaint from facts to follow-up: clarify → restate → verify and analyse → remedies →
/// written confirmation; then the next problem (a multi-problem message is handled in order).
/// </summary>
public sealed class IssueDialog : WaterfallDialog
{
    private readonly ComplaintServices _s;
    private readonly VerifyStep _verify;
    private readonly ConfirmStep _confirm;

    public IssueDialog(ComplaintServices s) : base(DialogIds.Issue)
    {
        _s = s;
        _verify = new VerifyStep(s.Session, s.Orders, s.Escalations, s.Analyzer, s.Recorder, s.Messages, s.Hours, s.Sla, s.Clock);
        _confirm = ConfirmStep.From(s);
        AddStep(ClarifyAsync);
        AddStep(RestateAsync);
        AddStep(VerifyAsync);
        AddStep(RemediesAsync);
        AddStep(ConfirmAsync);
        AddStep(NextIssueAsync);
    }

    private bool StartsAtRemedies(WaterfallStepContext step) => step.GetOptions<IssueOptions>()?.ResumeAt == IssueOptions.Steps.Remedies;

    private async Task<DialogTurnResult> ClarifyAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var session = await _s.SessionAsync(step.Context, ct);
        if (session.CurrentIssue is null) return await step.EndDialogAsync(null, ct);
        if (StartsAtRemedies(step)) return await step.NextAsync(null, ct);
        return await step.BeginDialogAsync(DialogIds.Clarify, null, ct);
    }

    private async Task<DialogTurnResult> RestateAsync(WaterfallStepContext step, CancellationToken ct)
    {
        if (StartsAtRemedies(step)) return await step.NextAsync(RestateDialog.Agreed, ct);
        return await step.BeginDialogAsync(DialogIds.Restate, null, ct);
    }

    private async Task<DialogTurnResult> VerifyAsync(WaterfallStepContext step, CancellationToken ct)
    {
        if (step.Result as string == RestateDialog.Corrected)
            return await step.ReplaceDialogAsync(DialogIds.Issue, null, ct);
        if (!StartsAtRemedies(step)) await _verify.RunAsync(step.Context, ct);
        return await step.NextAsync(null, ct);
    }

    private Task<DialogTurnResult> RemediesAsync(WaterfallStepContext step, CancellationToken ct)
        => step.BeginDialogAsync(DialogIds.Remedies, new RemedyDialogOptions(), ct);

    private async Task<DialogTurnResult> ConfirmAsync(WaterfallStepContext step, CancellationToken ct)
    {
        if (step.Result is string key && key.Length > 0) await _confirm.RunAsync(step.Context, key, ct);
        return await step.NextAsync(null, ct);
    }

    private async Task<DialogTurnResult> NextIssueAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var session = await _s.SessionAsync(step.Context, ct);
        if (session.Current + 1 >= session.Issues.Count) return await step.EndDialogAsync(null, ct);
        session.Current++;
        var locale = session.Locale!;
        var next = session.CurrentIssue!;
        await _s.SayAsync(step.Context, locale, "restate.next_issue",
            new { index = session.Current + 1, problem = _s.ProblemLabel(locale, next.Problem ?? Nlu.ProblemKind.Other) }, ct);
        return await step.ReplaceDialogAsync(DialogIds.Issue, null, ct);
    }
}

public sealed class IssueOptions
{
    public string ResumeAt { get; set; } = Steps.Clarify;

    public static class Steps
    {
        public const string Clarify = "clarify";
        public const string Remedies = "remedies";
    }
}

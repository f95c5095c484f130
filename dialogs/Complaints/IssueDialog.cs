using ComplaintBot.Dialogs.Runtime;
using ComplaintBot.Dialogs.State;

namespace ComplaintBot.Dialogs.Complaints;

/// <summary>
/// One problem of the complaint from facts to follow-up: clarify → restate → verify and analyse → remedies →
/// written confirmation; then the next problem (a multi-problem message is handled in order).
/// </summary>
public sealed class IssueDialog : WaterfallDialog
{
    private readonly IStatePropertyAccessor<ComplaintSession> _sessions;
    private readonly ComplaintMessages _messages;
    private readonly VerifyStep _verify;
    private readonly ConfirmStep _confirm;

    public IssueDialog(IStatePropertyAccessor<ComplaintSession> sessions, ComplaintMessages messages, VerifyStep verify, ConfirmStep confirm)
        : base(DialogIds.Issue)
    {
        (_sessions, _messages, _verify, _confirm) = (sessions, messages, verify, confirm);
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
        var session = await _sessions.GetAsync(step.Context, ct);
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
        else await _verify.AnalyseIfNeverAsync(step.Context, ct);
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
        var session = await _sessions.GetAsync(step.Context, ct);
        if (session.Current + 1 >= session.Issues.Count) return await step.EndDialogAsync(null, ct);
        session.Current++;
        var locale = session.Locale!;
        var next = session.CurrentIssue!;
        await _messages.SayAsync(step.Context, locale, "restate.next_issue",
            new { index = session.Current + 1, problem = _messages.ProblemLabel(locale, next.Problem ?? Nlu.ProblemKind.Other) }, ct);
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

using ComplaintBot.Dialogs.Turns;

namespace ComplaintBot.Dialogs.Runtime;

/// <summary>
/// A dialog made of dialogs (Bot Builder's ComponentDialog): it owns an inner <see cref="DialogSet"/> and runs an
/// inner stack, kept inside its own stack entry. It starts <see cref="InitialDialogId"/> and ends when the inner
/// stack ends, with the inner result.
/// </summary>
public class ComponentDialog : Dialog
{
    public ComponentDialog(string id) : base(id) { }

    protected DialogSet Dialogs { get; } = new();

    /// <summary>The inner dialog begun first; defaults to the first one added.</summary>
    public string? InitialDialogId { get; set; }

    public ComponentDialog AddDialog(Dialog dialog)
    {
        Dialogs.Add(dialog);
        InitialDialogId ??= dialog.Id;
        return this;
    }

    public Dialog? FindDialog(string id) => Dialogs.Find(id);

    public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext outerDc, object? options = null, CancellationToken ct = default)
    {
        var instance = outerDc.ActiveDialog!;
        var innerDc = CreateInnerContext(outerDc, instance);
        var turn = await OnBeginDialogAsync(innerDc, options, ct);
        return await AfterInnerTurnAsync(outerDc, instance, innerDc, turn, ct);
    }

    public override async Task<DialogTurnResult> ContinueDialogAsync(DialogContext outerDc, CancellationToken ct = default)
    {
        var instance = outerDc.ActiveDialog!;
        var innerDc = CreateInnerContext(outerDc, instance);
        var turn = await OnContinueDialogAsync(innerDc, ct);
        return await AfterInnerTurnAsync(outerDc, instance, innerDc, turn, ct);
    }

    /// <summary>
    /// A dialog this component started on the OUTER stack ended. Inner dialogs never end into here (they end into
    /// the inner stack), so just re-prompt the inner active dialog and keep waiting.
    /// </summary>
    public override async Task<DialogTurnResult> ResumeDialogAsync(DialogContext outerDc, DialogReason reason, object? result = null, CancellationToken ct = default)
    {
        await RepromptDialogAsync(outerDc.Context, outerDc.ActiveDialog!, ct);
        return EndOfTurn;
    }

    public override async Task RepromptDialogAsync(ITurnContext turnContext, DialogInstance instance, CancellationToken ct = default)
    {
        var innerDc = new DialogContext(Dialogs, turnContext, InnerState(instance));
        await innerDc.RepromptDialogAsync(ct);
        await OnRepromptDialogAsync(turnContext, instance, ct);
    }

    public override async Task EndDialogAsync(ITurnContext turnContext, DialogInstance instance, DialogReason reason, CancellationToken ct = default)
    {
        if (reason == DialogReason.CancelCalled)
        {
            var innerDc = new DialogContext(Dialogs, turnContext, InnerState(instance));
            await innerDc.CancelAllDialogsAsync(ct);
        }
        await OnEndDialogAsync(turnContext, instance, reason, ct);
    }

    protected virtual Task<DialogTurnResult> OnBeginDialogAsync(DialogContext innerDc, object? options, CancellationToken ct)
        => innerDc.BeginDialogAsync(InitialDialogId ?? throw new InvalidOperationException($"Component '{Id}' has no dialogs."), options, ct);

    protected virtual Task<DialogTurnResult> OnContinueDialogAsync(DialogContext innerDc, CancellationToken ct)
        => innerDc.ContinueDialogAsync(ct);

    protected virtual Task OnEndDialogAsync(ITurnContext turnContext, DialogInstance instance, DialogReason reason, CancellationToken ct)
        => Task.CompletedTask;

    protected virtual Task OnRepromptDialogAsync(ITurnContext turnContext, DialogInstance instance, CancellationToken ct)
        => Task.CompletedTask;

    /// <summary>The inner stack finished: end this component on the outer stack with the inner result.</summary>
    protected virtual Task<DialogTurnResult> EndComponentAsync(DialogContext outerDc, object? result, CancellationToken ct)
        => outerDc.EndDialogAsync(result, ct);

    private DialogContext CreateInnerContext(DialogContext outerDc, DialogInstance instance)
        => new(Dialogs, outerDc.Context, InnerState(instance), outerDc);

    private static DialogState InnerState(DialogInstance instance) => instance.Inner ??= new DialogState();

    private async Task<DialogTurnResult> AfterInnerTurnAsync(DialogContext outerDc, DialogInstance instance, DialogContext innerDc, DialogTurnResult turn, CancellationToken ct)
    {
        if (turn.Status == DialogTurnStatus.Waiting) return EndOfTurn;
        // The inner dialog may have changed the outer stack itself (e.g. cancelled everything via Parent): then
        // this component is no longer the active dialog and must not end whoever is on top now.
        if (!ReferenceEquals(outerDc.ActiveDialog, instance)) return turn;
        return await EndComponentAsync(outerDc, turn.Result, ct);
    }
}

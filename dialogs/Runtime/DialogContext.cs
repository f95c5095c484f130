using ComplaintBot.Dialogs.Turns;

namespace ComplaintBot.Dialogs.Runtime;

/// <summary>
/// The dialog stack of one conversation during one turn, and the operations on it (Bot Builder's DialogContext).
/// </summary>
public class DialogContext
{
    public DialogContext(DialogSet dialogs, ITurnContext turnContext, DialogState state, DialogContext? parent = null)
    {
        Dialogs = dialogs;
        Context = turnContext;
        State = state;
        Parent = parent;
    }

    /// <summary>A view over the same stack (used by <see cref="WaterfallStepContext"/>).</summary>
    protected DialogContext(DialogContext dc) : this(dc.Dialogs, dc.Context, dc.State, dc.Parent) { }

    public DialogSet Dialogs { get; }
    public ITurnContext Context { get; }
    public DialogState State { get; }

    /// <summary>The context of the component dialog this one runs inside, if any.</summary>
    public DialogContext? Parent { get; }

    public List<DialogInstance> Stack => State.DialogStack;
    public DialogInstance? ActiveDialog => Stack.Count > 0 ? Stack[0] : null;

    /// <summary>Finds a dialog in this set, else in the parents' sets.</summary>
    public Dialog? FindDialog(string id) => Dialogs.Find(id) ?? Parent?.FindDialog(id);

    public async Task<DialogTurnResult> BeginDialogAsync(string dialogId, object? options = null, CancellationToken ct = default)
    {
        var dialog = FindDialog(dialogId) ?? throw new InvalidOperationException($"No dialog with id '{dialogId}' was added to the set.");
        Stack.Insert(0, new DialogInstance { Id = dialogId });
        return await dialog.BeginDialogAsync(this, options, ct);
    }

    /// <summary>Starts a prompt (same as <see cref="BeginDialogAsync"/> with typed options).</summary>
    public Task<DialogTurnResult> PromptAsync(string dialogId, PromptOptions options, CancellationToken ct = default)
        => BeginDialogAsync(dialogId, options, ct);

    /// <summary>Hands the incoming activity to the active dialog; <see cref="DialogTurnStatus.Empty"/> when there is none.</summary>
    public async Task<DialogTurnResult> ContinueDialogAsync(CancellationToken ct = default)
    {
        if (ActiveDialog is not { } active) return new DialogTurnResult(DialogTurnStatus.Empty);
        return await RequireDialog(active.Id).ContinueDialogAsync(this, ct);
    }

    /// <summary>Ends the active dialog and resumes its parent with <paramref name="result"/>.</summary>
    public async Task<DialogTurnResult> EndDialogAsync(object? result = null, CancellationToken ct = default)
    {
        if (ActiveDialog is not null) await EndActiveDialogAsync(DialogReason.EndCalled, ct);
        if (ActiveDialog is { } parent)
            return await RequireDialog(parent.Id).ResumeDialogAsync(this, DialogReason.EndCalled, result, ct);
        return new DialogTurnResult(DialogTurnStatus.Complete, result);
    }

    /// <summary>Ends the active dialog and starts another in its place (the parent is not resumed in between).</summary>
    public async Task<DialogTurnResult> ReplaceDialogAsync(string dialogId, object? options = null, CancellationToken ct = default)
    {
        if (ActiveDialog is not null) await EndActiveDialogAsync(DialogReason.ReplaceCalled, ct);
        return await BeginDialogAsync(dialogId, options, ct);
    }

    /// <summary>Removes every dialog of this stack, top first, telling each it was cancelled.</summary>
    public Task<DialogTurnResult> CancelAllDialogsAsync(CancellationToken ct = default) => CancelAllDialogsAsync(false, ct);

    /// <param name="cancelParents">Also cancel the stacks of the enclosing component dialogs, up to the root:
    /// the whole conversation flow ends (e.g. the customer says "cancel" deep inside a step).</param>
    public async Task<DialogTurnResult> CancelAllDialogsAsync(bool cancelParents, CancellationToken ct = default)
    {
        var cancelled = Stack.Count > 0;
        while (Stack.Count > 0) await EndActiveDialogAsync(DialogReason.CancelCalled, ct);
        if (cancelParents && Parent is not null && (await Parent.CancelAllDialogsAsync(true, ct)).Status == DialogTurnStatus.Cancelled)
            cancelled = true;
        return new DialogTurnResult(cancelled ? DialogTurnStatus.Cancelled : DialogTurnStatus.Empty);
    }

    /// <summary>Asks the active dialog to repeat its question.</summary>
    public async Task RepromptDialogAsync(CancellationToken ct = default)
    {
        if (ActiveDialog is { } active) await RequireDialog(active.Id).RepromptDialogAsync(Context, active, ct);
    }

    /// <summary>Ends the active dialog without resuming its parent (which then decides what to do, e.g. ask again).</summary>
    public Task CancelActiveDialogAsync(CancellationToken ct = default)
        => ActiveDialog is null ? Task.CompletedTask : EndActiveDialogAsync(DialogReason.CancelCalled, ct);

    private async Task EndActiveDialogAsync(DialogReason reason, CancellationToken ct)
    {
        var instance = Stack[0];
        var dialog = FindDialog(instance.Id);
        if (dialog is not null) await dialog.EndDialogAsync(Context, instance, reason, ct);
        // Pop by identity: the dialog's cleanup must not make us remove someone else's entry.
        Stack.Remove(instance);
    }

    private Dialog RequireDialog(string id) => FindDialog(id) ?? throw new UnknownDialogException(id);
}

/// <summary>
/// A stored stack names a dialog that no longer exists (renamed or removed in a new release). <see cref="DialogBot"/>
/// recovers by starting the conversation flow over.
/// </summary>
public sealed class UnknownDialogException(string dialogId)
    : InvalidOperationException($"The stack names dialog '{dialogId}', which is not in the set (renamed? stored stacks need stable ids).")
{
    public string DialogId { get; } = dialogId;
}

namespace ComplaintBot.Dialogs.Runtime;

/// <summary>
/// A component dialog with an interruption hook that runs on every turn before the active inner dialog sees the
/// message (Bot Builder's CancelAndHelpDialog pattern): "cancel", "help", "talk to a human". Return a result from
/// <see cref="OnInterruptAsync"/> to stop the turn there; return null to let the active dialog continue.
/// </summary>
public abstract class InterruptibleDialog(string id) : ComponentDialog(id)
{
    protected override async Task<DialogTurnResult> OnContinueDialogAsync(DialogContext innerDc, CancellationToken ct)
        => await OnInterruptAsync(innerDc, ct) ?? await base.OnContinueDialogAsync(innerDc, ct);

    /// <summary>
    /// Called before the active inner dialog continues. Typical results: <c>await innerDc.CancelAllDialogsAsync()</c>
    /// (ends this component), or send help, <c>await innerDc.RepromptDialogAsync()</c> and return
    /// <see cref="Dialog.EndOfTurn"/> (keeps waiting at the same question).
    /// </summary>
    protected abstract Task<DialogTurnResult?> OnInterruptAsync(DialogContext innerDc, CancellationToken ct);
}

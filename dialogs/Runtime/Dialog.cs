using System.Text.Json.Nodes;
using ComplaintBot.Dialogs.Turns;

namespace ComplaintBot.Dialogs.Runtime;

/// <summary>
/// A unit of conversation that can span turns (Bot Builder's Dialog). Dialogs are stateless singletons: all
/// per-conversation data lives in the <see cref="DialogInstance"/> on the stack, which is persisted as JSON.
/// </summary>
public abstract class Dialog(string id)
{
    /// <summary>Returned by a dialog that waits for the user's next message.</summary>
    public static readonly DialogTurnResult EndOfTurn = new(DialogTurnStatus.Waiting);

    public string Id { get; } = !string.IsNullOrWhiteSpace(id) ? id : throw new ArgumentException("A dialog needs an id.", nameof(id));

    /// <summary>Starts the dialog; it was just pushed on the stack as <c>dc.ActiveDialog</c>.</summary>
    public abstract Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options = null, CancellationToken ct = default);

    /// <summary>The user answered while this dialog was on top. Default: end.</summary>
    public virtual Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken ct = default)
        => dc.EndDialogAsync(null, ct);

    /// <summary>A child this dialog started has ended with <paramref name="result"/>. Default: end with it.</summary>
    public virtual Task<DialogTurnResult> ResumeDialogAsync(DialogContext dc, DialogReason reason, object? result = null, CancellationToken ct = default)
        => dc.EndDialogAsync(result, ct);

    /// <summary>Ask again for whatever the dialog is waiting for (after an interruption).</summary>
    public virtual Task RepromptDialogAsync(ITurnContext turnContext, DialogInstance instance, CancellationToken ct = default)
        => Task.CompletedTask;

    /// <summary>The dialog is being removed from the stack (ended, replaced or cancelled): clean up.</summary>
    public virtual Task EndDialogAsync(ITurnContext turnContext, DialogInstance instance, DialogReason reason, CancellationToken ct = default)
        => Task.CompletedTask;
}

public enum DialogTurnStatus
{
    /// <summary>The stack was empty: nothing was running.</summary>
    Empty,
    /// <summary>A dialog is waiting for the user.</summary>
    Waiting,
    /// <summary>The last dialog on the stack ended; <see cref="DialogTurnResult.Result"/> holds its result.</summary>
    Complete,
    /// <summary>The stack was cancelled.</summary>
    Cancelled,
}

public enum DialogReason
{
    BeginCalled,
    ContinueCalled,
    EndCalled,
    ReplaceCalled,
    CancelCalled,
    NextCalled,
}

public sealed record DialogTurnResult(DialogTurnStatus Status, object? Result = null);

/// <summary>One entry of the dialog stack: which dialog, and its state as JSON so it survives a restart.</summary>
public sealed class DialogInstance
{
    public string Id { get; set; } = "";
    public JsonObject State { get; set; } = new();

    /// <summary>
    /// The inner stack when this entry is a <see cref="ComponentDialog"/>. Typed rather than inside
    /// <see cref="State"/> so nested components are deserialized once per turn, not once per level.
    /// </summary>
    public DialogState? Inner { get; set; }

    /// <summary>
    /// The options of a prompt entry (<see cref="Prompt{T}"/>). Typed rather than a JSON node inside <see cref="State"/>
    /// so a waiting prompt's options are read straight from the stored text each turn, not converted node by node.
    /// Stacks stored before kept them as <c>state.options</c>; a prompt moves them here when it reads them.
    /// </summary>
    public PromptOptions? PromptOptions { get; set; }
}

/// <summary>The persisted dialog stack; index 0 is the top (the active dialog).</summary>
public sealed class DialogState
{
    public List<DialogInstance> DialogStack { get; set; } = new();
}

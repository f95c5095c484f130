using ComplaintBot.Dialogs.State;
using ComplaintBot.Dialogs.Turns;

namespace ComplaintBot.Dialogs.Runtime;

/// <summary>The dialogs that can be started by id from one <see cref="DialogContext"/> (plus its parents').</summary>
public sealed class DialogSet
{
    private readonly Dictionary<string, Dialog> _dialogs = new(StringComparer.Ordinal);
    private readonly IStatePropertyAccessor<DialogState>? _dialogState;

    /// <param name="dialogState">Where the stack is kept; needed only for <see cref="CreateContextAsync"/>.</param>
    public DialogSet(IStatePropertyAccessor<DialogState>? dialogState = null) => _dialogState = dialogState;

    public DialogSet Add(Dialog dialog)
    {
        if (!_dialogs.TryAdd(dialog.Id, dialog))
            throw new InvalidOperationException($"A dialog with id '{dialog.Id}' is already in this set.");
        return this;
    }

    public Dialog? Find(string id) => _dialogs.GetValueOrDefault(id);

    public IEnumerable<Dialog> All => _dialogs.Values;

    /// <summary>A context over the stack kept in conversation state (loaded on first use this turn).</summary>
    public async Task<DialogContext> CreateContextAsync(ITurnContext turnContext, CancellationToken ct = default)
    {
        if (_dialogState is null)
            throw new InvalidOperationException("This DialogSet was created without a DialogState property accessor.");
        var state = await _dialogState.GetAsync(turnContext, () => new DialogState(), ct);
        return new DialogContext(this, turnContext, state);
    }
}

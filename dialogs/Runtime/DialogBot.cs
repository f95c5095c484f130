using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Dialogs.Turns;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ComplaintBot.Dialogs.Runtime;

/// <summary>The dialog a conversation starts with (registered by the host, e.g. the complaint flow).</summary>
public sealed class RootDialog(Dialog dialog)
{
    public Dialog Dialog { get; } = dialog;
}

/// <summary>
/// The bot: per turn it loads conversation state, runs the <see cref="ITurnInterceptor"/>s, continues the active
/// dialog or begins the root dialog, and saves state with its ETag. A message continues (or starts) the dialog;
/// a conversationUpdate that adds someone other than the bot starts the root dialog once (the greeting).
/// </summary>
public class DialogBot : IBot
{
    private readonly IReadOnlyList<ITurnInterceptor> _interceptors;
    private readonly ILogger _logger;

    /// <param name="extraDialogs">Other dialogs an interceptor may begin at the top level (e.g. hand-off).</param>
    public DialogBot(
        ConversationState conversationState,
        UserState userState,
        RootDialog root,
        IEnumerable<ITurnInterceptor>? interceptors = null,
        IEnumerable<Dialog>? extraDialogs = null,
        ILogger<DialogBot>? logger = null)
    {
        ConversationState = conversationState;
        UserState = userState;
        Root = root.Dialog;
        _interceptors = (interceptors ?? Array.Empty<ITurnInterceptor>()).ToList();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        DialogStateProperty = conversationState.CreateProperty<DialogState>(nameof(DialogState));
        Dialogs = new DialogSet(DialogStateProperty).Add(Root);
        foreach (var d in extraDialogs ?? Array.Empty<Dialog>())
            if (!ReferenceEquals(d, Root)) Dialogs.Add(d);
    }

    public ConversationState ConversationState { get; }
    public UserState UserState { get; }
    public Dialog Root { get; }
    public DialogSet Dialogs { get; }
    public IStatePropertyAccessor<DialogState> DialogStateProperty { get; }

    public async Task OnTurnAsync(ITurnContext turnContext, CancellationToken ct = default)
    {
        await ConversationState.LoadAsync(turnContext, false, ct);
        var dc = await Dialogs.CreateContextAsync(turnContext, ct);

        var handled = false;
        foreach (var interceptor in _interceptors)
            if (handled = await interceptor.OnTurnAsync(dc, ct)) break;

        if (!handled) await RunDialogAsync(dc, ct);

        // The delivery record goes in the same state write as the dialog, so a repeat finds it exactly when the turn's
        // changes were stored (see ExactlyOnceMiddleware).
        if (turnContext.Get<PendingDelivery>() is { } delivery) await delivery.RecordAsync(ct);
        // User state is loaded lazily by whoever reads it; saving an unloaded state is a no-op.
        await ConversationState.SaveChangesAsync(turnContext, false, ct);
        await UserState.SaveChangesAsync(turnContext, false, ct);
    }

    protected virtual async Task RunDialogAsync(DialogContext dc, CancellationToken ct)
    {
        var activity = dc.Context.Activity;
        switch (activity.Type)
        {
            case ActivityTypes.Message:
                DialogTurnResult result;
                try
                {
                    result = await dc.ContinueDialogAsync(ct);
                }
                catch (UnknownDialogException ex) when (!dc.Context.Responded)
                {
                    // A conversation saved by an older release: its stack cannot run any more. Start over rather than
                    // fail on every message of this conversation forever.
                    _logger.LogWarning("Conversation {Conversation}: {Message} Starting the flow over.", activity.Conversation?.Id, ex.Message);
                    dc.Stack.Clear();
                    result = new DialogTurnResult(DialogTurnStatus.Empty);
                }
                if (result.Status == DialogTurnStatus.Empty) await dc.BeginDialogAsync(Root.Id, null, ct);
                break;
            case ActivityTypes.ConversationUpdate when dc.ActiveDialog is null && SomeoneElseJoined(activity):
                _logger.LogDebug("Starting {Dialog} for a new member of {Conversation}", Root.Id, activity.Conversation?.Id);
                await dc.BeginDialogAsync(Root.Id, null, ct);
                break;
        }
    }

    private static bool SomeoneElseJoined(Activity a)
        => a.MembersAdded?.Any(m => m.Id is not null && m.Id != a.Recipient?.Id) == true;
}

namespace ComplaintBot.Dialogs.Runtime;

/// <summary>
/// A step that runs on every turn before the dialog, with state loaded (sentiment and escalation check, agent
/// take-over that mutes the bot). Interceptors run in DI registration order.
/// </summary>
public interface ITurnInterceptor
{
    /// <returns>True when the turn is handled: later interceptors and the dialog do not run (state is still saved).</returns>
    Task<bool> OnTurnAsync(DialogContext dc, CancellationToken ct);
}

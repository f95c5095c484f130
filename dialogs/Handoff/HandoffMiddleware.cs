using ComplaintBot.Dialogs.Turns;

namespace ComplaintBot.Dialogs.Handoff;

/// <summary>
/// Runs before the dialogs: while a person owns (or the queue holds) the conversation the bot stays silent and
/// customer messages go to the agent console. Must come after the transcript logger, so those messages are still logged.
/// </summary>
public sealed class HandoffMiddleware(HandoffService handoff) : IMiddleware
{
    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken ct)
    {
        if (await handoff.InterceptAsync(turnContext, ct)) return;
        await next(ct);
    }
}

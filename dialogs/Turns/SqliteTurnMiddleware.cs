using ComplaintBot.Dialogs.State;

namespace ComplaintBot.Dialogs.Turns;

/// <summary>
/// Runs each turn in one transaction on the SQLite file (<see cref="SqliteTurnScope"/>): the case it opens, its dialog
/// state with the delivery record, its replies in the transcript and its hand-off entry commit together when the turn
/// ends, or roll back together when it fails, so a turn that dies half-way leaves nothing for the channel's re-send
/// to trip over. Placed after the in-process turn lock (one conversation's turns never overlap) and before the
/// exactly-once check and the transcript logger. A turn started inside a turn (a proactive message) joins it.
/// </summary>
public sealed class SqliteTurnMiddleware(SqliteDatabase db) : IMiddleware
{
    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken ct)
    {
        if (db.CurrentTurn is not null)
        {
            await next(ct);
            return;
        }
        await using var turn = db.BeginTurn();
        turn.Incoming = turnContext.Activity;
        try
        {
            await next(ct);
        }
        catch
        {
            await turn.RollbackAsync();
            throw;
        }
        // Durable before the channel answers: the adapter responds only after the pipeline has returned.
        await turn.CommitAsync();
    }
}

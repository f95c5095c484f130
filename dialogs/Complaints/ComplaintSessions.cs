using ComplaintBot.Dialogs.State;
using ComplaintBot.Dialogs.Turns;

namespace ComplaintBot.Dialogs.Complaints;

/// <summary>Reading the conversation's <see cref="ComplaintSession"/> (a fresh one when the conversation has none yet).</summary>
public static class ComplaintSessions
{
    public static Task<ComplaintSession> GetAsync(this IStatePropertyAccessor<ComplaintSession> sessions, ITurnContext turn, CancellationToken ct)
        => sessions.GetAsync(turn, () => new ComplaintSession(), ct);
}

using ComplaintBot.Dialogs.Turns;
using IMiddleware = ComplaintBot.Dialogs.Turns.IMiddleware;

namespace ComplaintBot.Bot.Channels.BotFramework;

/// <summary>Teams shows at most three suggested actions; more are dropped here rather than by the client at random.</summary>
public sealed class TeamsSuggestedActionsLimit : IMiddleware
{
    public const int MaxActions = 3;

    public Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken ct)
    {
        if (string.Equals(turnContext.Activity.ChannelId, TeamsMentionStripping.TeamsChannelId, StringComparison.OrdinalIgnoreCase))
        {
            turnContext.OnSendActivities((_, activities, send) =>
            {
                foreach (var a in activities)
                    if (a.SuggestedActions is { Actions.Count: > MaxActions } s)
                        s.Actions = s.Actions.Take(MaxActions).ToList();
                return send();
            });
        }
        return next(ct);
    }
}

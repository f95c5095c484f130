namespace ComplaintBot.Dialogs.Turns;

/// <summary>The bot logic one turn at a time; channels know nothing else about it.</summary>
public interface IBot
{
    Task OnTurnAsync(ITurnContext turnContext, CancellationToken ct = default);
}

public delegate Task BotCallback(ITurnContext turnContext, CancellationToken ct);

public delegate Task NextDelegate(CancellationToken ct);

/// <summary>Runs around every turn, in the order added to the adapter (Bot Builder's middleware shape).</summary>
public interface IMiddleware
{
    Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken ct);
}

/// <summary>Sees (and may change or drop) outgoing activities before the channel sends them.</summary>
public delegate Task<IReadOnlyList<Schema.ResourceResponse>> SendActivitiesHandler(
    ITurnContext turnContext, List<Schema.Activity> activities, Func<Task<IReadOnlyList<Schema.ResourceResponse>>> next);

using ComplaintBot.Dialogs.Schema;

namespace ComplaintBot.Dialogs.Turns;

public interface ITurnContext
{
    BotAdapter Adapter { get; }
    Activity Activity { get; }

    /// <summary>True once anything was sent this turn.</summary>
    bool Responded { get; }

    /// <summary>Per-turn services and values (state caches, analysis results) keyed by name.</summary>
    IDictionary<string, object> TurnState { get; }

    /// <summary>With deliveryMode=expectReplies the adapter collects replies here instead of sending them.</summary>
    IReadOnlyList<Activity> BufferedReplies { get; }

    Task<ResourceResponse> SendActivityAsync(Activity activity, CancellationToken ct = default);
    Task<ResourceResponse> SendActivityAsync(string text, CancellationToken ct = default);
    Task<IReadOnlyList<ResourceResponse>> SendActivitiesAsync(IReadOnlyList<Activity> activities, CancellationToken ct = default);
    Task<ResourceResponse> UpdateActivityAsync(Activity activity, CancellationToken ct = default);
    Task DeleteActivityAsync(string activityId, CancellationToken ct = default);

    /// <summary>Registers a hook that runs on every send of this turn (e.g. promise guard, channel limits, transcript).</summary>
    ITurnContext OnSendActivities(SendActivitiesHandler handler);

    T? Get<T>(string key) where T : class => TurnState.TryGetValue(key, out var v) ? v as T : null;
    T? Get<T>() where T : class => Get<T>(typeof(T).FullName!);
    void Set<T>(T value) where T : class => TurnState[typeof(T).FullName!] = value;
}

using ComplaintBot.Dialogs.Schema;

namespace ComplaintBot.Dialogs.Turns;

public sealed class TurnContext(BotAdapter adapter, Activity activity) : ITurnContext
{
    private readonly List<SendActivitiesHandler> _onSend = new();
    private readonly List<Activity> _buffered = new();

    public BotAdapter Adapter { get; } = adapter;
    public Activity Activity { get; } = activity;
    public bool Responded { get; private set; }
    public IDictionary<string, object> TurnState { get; } = new Dictionary<string, object>();
    public IReadOnlyList<Activity> BufferedReplies => _buffered;

    public ITurnContext OnSendActivities(SendActivitiesHandler handler)
    {
        _onSend.Add(handler);
        return this;
    }

    public Task<ResourceResponse> SendActivityAsync(string text, CancellationToken ct = default)
        => SendActivityAsync(Activity.CreateMessage(text), ct);

    public async Task<ResourceResponse> SendActivityAsync(Activity activity, CancellationToken ct = default)
    {
        var r = await SendActivitiesAsync(new[] { activity }, ct);
        return r.Count > 0 ? r[0] : new ResourceResponse();
    }

    public async Task<IReadOnlyList<ResourceResponse>> SendActivitiesAsync(IReadOnlyList<Activity> activities, CancellationToken ct = default)
    {
        var reference = Activity.GetConversationReference();
        var list = activities.Select(a => ApplyReference(a.Clone(), reference)).ToList();
        var buffered = false;

        async Task<IReadOnlyList<ResourceResponse>> Core()
        {
            if (list.Count == 0) return Array.Empty<ResourceResponse>();
            Responded = true;
            if (string.Equals(Activity.DeliveryMode, DeliveryModes.ExpectReplies, StringComparison.OrdinalIgnoreCase))
            {
                foreach (var a in list) a.Id ??= Guid.NewGuid().ToString("N");
                _buffered.AddRange(list);
                buffered = true;
                return list.Select(a => new ResourceResponse { Id = a.Id }).ToList();
            }
            return await Adapter.SendActivitiesAsync(this, list, ct);
        }

        var responses = await RunHandlers(0);
        // Every hook has seen them (ids, guard, channel limits): the replies are final, their JSON is fixed once for the
        // delivery log, the transcript and the response.
        if (buffered)
            foreach (var a in list) a.MarkDelivered();
        return responses;

        Task<IReadOnlyList<ResourceResponse>> RunHandlers(int i)
            => i == _onSend.Count ? Core() : _onSend[i](this, list, () => RunHandlers(i + 1));
    }

    public Task<ResourceResponse> UpdateActivityAsync(Activity activity, CancellationToken ct = default)
        => Adapter.UpdateActivityAsync(this, ApplyReference(activity.Clone(), Activity.GetConversationReference()), ct);

    public Task DeleteActivityAsync(string activityId, CancellationToken ct = default)
        => Adapter.DeleteActivityAsync(this, activityId, ct);

    /// <summary>Fills in addressing from the incoming activity, as Bot Builder does.</summary>
    public static Activity ApplyReference(Activity a, ConversationReference r)
    {
        a.ChannelId ??= r.ChannelId;
        a.ServiceUrl ??= r.ServiceUrl;
        a.Conversation ??= r.Conversation;
        a.From ??= r.Bot;
        a.Recipient ??= r.User;
        a.ReplyToId ??= r.ActivityId;
        a.Locale ??= r.Locale;
        a.Type ??= ActivityTypes.Message;
        return a;
    }
}

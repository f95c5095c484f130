using System.Text.Json.Nodes;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.State;

namespace ComplaintBot.Dialogs.Turns;

/// <summary>
/// Makes a turn happen once per delivered activity. Channels re-send on timeouts (Azure Bot Service redelivers with
/// the same activity id, Direct Line clients retry with the same <c>channelData.clientActivityID</c>, a customer whose
/// instance died re-sends to another); running the dialog again would take the repeated answer for the next question.
///
/// The conversation state remembers the activities it has processed (<see cref="DeliveryLog"/>), written by the same
/// state save that stores the dialog, so "processed" and "the dialog moved on" are one write: either both or neither.
/// The replies to replay are kept beside the state in the same write (<see cref="DeliveryReplies"/>), not inside it.
/// A repeat within the retention changes nothing: with deliveryMode=expectReplies it gets the replies the first
/// delivery produced; a channel that replies out of band (Connector, Direct Line's activity log) gets nothing more, and
/// the activity keeps the first delivery's id so Direct Line answers the retry with the id it already gave.
///
/// Runs after the turn locks (a repeat that arrives while the first is in flight waits for it, then finds it
/// recorded) and before the transcript logger (a repeat is not logged twice).
/// </summary>
public sealed class ExactlyOnceMiddleware(ConversationState conversationState, DeliveryOptions options, TimeProvider? clock = null) : IMiddleware
{
    /// <summary>Set in TurnState when the activity is a repeat that was answered from the log.</summary>
    public const string RepeatKey = "ExactlyOnce.Repeat";

    private readonly IStatePropertyAccessor<DeliveryLog> _log = conversationState.CreateProperty<DeliveryLog>(DeliveryLog.PropertyName);
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>
    /// What identifies a delivery within its conversation: the client's own id when it gave one (Direct Line stamps a
    /// fresh server id on every POST, so only the client's id survives a retry), else the channel's activity id.
    /// Null for activities without either, and for the synthetic event of a proactive turn.
    /// </summary>
    public static string? DeliveryKey(Activity a)
    {
        if (a.Type == ActivityTypes.Event && a.Name == TranscriptLoggerMiddleware.ContinueConversationEvent) return null;
        if (a.Conversation?.Id is null || a.ChannelId is null) return null;
        if (a.ChannelData is JsonObject data && data["clientActivityID"] is JsonValue v && v.TryGetValue<string>(out var client)
            && !string.IsNullOrWhiteSpace(client))
            return "client:" + client;
        return string.IsNullOrEmpty(a.Id) ? null : "id:" + a.Id;
    }

    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken ct)
    {
        var activity = turnContext.Activity;
        if (DeliveryKey(activity) is not { } key)
        {
            await next(ct);
            return;
        }

        var log = await _log.GetAsync(turnContext, () => new DeliveryLog(), ct);
        if (log.Find(key) is { } done && _clock.GetUtcNow() - done.At <= options.Retention)
        {
            turnContext.TurnState[RepeatKey] = true;
            if (done.ActivityId is not null) activity.Id = done.ActivityId;
            if (ExpectsReplies(activity) && await RepliesOfAsync(turnContext, done, ct) is { Count: > 0 } replies)
                await turnContext.SendActivitiesAsync(replies.Select(r => r.Clone()).ToList(), ct);
            return;
        }

        var entry = new DeliveredActivity { Key = key, At = _clock.GetUtcNow() };
        List<Activity>? sent = null;
        if (ExpectsReplies(activity))
        {
            // Only these are ever replayed: an out-of-band channel already delivered its replies itself. The sent
            // activities themselves (the turn's own copies): written when the delivery is recorded, by then delivered,
            // with the JSON the response and the transcript use too (Activity.DeliveredJson).
            sent = new List<Activity>();
            turnContext.OnSendActivities(async (_, activities, sendNext) =>
            {
                var responses = await sendNext();
                lock (sent) sent.AddRange(activities);
                return responses;
            });
        }
        var pending = new PendingDelivery(entry, async token =>
        {
            // Read the id now: the transcript logger assigns one to an activity that came without.
            entry.ActivityId = activity.Id;
            var current = await _log.GetAsync(turnContext, () => new DeliveryLog(), token);
            current.Add(entry, _clock.GetUtcNow() - options.Retention, options.MaxRemembered, needsSlot: sent is not null);
            await _log.SetAsync(turnContext, current, token);
            if (entry.Slot is { } slot)
            {
                string replies;
                lock (sent!) replies = DeliveryReplies.Serialize(key, sent);
                await conversationState.SaveWithAsync(turnContext, DeliveryReplies.Key(conversationState.GetStorageKey(turnContext), slot), replies, token);
            }
        });
        turnContext.Set(pending);
        await next(ct);

        // A bot that keeps no dialog state (not DialogBot) did not record it with its save: record it here.
        if (!pending.Recorded)
        {
            await pending.RecordAsync(ct);
            await conversationState.SaveChangesAsync(turnContext, false, ct);
        }
    }

    /// <summary>The replies the first delivery produced: kept in the entry's slot (or, recorded before slots, in the entry).</summary>
    private async Task<IReadOnlyList<Activity>?> RepliesOfAsync(ITurnContext turnContext, DeliveredActivity done, CancellationToken ct)
    {
        if (done.Replies is { Count: > 0 } inline) return inline;
        if (done.Slot is not { } slot) return null;
        return await DeliveryReplies.ReadAsync(conversationState.Storage, conversationState.GetStorageKey(turnContext), slot, done.Key, ct);
    }

    private static bool ExpectsReplies(Activity a)
        => string.Equals(a.DeliveryMode, DeliveryModes.ExpectReplies, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// The current turn's delivery, to be written into the conversation state by whoever saves it (the bot, right before
/// its state save), so the record and the state changes of the turn commit together.
/// </summary>
public sealed class PendingDelivery(DeliveredActivity entry, Func<CancellationToken, Task> record)
{
    public DeliveredActivity Entry { get; } = entry;

    public bool Recorded { get; private set; }

    public Task RecordAsync(CancellationToken ct)
    {
        Recorded = true;
        return record(ct);
    }
}

/// <summary>The activities a conversation has processed recently (a property of the conversation state).</summary>
public sealed class DeliveryLog
{
    public const string PropertyName = "Deliveries";

    public List<DeliveredActivity> Items { get; set; } = new();

    public DeliveredActivity? Find(string key) => Items.FirstOrDefault(i => i.Key == key);

    /// <summary>
    /// Adds <paramref name="entry"/>, dropping entries older than <paramref name="oldest"/> and the oldest beyond
    /// <paramref name="max"/>; with <paramref name="needsSlot"/> it gets the lowest slot no kept entry uses (so a
    /// conversation has at most <paramref name="max"/> of them).
    /// </summary>
    public void Add(DeliveredActivity entry, DateTimeOffset oldest, int max, bool needsSlot = false)
    {
        Items.RemoveAll(i => i.Key == entry.Key || i.At < oldest);
        var others = Math.Max(0, max - 1);
        if (Items.Count > others) Items.RemoveRange(0, Items.Count - others);
        if (max <= 0) return;
        if (needsSlot)
        {
            var slot = 0;
            while (Items.Exists(i => i.Slot == slot)) slot++;
            entry.Slot = slot;
        }
        Items.Add(entry);
    }
}

public sealed class DeliveredActivity
{
    public string Key { get; set; } = "";
    /// <summary>The id the first delivery was logged under (what Direct Line answered the client).</summary>
    public string? ActivityId { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>Where the replies of an expectReplies turn are kept (<see cref="DeliveryReplies"/>), replayed to a repeat; null for out-of-band channels.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public int? Slot { get; set; }
    /// <summary>Replies kept inside the entry, as records written before slots did (read for a repeat; never written now).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public List<Activity>? Replies { get; set; }
}

/// <summary>Bound from <c>Deliveries</c>: how long and how many processed activities a conversation remembers.</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Deliveries";

    /// <summary>A repeat older than this is processed as a new message (channels retry within minutes).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Per conversation; the oldest are forgotten first. Channels retry the message in flight, not older ones,
    /// and the entries (with their replies) travel with the conversation state on every turn: keep it small.</summary>
    public int MaxRemembered { get; set; } = 10;
}

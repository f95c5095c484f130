using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.State;

namespace ComplaintBot.Dialogs.Turns;

/// <summary>
/// Appends every activity of a conversation, in and out, to the <see cref="ITranscriptStore"/>. The synthetic
/// event that starts a proactive turn is not part of the conversation and is skipped. Outgoing activities get an
/// id before they are sent, so the transcript, the channel and the client all name them the same way.
///
/// Writes: the incoming activity at once (before the bot runs, so a crash mid-turn does not lose what the customer
/// said); the replies of one send together. In a deliveryMode=expectReplies turn nobody can see a reply before the
/// HTTP response, so all replies of the turn are written once, when the turn ends and before the response goes
/// out (<see cref="PendingTranscript"/>, which also writes them early if someone reads the transcript meanwhile).
/// </summary>
public sealed class TranscriptLoggerMiddleware(ITranscriptStore store) : IMiddleware
{
    /// <summary>The name of the event <see cref="BotAdapter.ContinueConversationAsync"/> runs a proactive turn with.</summary>
    public const string ContinueConversationEvent = "ContinueConversation";

    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken ct)
    {
        var incoming = turnContext.Activity;
        // Keyed by channel and conversation id: a caller of one channel cannot write into another channel's conversation.
        var conversationId = ConversationKey.Of(incoming);
        if (conversationId is null)
        {
            await next(ct);
            return;
        }

        if (!IsProactiveTrigger(incoming))
        {
            incoming.Id ??= NewId();
            incoming.Timestamp ??= DateTimeOffset.UtcNow;
            await store.AppendAsync(conversationId, incoming, ct);
        }

        var pending = string.Equals(incoming.DeliveryMode, DeliveryModes.ExpectReplies, StringComparison.OrdinalIgnoreCase)
            ? new PendingTranscript(store, conversationId)
            : null;
        turnContext.OnSendActivities(async (ctx, activities, sendNext) =>
        {
            foreach (var a in activities)
            {
                a.Id ??= NewId();
                a.Timestamp ??= DateTimeOffset.UtcNow;
            }
            var responses = await sendNext();
            // A channel that assigns its own ids (the Bot Framework connector) wins: log the id it gave.
            for (var i = 0; i < activities.Count && i < responses.Count; i++)
                if (responses[i].Id is { } assigned) activities[i].Id = assigned;
            if (pending is not null) await pending.AddAsync(activities, CancellationToken.None);
            else await store.AppendManyAsync(conversationId, activities, CancellationToken.None);
            return responses;
        });

        if (pending is null)
        {
            await next(ct);
            return;
        }
        pending.Attach();
        try
        {
            await next(ct);
        }
        finally
        {
            // Durable before the response: the adapter answers only after the pipeline has returned.
            await pending.CloseAsync(CancellationToken.None);
        }
    }

    private static bool IsProactiveTrigger(Activity a)
        => a.Type == ActivityTypes.Event && a.Name == ContinueConversationEvent;

    private static string NewId() => Guid.NewGuid().ToString("N");
}

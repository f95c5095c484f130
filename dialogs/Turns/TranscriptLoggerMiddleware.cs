using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.State;

namespace ComplaintBot.Dialogs.Turns;

/// <summary>
/// Appends every activity of a conversation, in and out, to the <see cref="ITranscriptStore"/>. The synthetic
/// event that starts a proactive turn is not part of the conversation and is skipped. Outgoing activities get an
/// id before they are sent, so the transcript, the channel and the client all name them the same way.
/// </summary>
public sealed class TranscriptLoggerMiddleware(ITranscriptStore store) : IMiddleware
{
    /// <summary>The name of the event <see cref="BotAdapter.ContinueConversationAsync"/> runs a proactive turn with.</summary>
    public const string ContinueConversationEvent = "ContinueConversation";

    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken ct)
    {
        var incoming = turnContext.Activity;
        var conversationId = incoming.Conversation?.Id;
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

        turnContext.OnSendActivities(async (ctx, activities, sendNext) =>
        {
            foreach (var a in activities)
            {
                a.Id ??= NewId();
                a.Timestamp ??= DateTimeOffset.UtcNow;
            }
            var responses = await sendNext();
            for (var i = 0; i < activities.Count; i++)
            {
                // A channel that assigns its own ids (the Bot Framework connector) wins: log the id it gave.
                if (i < responses.Count && responses[i].Id is { } assigned) activities[i].Id = assigned;
                await store.AppendAsync(conversationId, activities[i], CancellationToken.None);
            }
            return responses;
        });

        await next(ct);
    }

    private static bool IsProactiveTrigger(Activity a)
        => a.Type == ActivityTypes.Event && a.Name == ContinueConversationEvent;

    private static string NewId() => Guid.NewGuid().ToString("N");
}

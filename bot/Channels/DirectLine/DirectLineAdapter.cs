using System.Runtime.ExceptionServices;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Dialogs.Turns;
using IMiddleware = ComplaintBot.Dialogs.Turns.IMiddleware;

namespace ComplaintBot.Bot.Channels.DirectLine;

/// <summary>
/// The self-hosted Direct Line channel. The transcript store IS the channel's activity log: an activity reaches the
/// client when it is in the transcript, its sequence number is the watermark, and a notification on
/// <see cref="Topic"/> wakes WebSocket streams and long pollers so they re-read the transcript after their watermark.
///
/// Who writes the transcript: when a TranscriptLoggerMiddleware is registered (the runtime's, which logs incoming
/// activities before the bot and outgoing ones around the send) the adapter relies on it and never appends, so
/// nothing is logged twice. Without one (tests, or a host that left it out) the adapter appends incoming and
/// outgoing activities itself, so Direct Line keeps working either way.
///
/// Notifications are published only after the append: for incoming activities by a middleware placed after all
/// registered ones, for outgoing ones by a send hook registered on the turn before any middleware adds its own
/// (hooks nest in registration order, so ours is outermost and runs after the logger's append has finished).
/// </summary>
public sealed class DirectLineAdapter : BotAdapter
{
    public const string ChannelId = "directline";

    private readonly ITranscriptStore _transcripts;
    private readonly INotificationBus _bus;
    private readonly TimeProvider _clock;

    /// <param name="apology">Ends a failed turn with the apology; when even that cannot be logged the error goes on to
    /// the caller (502, so the client may resend) rather than a 200 for a message nobody answered.</param>
    public DirectLineAdapter(IEnumerable<IMiddleware> middleware, ITranscriptStore transcripts, INotificationBus bus, TimeProvider clock,
        TurnErrorApology? apology = null)
    {
        _transcripts = transcripts;
        _bus = bus;
        _clock = clock;
        if (apology is not null)
            OnTurnError = async (turn, error) =>
            {
                if (!await apology.SendAsync(turn, error)) ExceptionDispatchInfo.Throw(error);
            };
        var list = middleware.ToList();
        foreach (var m in list) Use(m);
        LogsItself = !list.Any(IsTranscriptLogger);
        Use(new NotifyWhenIncomingLogged(this));
    }

    /// <summary>True when no transcript logger middleware is registered and the adapter appends activities itself.</summary>
    public bool LogsItself { get; }

    public static string Topic(string conversationId) => $"directline:{conversationId}";

    /// <summary>Where a Direct Line conversation's activity log lives in the transcript store.</summary>
    public static string TranscriptKey(string conversationId) => ConversationKey.Of(ChannelId, conversationId);

    public static string NewActivityId() => Guid.NewGuid().ToString("N");

    private static bool IsTranscriptLogger(IMiddleware m) => m is TranscriptLoggerMiddleware;

    /// <summary>Runs one inbound activity (already stamped with id, from, conversation) through middleware and bot.</summary>
    public async Task ProcessActivityAsync(Activity activity, BotCallback callback, CancellationToken ct)
    {
        var conversationId = activity.Conversation!.Id!;
        if (LogsItself)
        {
            await _transcripts.AppendAsync(TranscriptKey(conversationId), activity, ct);
            await NotifyAsync(conversationId);
        }
        var context = CreateContext(activity);
        // Our channel built `from` itself from the conversation's token (DirectLineChannel.AssignSender), so the id it
        // stamped there is the one the shop signed; the turn carries it as the proven identity.
        context.SetSignedInCustomerId(activity.From.StampedCustomerId());
        try
        {
            await RunPipelineAsync(context, callback, ct);
        }
        finally
        {
            // Also after the turn: covers a middleware that logs the incoming activity late.
            await NotifyAsync(conversationId);
        }
    }

    public override Task ContinueConversationAsync(ConversationReference reference, BotCallback callback, CancellationToken ct = default)
    {
        var activity = ContinuationActivity(reference);
        activity.Id = NewActivityId();
        activity.Timestamp = _clock.GetUtcNow();
        activity.ChannelId ??= ChannelId;
        var context = CreateContext(activity);
        // The trigger event never reaches the client, and Web Chat holds a message whose replyToId it has not seen for
        // up to 5 s (waiting for the activity it answers): proactive messages answer nothing, so they carry no replyToId.
        context.OnSendActivities((_, list, next) =>
        {
            foreach (var a in list)
                if (a.ReplyToId == activity.Id) a.ReplyToId = null;
            return next();
        });
        return RunPipelineAsync(context, callback, ct, proactive: true);
    }

    public override async Task<IReadOnlyList<ResourceResponse>> SendActivitiesAsync(ITurnContext turnContext, IReadOnlyList<Activity> activities, CancellationToken ct)
    {
        var responses = new List<ResourceResponse>(activities.Count);
        foreach (var a in activities)
        {
            a.Id ??= NewActivityId();
            a.Timestamp ??= _clock.GetUtcNow();
            a.ChannelId ??= ChannelId;
            var conversationId = a.Conversation?.Id ?? turnContext.Activity.Conversation?.Id
                ?? throw new InvalidOperationException("Outgoing activity has no conversation.");
            if (LogsItself) await _transcripts.AppendAsync(TranscriptKey(conversationId), a, ct);
            responses.Add(new ResourceResponse { Id = a.Id });
        }
        return responses;
    }

    private TurnContext CreateContext(Activity activity)
    {
        var context = new TurnContext(this, activity);
        context.OnSendActivities(async (tc, list, next) =>
        {
            var result = await next();
            await NotifyAsync(tc.Activity.Conversation?.Id);
            return result;
        });
        return context;
    }

    internal Task NotifyAsync(string? conversationId)
        => conversationId is null ? Task.CompletedTask : _bus.PublishAsync(Topic(conversationId), "activity");

    /// <summary>Last middleware: by now the logger has appended the incoming activity, so its echo can go out.</summary>
    private sealed class NotifyWhenIncomingLogged(DirectLineAdapter adapter) : IMiddleware
    {
        public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken ct)
        {
            await adapter.NotifyAsync(turnContext.Activity.Conversation?.Id);
            await next(ct);
        }
    }
}

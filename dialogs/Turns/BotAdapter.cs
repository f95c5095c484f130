using ActivityKind = System.Diagnostics.ActivityKind;
using Stopwatch = System.Diagnostics.Stopwatch;
using TagList = System.Diagnostics.TagList;
using ComplaintBot.Dialogs.Runtime;
using ComplaintBot.Dialogs.Schema;

namespace ComplaintBot.Dialogs.Turns;

/// <summary>
/// A channel at the edge: turns inbound activities into turns and sends the bot's activities out.
/// Bot Framework (Connector) and the self-hosted Direct Line are the two implementations.
/// </summary>
public abstract class BotAdapter
{
    private readonly List<IMiddleware> _middleware = new();

    /// <summary>
    /// Called when a turn started by an inbound activity throws; default rethrows. The host sets one that apologises
    /// and logs. Proactive turns never come here: their caller (follow-up dispatcher, agent console) must hear of the
    /// failure to retry or report it, and there is no customer message to apologise for.
    /// </summary>
    public Func<ITurnContext, Exception, Task>? OnTurnError { get; set; }

    public BotAdapter Use(IMiddleware middleware)
    {
        _middleware.Add(middleware);
        return this;
    }

    public abstract Task<IReadOnlyList<ResourceResponse>> SendActivitiesAsync(ITurnContext turnContext, IReadOnlyList<Activity> activities, CancellationToken ct);

    public virtual Task<ResourceResponse> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken ct)
        => throw new NotSupportedException($"{GetType().Name} cannot update activities.");

    public virtual Task DeleteActivityAsync(ITurnContext turnContext, string activityId, CancellationToken ct)
        => throw new NotSupportedException($"{GetType().Name} cannot delete activities.");

    /// <summary>Proactive turn on an existing conversation (agent replies, follow-ups).</summary>
    public virtual Task ContinueConversationAsync(ConversationReference reference, BotCallback callback, CancellationToken ct = default)
        => RunPipelineAsync(new TurnContext(this, ContinuationActivity(reference)), callback, ct, proactive: true);

    /// <summary>The synthetic event a proactive turn starts from, addressed like the referenced conversation.</summary>
    protected static Activity ContinuationActivity(ConversationReference reference) => new()
    {
        Type = ActivityTypes.Event,
        Name = TranscriptLoggerMiddleware.ContinueConversationEvent,
        ChannelId = reference.ChannelId,
        ServiceUrl = reference.ServiceUrl,
        Conversation = reference.Conversation,
        From = reference.User,
        Recipient = reference.Bot,
        Locale = reference.Locale,
        RelatesTo = reference,
    };

    /// <summary>Runs the middleware chain, then the bot; errors of inbound turns go to <see cref="OnTurnError"/>.</summary>
    protected async Task RunPipelineAsync(ITurnContext turnContext, BotCallback callback, CancellationToken ct, bool proactive = false)
    {
        var activity = turnContext.Activity;
        var started = Stopwatch.GetTimestamp();
        using var span = BotTelemetry.Source.StartActivity(proactive ? "turn proactive" : "turn", ActivityKind.Server);
        span?.SetTag("complaintbot.channel", activity.ChannelId);
        span?.SetTag("complaintbot.activity.type", activity.Type);
        span?.SetTag("complaintbot.conversation.id", activity.Conversation?.Id);
        try
        {
            await Run(0, ct);
        }
        catch (Exception ex) when (OnTurnError is not null && !proactive)
        {
            span.Fail(ex);
            await OnTurnError(turnContext, ex);
        }
        catch (Exception ex)
        {
            span.Fail(ex);
            throw;
        }
        finally
        {
            var tags = new TagList { { "channel", activity.ChannelId }, { "activity.type", activity.Type }, { "proactive", proactive } };
            BotTelemetry.TurnDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
            BotTelemetry.Turns.Add(1, tags);
        }

        Task Run(int i, CancellationToken token)
            => i == _middleware.Count
                ? callback(turnContext, token)
                : _middleware[i].OnTurnAsync(turnContext, t => Run(i + 1, t), token);
    }
}

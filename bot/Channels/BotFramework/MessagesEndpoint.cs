using System.Text.Json;
using ComplaintBot.Bot.Hosting;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.Turns;
using Microsoft.Extensions.Options;

namespace ComplaintBot.Bot.Channels.BotFramework;

/// <summary>
/// POST /api/messages. Every refusal (size, JSON, shape, authentication) happens before a turn starts, so a bad
/// request never reaches state or the bot.
/// </summary>
internal static class MessagesEndpoint
{
    private const string DirectLineChannelId = "directline";

    private static readonly HashSet<string> KnownTypes = typeof(ActivityTypes).GetFields()
        .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToHashSet(StringComparer.OrdinalIgnoreCase);

    public static async Task<IResult> HandleAsync(HttpContext http, BotFrameworkAdapter adapter, BotFrameworkAuthenticator auth, IOptions<BotFrameworkOptions> options,
        ConversationMessageLimiter limiter)
    {
        var ct = http.RequestAborted;
        if (auth.RefusesEveryone)
            return Error(401, "Unauthorized", "Anonymous callers are not accepted: the bot has no Microsoft app id configured.");
        if (auth.Enabled && !http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return Error(401, "Unauthorized", "Missing bearer token.");

        if (!InboundActivity.IsJson(http.Request.ContentType))
            return Error(415, "UnsupportedMediaType", "The activity must be sent as application/json.");
        Activity? activity;
        using (var body = await RequestBody.ReadAsync(http.Request, options.Value.MaxRequestBytes, ct))
        {
            if (body is null)
                return Error(413, "PayloadTooLarge", $"The activity exceeds {options.Value.MaxRequestBytes} bytes.");
            try
            {
                activity = JsonSerializer.Deserialize<Activity>(body.Value.Span, ActivityJson.Options);
            }
            catch (JsonException ex)
            {
                return Error(400, "BadRequest", $"The body is not a valid activity: {ex.Message}");
            }
        }
        if (activity is null) return Error(400, "BadRequest", "The body is not an activity.");
        if (string.IsNullOrWhiteSpace(activity.Type)) return Error(400, "BadRequest", "The activity has no type.");
        if (string.IsNullOrWhiteSpace(activity.Conversation?.Id)) return Error(400, "BadRequest", "The activity has no conversation.id.");
        // State and transcript are keyed by channel, and replies go to serviceUrl: without them the turn would run
        // (and record a complaint) and then fail to answer.
        if (string.IsNullOrWhiteSpace(activity.ChannelId)) return Error(400, "BadRequest", "The activity has no channelId.");
        if (!ConversationKey.IsValidChannelId(activity.ChannelId)) return Error(400, "BadRequest", "The channelId is not a plain channel name.");
        InboundActivity.Clean(activity);
        if (InboundActivity.Problem(activity) is { } problem) return Error(400, "BadRequest", problem);
        var expectReplies = string.Equals(activity.DeliveryMode, DeliveryModes.ExpectReplies, StringComparison.OrdinalIgnoreCase);
        if (!expectReplies && ConnectorClient.ServiceUri(activity.ServiceUrl) is null)
            return Error(400, "BadRequest", "The activity has no http(s) serviceUrl to reply to.");

        var outcome = await auth.AuthenticateAsync(http.Request.Headers.Authorization, activity, ct);
        if (!outcome.Succeeded) return Error(401, "Unauthorized", outcome.Error!);
        // Replies, agent replies and follow-ups all go to this serviceUrl (it is kept with the conversation): only the
        // address the token names, or loopback for callers without one (no requests to addresses of a caller's choosing).
        if (!string.IsNullOrWhiteSpace(activity.ServiceUrl) && !outcome.MayReplyTo(activity.ServiceUrl))
            return Error(401, "Unauthorized", "The serviceUrl is not one this caller may have replies sent to.");
        // Our own Direct Line's conversations use this channel id; on this endpoint only Azure Bot Service's Direct Line
        // (a Connector token endorsed for it) may, so nobody else can address our Direct Line conversations.
        if (string.Equals(activity.ChannelId, DirectLineChannelId, StringComparison.OrdinalIgnoreCase) && !outcome.ByConnector)
            return Error(401, "Unauthorized", "Only the Bot Connector service may send activities of channel 'directline'.");

        // Activity types from the future are acknowledged and dropped, without a turn (and so without state).
        if (!KnownTypes.Contains(activity.Type)) return Results.Ok();
        if (limiter.TryAcquire(activity.ChannelId!, activity.Conversation!.Id!) is { } tooMany) return tooMany;

        var bot = http.RequestServices.GetRequiredService<IBot>();
        var response = await adapter.ProcessActivityAsync(activity, outcome.Identity!, bot.OnTurnAsync, ct);
        return response.Body switch
        {
            null => Results.StatusCode(response.Status),
            ExpectedReplies replies => new ExpectedRepliesResult(replies, response.Status),
            var body => Results.Json(body, ActivityJson.Options, statusCode: response.Status),
        };
    }

    private static IResult Error(int status, string code, string message)
        => Results.Json(new { error = new { code, message } }, ActivityJson.Options, statusCode: status);
}

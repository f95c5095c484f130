using System.Security.Claims;
using System.Text.Json.Nodes;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.Turns;
using IMiddleware = ComplaintBot.Dialogs.Turns.IMiddleware;

namespace ComplaintBot.Bot.Channels.BotFramework;

/// <summary>
/// The Bot Framework channel: runs a turn for an inbound activity and sends the bot's activities to the
/// channel's connector (or buffers them for deliveryMode=expectReplies, which <see cref="TurnContext"/> does).
/// </summary>
public sealed class BotFrameworkAdapter : BotAdapter
{
    /// <summary>Bot Builder's convention: a bot answers an invoke by "sending" an activity of this type.</summary>
    public const string InvokeResponseType = "invokeResponse";

    public const string IdentityKey = "BotFramework.Identity";
    private const string InvokeResponseKey = "BotFramework.InvokeResponse";

    private readonly ConnectorClient _connector;

    public BotFrameworkAdapter(ConnectorClient connector, IEnumerable<IMiddleware> middleware, TurnErrorApology apology)
    {
        _connector = connector;

        // Channel quirks first, so everything after them (state, transcript, the bot) sees clean input.
        Use(new TeamsMentionStripping());
        Use(new TeamsSuggestedActionsLimit());
        foreach (var m in middleware) Use(m);
        // The turn is lost either way once the apology fails too; the error is logged.
        OnTurnError = (turn, error) => apology.SendAsync(turn, error);
    }

    /// <summary>Runs one turn and returns what goes back in the HTTP response.</summary>
    public async Task<TurnResponse> ProcessActivityAsync(Activity activity, ClaimsIdentity identity, BotCallback callback, CancellationToken ct)
    {
        var context = new TurnContext(this, activity);
        context.TurnState[IdentityKey] = identity;
        await RunPipelineAsync(context, callback, ct);

        if (string.Equals(activity.DeliveryMode, DeliveryModes.ExpectReplies, StringComparison.OrdinalIgnoreCase))
        {
            var replies = new ExpectedReplies
            {
                Activities = context.BufferedReplies.Where(a => a.Type != InvokeResponseType).ToList(),
            };
            var invoke = context.BufferedReplies.LastOrDefault(a => a.Type == InvokeResponseType);
            if (invoke is not null) context.TurnState[InvokeResponseKey] = invoke;
            if (activity.Type != ActivityTypes.Invoke) return new TurnResponse(200, replies);
        }

        if (activity.Type == ActivityTypes.Invoke)
        {
            // No answer from the bot to an invoke means it does not implement it (Bot Builder answers 501 too).
            if (context.TurnState.TryGetValue(InvokeResponseKey, out var value) && value is Activity response)
                return InvokeResult(response.Value);
            return new TurnResponse(501, null);
        }

        return new TurnResponse(200, null);
    }

    private static TurnResponse InvokeResult(JsonNode? value)
    {
        var status = value?["status"]?.GetValue<int>() ?? 200;
        return new TurnResponse(status, value?["body"]?.DeepClone());
    }

    public override async Task<IReadOnlyList<ResourceResponse>> SendActivitiesAsync(ITurnContext turnContext, IReadOnlyList<Activity> activities, CancellationToken ct)
    {
        var responses = new List<ResourceResponse>(activities.Count);
        foreach (var activity in activities)
        {
            if (activity.Type == InvokeResponseType)
            {
                turnContext.TurnState[InvokeResponseKey] = activity;
                responses.Add(new ResourceResponse());
                continue;
            }
            if (activity.Type == "delay")
            {
                // Bot Builder's pacing activity: wait, send nothing.
                var ms = activity.Value?.GetValueKind() == System.Text.Json.JsonValueKind.Number ? activity.Value.GetValue<int>() : 1000;
                await Task.Delay(ms, ct);
                responses.Add(new ResourceResponse());
                continue;
            }
            responses.Add(await _connector.SendAsync(activity, ct));
        }
        return responses;
    }

    public override Task<ResourceResponse> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken ct)
        => _connector.UpdateAsync(activity, ct);

    public override Task DeleteActivityAsync(ITurnContext turnContext, string activityId, CancellationToken ct)
        => _connector.DeleteAsync(turnContext.Activity.GetConversationReference(), activityId, ct);
}

/// <param name="Status">HTTP status for the inbound request.</param>
/// <param name="Body">JSON body (expected replies or an invoke response), or null for none.</param>
public sealed record TurnResponse(int Status, object? Body);

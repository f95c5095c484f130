using System.Text.Json;
using ComplaintBot.Dialogs.Schema;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Activity = ComplaintBot.Dialogs.Schema.Activity;

namespace ComplaintBot.Bench;

/// <summary>
/// The ceiling of the bench (issue 15): <c>POST /api/messages</c> on the same ASP.NET host as the bot that parses the
/// Activity with the bot's wire types and answers as the bot does with expectReplies — one reply addressed back to
/// the sender in an <see cref="ExpectedReplies"/> body — and does nothing else (no state, no store, no dialogs).
/// </summary>
public static class NoOpEndpoint
{
    public static WebApplication Build(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        Map(app);
        return app;
    }

    public static void Map(WebApplication app)
    {
        app.MapGet("/healthz", () => Results.Json(new { status = "ok" }));
        app.MapPost("/api/messages", async (HttpRequest request) =>
        {
            Activity? activity;
            try
            {
                activity = await JsonSerializer.DeserializeAsync<Activity>(request.Body, ActivityJson.Options, request.HttpContext.RequestAborted);
            }
            catch (JsonException)
            {
                return Results.BadRequest();
            }
            if (activity?.Conversation?.Id is null) return Results.BadRequest();
            if (!string.Equals(activity.DeliveryMode, DeliveryModes.ExpectReplies, StringComparison.OrdinalIgnoreCase)) return Results.Ok();
            return Results.Json(new ExpectedReplies { Activities = [Reply(activity)] }, ActivityJson.Options);
        });
    }

    /// <summary>What a bot's reply carries: addressed back to the sender, in its conversation, channel and locale.</summary>
    public static Activity Reply(Activity to) => new()
    {
        Type = ActivityTypes.Message,
        Id = Guid.NewGuid().ToString("N"),
        Timestamp = DateTimeOffset.UtcNow,
        ChannelId = to.ChannelId,
        ServiceUrl = to.ServiceUrl,
        Conversation = to.Conversation,
        From = to.Recipient,
        Recipient = to.From,
        ReplyToId = to.Id,
        Locale = to.Locale,
        Text = "ok",
        InputHint = InputHints.ExpectingInput,
    };
}

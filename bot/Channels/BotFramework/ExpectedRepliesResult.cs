using System.Text.Json;
using ComplaintBot.Dialogs.Schema;

namespace ComplaintBot.Bot.Channels.BotFramework;

/// <summary>
/// The answer to a deliveryMode=expectReplies turn, <c>{"activities":[…]}</c>, written from each reply's delivered JSON
/// (<see cref="Activity.DeliveredJson"/>, made once when the reply went out and also used by the transcript and the
/// delivery log) instead of serializing every reply again: the bytes <c>Results.Json(replies, ActivityJson.Options)</c>
/// writes, without the second serialization.
/// </summary>
internal sealed class ExpectedRepliesResult(ExpectedReplies replies, int status) : IResult
{
    private static readonly JsonEncodedText ActivitiesName =
        JsonEncodedText.Encode(ActivityJson.Options.PropertyNamingPolicy!.ConvertName(nameof(ExpectedReplies.Activities)));

    public async Task ExecuteAsync(HttpContext http)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        var body = http.Response.BodyWriter;
        using (var writer = new Utf8JsonWriter(body, new JsonWriterOptions { Encoder = ActivityJson.Options.Encoder, SkipValidation = true }))
        {
            writer.WriteStartObject();
            writer.WriteStartArray(ActivitiesName);
            foreach (var activity in replies.Activities)
                writer.WriteRawValue(ActivityJson.Serialize(activity), skipInputValidation: true); // our serializer's output
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        await body.FlushAsync(http.RequestAborted);
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Dialogs.Turns;
using ComplaintBot.Tests.Channels.BotFramework;
using ComplaintBot.Tests.Complaints;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintBot.Tests.Performance;

/// <summary>
/// A reply of an expectReplies turn is written three times: into the delivery log's slot, into the transcript and into
/// the HTTP response. Its JSON is made once, when it has gone out (<see cref="Activity.DeliveredJson"/>); counted here as
/// the bytes a later serialization allocates, and the wire checked to be what serializing it again would give.
/// </summary>
[Collection(nameof(AllocationCounting))]
public sealed class DeliveredReplyJsonTests
{
    private static Activity Incoming(string deliveryMode) => new()
    {
        Type = ActivityTypes.Message, Id = "in-1", ChannelId = "webchat", ServiceUrl = "http://127.0.0.1:9/",
        Conversation = new ConversationAccount { Id = "c-1" }, From = new ChannelAccount { Id = "u-1" },
        Recipient = new ChannelAccount { Id = "bot" }, Text = "my parcel arrived broken", Locale = "en-US", DeliveryMode = deliveryMode,
    };

    private static Activity Reply() => new()
    {
        Type = ActivityTypes.Message, Text = "Sorry to hear that. Which order is it?",
        SuggestedActions = new SuggestedActions { Actions = [CardAction.ImBack("I don't have it")] },
        ChannelData = new JsonObject { ["step"] = "clarify" },
    };

    [Fact]
    public async Task A_reply_buffered_for_the_response_is_serialized_once_with_what_every_hook_did_to_it()
    {
        var turn = new TurnContext(new CollectingAdapter(), Incoming(DeliveryModes.ExpectReplies));
        // A hook that changes the text before it goes out (as the promise guard does): the JSON is taken after it.
        turn.OnSendActivities((_, activities, next) =>
        {
            foreach (var a in activities) a.Text += " (checked)";
            return next();
        });
        await turn.SendActivityAsync(Reply());

        var delivered = Assert.Single(turn.BufferedReplies);
        var fresh = JsonSerializer.Serialize(delivered, ActivityJson.Options);
        Assert.Contains("(checked)", fresh);
        Assert.Equal(fresh, ActivityJson.Serialize(delivered));

        ActivityJson.Serialize(delivered);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++) ActivityJson.Serialize(delivered);
        var perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / 10;
        // Serializing this reply allocates about 1 KB each time; a delivered reply's JSON is not made again.
        Assert.Equal(0, perCall);
    }

    [Fact]
    public async Task A_reply_sent_out_of_band_and_a_changed_copy_of_a_delivered_reply_are_serialized_as_they_are_now()
    {
        var connector = new CollectingAdapter();
        var normal = new TurnContext(connector, Incoming(DeliveryModes.Normal));
        await normal.SendActivityAsync(Reply());
        var sent = Assert.Single(connector.Sent);
        Assert.Null(sent.DeliveredJson); // a channel may still give it its own id afterwards
        sent.Text = "changed";
        Assert.Contains("changed", ActivityJson.Serialize(sent));

        var buffered = new TurnContext(new CollectingAdapter(), Incoming(DeliveryModes.ExpectReplies));
        await buffered.SendActivityAsync(Reply());
        var copy = buffered.BufferedReplies[0].Clone();
        copy.Text = "changed";
        Assert.Null(copy.DeliveredJson);
        Assert.Contains("changed", ActivityJson.Serialize(copy));
    }

    [Fact]
    public async Task The_expectReplies_response_and_the_transcript_carry_the_replies_as_serializing_them_gives()
    {
        using var app = new BotFrameworkApp(realBot: true);
        var response = await app.PostAsync(BotFrameworkApp.Message("My parcel arrived broken and the box was crushed.", conversationId: "wire-1"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var replies = JsonSerializer.Deserialize<ExpectedReplies>(body, ActivityJson.Options)!;
        Assert.NotEmpty(replies.Activities);
        Assert.Equal(JsonSerializer.Serialize(replies, ActivityJson.Options), body);

        var transcript = await app.Services.GetRequiredService<ITranscriptStore>().ReadAsync(ConversationKey.Of("webchat", "wire-1"));
        var logged = transcript.Select(e => e.Activity).Where(a => a.From?.Id == "bot-1").Select(a => JsonSerializer.Serialize(a, ActivityJson.Options));
        Assert.Equal(replies.Activities.Select(a => JsonSerializer.Serialize(a, ActivityJson.Options)), logged);
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using ComplaintBot.Dialogs.Schema;

namespace ComplaintBot.Tests.Runtime;

public class ActivitySerializationTests
{
    [Fact]
    public void UnknownFieldsAndChannelDataSurviveARoundTrip()
    {
        const string json = """
            {"type":"message","id":"a1","text":"hi","channelData":{"clientActivityID":"c-9","nested":{"x":[1,2]}},
             "futureField":{"deep":true},"conversation":{"id":"conv1","tenantX":"t"}}
            """;
        var activity = ActivityJson.Parse(json)!;
        var back = JsonNode.Parse(ActivityJson.Serialize(activity))!;

        Assert.Equal("c-9", (string?)back["channelData"]!["clientActivityID"]);
        Assert.Equal(2, (int)back["channelData"]!["nested"]!["x"]![1]!);
        Assert.True((bool)back["futureField"]!["deep"]!);
        Assert.Equal("t", (string?)back["conversation"]!["tenantX"]);
        Assert.Null(back["speak"]);
    }

    [Fact]
    public void ReplyIsAddressedBackToTheSender()
    {
        var inbound = new Activity
        {
            Type = ActivityTypes.Message, Id = "m1", ChannelId = "msteams", ServiceUrl = "https://smba.example/",
            From = new ChannelAccount { Id = "user" }, Recipient = new ChannelAccount { Id = "bot" },
            Conversation = new ConversationAccount { Id = "c" }, Locale = "zh-CN",
        };
        var reply = inbound.CreateReply("ok");
        Assert.Equal("bot", reply.From!.Id);
        Assert.Equal("user", reply.Recipient!.Id);
        Assert.Equal("m1", reply.ReplyToId);
        Assert.Equal("zh-CN", reply.Locale);
    }

    private static Activity RichActivity()
    {
        var activity = ActivityJson.Parse("""
            {"type":"message","id":"a1","timestamp":"2026-11-24T10:11:12.1234567+08:00","text":"hi","locale":"zh-CN",
             "from":{"id":"u","name":"U","extraFrom":1},"recipient":{"id":"b"},"conversation":{"id":"c","tenantX":"t"},
             "membersAdded":[{"id":"m1"},{"id":"m2","role":"user"}],"listenFor":["a","b"],
             "attachments":[{"contentType":"application/json","content":{"n":[1,2,{"k":"v"}]},"attachX":true}],
             "entities":[{"type":"mention","text":"@bot","mentioned":{"id":"b"}}],
             "channelData":{"clientActivityID":"c-9"},"futureField":{"deep":true},
             "relatesTo":{"activityId":"r1","user":{"id":"u"},"conversation":{"id":"c"}}}
            """)!;
        activity.Value = new JsonObject { ["count"] = 3, ["name"] = "x" };
        activity.SuggestedActions = new SuggestedActions
        {
            Actions = [CardAction.ImBack("Yes"), new CardAction { Type = null!, Title = "No", Value = 2 }],
        };
        activity.From!.Extra!["added"] = JsonSerializer.SerializeToElement(new { z = 1 });
        activity.Recipient!.Extra = new Dictionary<string, JsonElement>(); // empty: written as nothing
        return activity;
    }

    [Fact]
    public void A_clone_is_what_a_JSON_round_trip_of_the_activity_gives()
    {
        var original = RichActivity();
        var roundTrip = JsonSerializer.Deserialize<Activity>(JsonSerializer.SerializeToUtf8Bytes(original, ActivityJson.Options), ActivityJson.Options)!;

        var clone = original.Clone();

        Assert.Equal(ActivityJson.Serialize(roundTrip), ActivityJson.Serialize(clone));
        Assert.Equal("imBack", clone.SuggestedActions!.Actions[1].Type);
        Assert.Null(clone.Recipient!.Extra);
        // Numbers come back as JSON numbers, readable as any numeric type (as after a round trip).
        Assert.Equal(3L, clone.Value!["count"]!.GetValue<long>());
        Assert.Equal(2.0, clone.SuggestedActions.Actions[1].Value!.GetValue<double>());
    }

    [Fact]
    public void Changing_a_clone_leaves_the_original_as_it_was()
    {
        var original = RichActivity();
        var before = ActivityJson.Serialize(original);

        var clone = original.Clone();
        clone.From!.Name = "changed";
        clone.Conversation!.Id = "other";
        clone.MembersAdded![0].Id = "changed";
        clone.Attachments![0].Content!["n"]!.AsArray().Add(9);
        clone.Entities![0].Properties!["text"] = JsonSerializer.SerializeToElement("changed");
        clone.SuggestedActions!.Actions[0].Title = "changed";
        clone.SuggestedActions.Actions.Add(CardAction.ImBack("more"));
        clone.ChannelData!["clientActivityID"] = "changed";
        clone.Value!["count"] = 4;
        clone.RelatesTo!.User!.Id = "changed";
        clone.ListenFor!.Add("c");
        clone.Extra!["futureField"] = JsonSerializer.SerializeToElement(false);

        Assert.Equal(before, ActivityJson.Serialize(original));
    }
}

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
}

using System.Net;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Tests.Support;

namespace ComplaintBot.Tests.Channels.BotFramework;

/// <summary>The product's own bot behind the Bot Framework channel, replying over real HTTP to a local connector.</summary>
public sealed class RealBotOverConnectorTests : IAsyncLifetime
{
    private LocalHttpServer _channel = null!;
    private BotFrameworkApp _app = null!;

    public async Task InitializeAsync()
    {
        _channel = await LocalHttpServer.StartAsync();
        _app = new BotFrameworkApp(realBot: true);
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        await _channel.DisposeAsync();
    }

    private Activity MembersAdded(params string[] ids)
    {
        var update = BotFrameworkApp.Message("", "teams-conv-1", "msteams", _channel.BaseUrl + "/", expectReplies: false);
        update.Type = ActivityTypes.ConversationUpdate;
        update.Text = null;
        update.MembersAdded = ids.Select(id => new ChannelAccount { Id = id }).ToList();
        return update;
    }

    [Fact]
    public async Task NewMemberIsGreetedExactlyOnceAndTheBotJoiningAloneIsNot()
    {
        Assert.Equal(HttpStatusCode.OK, (await _app.PostAsync(MembersAdded("bot-1"))).StatusCode);
        Assert.Empty(_channel.Requests);

        Assert.Equal(HttpStatusCode.OK, (await _app.PostAsync(MembersAdded("bot-1", "user-1"))).StatusCode);

        var greeting = Assert.Single(_channel.Requests);
        Assert.Equal("POST", greeting.Method);
        var sent = ActivityJson.Parse(greeting.Body)!;
        Assert.Equal(ActivityTypes.Message, sent.Type);
        Assert.False(string.IsNullOrWhiteSpace(sent.Text));
        Assert.Equal("user-1", sent.Recipient?.Id);
    }

    [Fact]
    public async Task ComplaintOnTeamsGetsRepliesThroughTheConnector()
    {
        var message = BotFrameworkApp.Message("<at>ComplaintBot</at> my parcel arrived broken", "teams-conv-2", "msteams",
            _channel.BaseUrl + "/", expectReplies: false);
        message.Entities = [new Entity
        {
            Type = "mention",
            Properties = new()
            {
                ["mentioned"] = System.Text.Json.JsonSerializer.SerializeToElement(new { id = "bot-1", name = "ComplaintBot" }),
                ["text"] = System.Text.Json.JsonSerializer.SerializeToElement("<at>ComplaintBot</at>"),
            },
        }];

        var response = await _app.PostAsync(message);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(_channel.Requests);
        Assert.All(_channel.Requests, r =>
        {
            Assert.Equal($"/v3/conversations/teams-conv-2/activities/{message.Id}", r.Path);
            var sent = ActivityJson.Parse(r.Body)!;
            Assert.True(sent.SuggestedActions is null || sent.SuggestedActions.Actions.Count <= 3);
        });
    }
}

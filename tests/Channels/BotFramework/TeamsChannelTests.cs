using System.Text.Json;
using ComplaintBot.Dialogs.Schema;

namespace ComplaintBot.Tests.Channels.BotFramework;

public sealed class TeamsChannelTests : IDisposable
{
    private readonly BotFrameworkApp _app = new();

    public void Dispose() => _app.Dispose();

    private static Entity Mention(string id, string name) => new()
    {
        Type = "mention",
        Properties = new()
        {
            ["mentioned"] = JsonSerializer.SerializeToElement(new { id, name }),
            ["text"] = JsonSerializer.SerializeToElement($"<at>{name}</at>"),
        },
    };

    [Fact]
    public async Task BotsOwnMentionIsStrippedBeforeTheBotSeesTheText()
    {
        var activity = BotFrameworkApp.Message("<at>ComplaintBot</at> my order never arrived", channelId: "msteams");
        activity.Entities = [Mention("bot-1", "ComplaintBot")];

        var response = await _app.PostAsync(activity);

        Assert.Equal("my order never arrived", Assert.Single(_app.Bot.Received).Text);
        Assert.Equal("echo: my order never arrived", Assert.Single(await BotFrameworkApp.RepliesAsync(response)).Text);
    }

    [Fact]
    public async Task MentionsOfOtherPeopleStayInTheText()
    {
        var activity = BotFrameworkApp.Message("<at>ComplaintBot</at> ask <at>Alice</at> about it", channelId: "msteams");
        activity.Entities = [Mention("bot-1", "ComplaintBot"), Mention("user-9", "Alice")];

        await _app.PostAsync(activity);

        Assert.Equal("ask <at>Alice</at> about it", Assert.Single(_app.Bot.Received).Text);
    }

    [Fact]
    public async Task MentionMarkupIsLeftAloneOnOtherChannels()
    {
        var activity = BotFrameworkApp.Message("<at>ComplaintBot</at> hi", channelId: "webchat");
        activity.Entities = [Mention("bot-1", "ComplaintBot")];

        await _app.PostAsync(activity);

        Assert.Equal("<at>ComplaintBot</at> hi", Assert.Single(_app.Bot.Received).Text);
    }

    [Fact]
    public async Task SuggestedActionsAreCappedAtThreeOnTeams()
    {
        var response = await _app.PostAsync(BotFrameworkApp.Message("choices", channelId: "msteams"));

        var actions = Assert.Single(await BotFrameworkApp.RepliesAsync(response)).SuggestedActions!.Actions;
        Assert.Equal(["Option 1", "Option 2", "Option 3"], actions.Select(a => a.Title));
    }

    [Fact]
    public async Task SuggestedActionsAreNotCappedOnOtherChannels()
    {
        var response = await _app.PostAsync(BotFrameworkApp.Message("choices", channelId: "webchat"));

        Assert.Equal(5, Assert.Single(await BotFrameworkApp.RepliesAsync(response)).SuggestedActions!.Actions.Count);
    }
}

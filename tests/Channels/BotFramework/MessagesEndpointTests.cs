using System.Net;
using System.Text;
using System.Text.Json;
using ComplaintBot.Bot.Channels;
using ComplaintBot.Bot.Channels.BotFramework;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Tests.Complaints;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintBot.Tests.Channels.BotFramework;

public sealed class MessagesEndpointTests : IDisposable
{
    private readonly BotFrameworkApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task ExpectRepliesReturnsTheTurnsRepliesInTheResponseBody()
    {
        var response = await _app.PostAsync(BotFrameworkApp.Message("my parcel arrived broken"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var replies = await BotFrameworkApp.RepliesAsync(response);
        var reply = Assert.Single(replies);
        Assert.Equal("echo: my parcel arrived broken", reply.Text);
        Assert.Equal("conv-1", reply.Conversation?.Id);
        Assert.Equal("user-1", reply.Recipient?.Id);
        Assert.Equal((true, 2), await _app.StoredAsync("conv-1")); // the turn's state and transcript were saved
    }

    [Fact]
    public async Task MalformedJsonIsRefusedWith400AndAJsonErrorBody()
    {
        var response = await _app.PostRawAsync("{\"type\":\"message\", \"text\": ");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("BadRequest", error.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(error.RootElement.GetProperty("error").GetProperty("message").GetString()));
        Assert.Empty(_app.Turns.Seen);
        Assert.Equal((false, 0), await _app.StoredAsync("conv-1"));
    }

    [Theory]
    [InlineData("{\"conversation\":{\"id\":\"c1\"},\"text\":\"hi\"}")]
    [InlineData("{\"type\":\"message\",\"text\":\"hi\"}")]
    [InlineData("{\"type\":\"message\",\"conversation\":{},\"text\":\"hi\"}")]
    [InlineData("{\"type\":\"\",\"conversation\":{\"id\":\"c1\"}}")]
    [InlineData("[1,2,3]")]
    [InlineData("null")]
    public async Task ActivityWithoutTypeOrConversationIsRefusedWith400(string body)
    {
        var response = await _app.PostRawAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("BadRequest", error.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Empty(_app.Turns.Seen);
        Assert.Equal((false, 0), await _app.StoredAsync("c1"));
    }

    [Theory]
    [InlineData(null, "https://channel.invalid/", true)]
    [InlineData("", "https://channel.invalid/", true)]
    [InlineData("webchat", null, false)]
    [InlineData("webchat", "not a url", false)]
    [InlineData("webchat", "ftp://channel.invalid/", false)]
    public async Task ActivityWithoutChannelIdOrWithNowhereToReplyIsRefusedWith400BeforeATurn(string? channelId, string? serviceUrl, bool expectReplies)
    {
        var activity = BotFrameworkApp.Message("my parcel arrived broken", serviceUrl: serviceUrl, expectReplies: expectReplies);
        activity.ChannelId = channelId;

        var response = await _app.PostAsync(activity);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("BadRequest", error.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Empty(_app.Turns.Seen);
        Assert.Equal((false, 0), await _app.StoredAsync("conv-1"));
    }

    [Fact]
    public async Task ControlCharactersInAMessageAreRemovedBeforeATurn()
    {
        var response = await _app.PostAsync(BotFrameworkApp.Message("\u0000my parcel\u0007 arrived \u001bbroken\u0085"));

        Assert.Equal("echo: my parcel arrived broken", Assert.Single(await BotFrameworkApp.RepliesAsync(response)).Text);
        var transcript = await _app.Services.GetRequiredService<ITranscriptStore>().ReadAsync("webchat/conv-1");
        Assert.Equal("my parcel arrived broken", transcript[0].Activity.Text);
    }

    [Fact]
    public async Task ExpectRepliesNeedsNoServiceUrlBecauseTheRepliesComeBackInTheResponse()
    {
        var response = await _app.PostAsync(BotFrameworkApp.Message("my parcel arrived broken", serviceUrl: null));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("echo: my parcel arrived broken", Assert.Single(await BotFrameworkApp.RepliesAsync(response)).Text);
    }

    [Fact]
    public async Task BodyOver256KbIsRefusedWith413()
    {
        var activity = BotFrameworkApp.Message(new string('x', 300 * 1024));

        var response = await _app.PostAsync(activity);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(_app.Turns.Seen);
        Assert.Equal((false, 0), await _app.StoredAsync("conv-1"));
    }

    [Fact]
    public async Task OversizedChunkedBodyWithoutContentLengthIsRefusedWhileReading()
    {
        var json = ActivityJson.Serialize(BotFrameworkApp.Message(new string('y', 300 * 1024)));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json))),
        };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TransferEncodingChunked = true;

        var response = await _app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(_app.Turns.Seen);
        Assert.Equal((false, 0), await _app.StoredAsync("conv-1"));
    }

    [Fact]
    public async Task UnknownActivityTypeIsAcceptedButNeverReachesTheBot()
    {
        var activity = BotFrameworkApp.Message("hello");
        activity.Type = "somethingFromTheFuture";

        var response = await _app.PostAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(_app.Turns.Seen);
        Assert.Equal((false, 0), await _app.StoredAsync("conv-1"));
        Assert.Empty(_app.Bot.Received);
    }

    [Fact]
    public async Task FailingTurnAnswersWithTheApologyFromPromptsAndKeepsWhatTheCustomerSaidButNothingOfTheTurn()
    {
        // The scripted bot saves its message count, then throws on "boom".
        var response = await _app.PostAsync(BotFrameworkApp.Message("boom"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var apology = RepoPaths.Prompts.Render("en-US", TurnErrorApology.Prompt);
        Assert.Equal(apology, Assert.Single(await BotFrameworkApp.RepliesAsync(response)).Text);

        // The customer's message and the apology are kept; the state the turn saved before it failed is rolled back with
        // it (one transaction per turn, issue 17.1)...
        var transcript = await _app.Services.GetRequiredService<ITranscriptStore>().ReadAsync("webchat/conv-1");
        Assert.Equal(["boom", apology], transcript.Select(e => e.Activity.Text));
        Assert.Null(await StoredMessageCountAsync());

        // ...and the conversation carries on from where it was before the failed turn.
        var next = await _app.PostAsync(BotFrameworkApp.Message("hello again"));
        Assert.Equal("echo: hello again", Assert.Single(await BotFrameworkApp.RepliesAsync(next)).Text);
        Assert.Equal("1", await StoredMessageCountAsync());
    }

    [Theory]
    [InlineData("zh-CN", null, "zh-CN")]
    [InlineData("en-US", null, "en-US")]
    [InlineData(null, "为什么还没发货", "zh-CN")]
    public async Task ApologyFollowsTheTurnsLocale(string? locale, string? text, string expected)
    {
        var activity = BotFrameworkApp.Message("boom");
        activity.Locale = locale;
        if (text is not null) activity.Text = "boom " + text;

        var response = await _app.PostAsync(activity);

        var reply = Assert.Single(await BotFrameworkApp.RepliesAsync(response));
        Assert.Equal(RepoPaths.Prompts.Render(expected, TurnErrorApology.Prompt), reply.Text);
        Assert.Equal(expected, reply.Locale);
        Assert.NotEqual(RepoPaths.Prompts.Render("zh-CN", TurnErrorApology.Prompt), RepoPaths.Prompts.Render("en-US", TurnErrorApology.Prompt));
    }

    private async Task<string?> StoredMessageCountAsync()
    {
        const string key = "webchat/conversations/conv-1";
        var stored = await _app.Services.GetRequiredService<IStorage>().ReadAsync([key]);
        return stored.TryGetValue(key, out var item) ? System.Text.Json.Nodes.JsonNode.Parse(item.Json)?["messages"]?.ToJsonString() : null;
    }

    [Fact]
    public async Task InvokeAnswersWithTheBotsInvokeResponse()
    {
        var activity = BotFrameworkApp.Message("", expectReplies: false);
        activity.Type = ActivityTypes.Invoke;
        activity.Name = "composeExtension/query";

        var response = await _app.PostAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("composeExtension/query", body.RootElement.GetProperty("handled").GetString());
    }

    [Fact]
    public async Task ConversationUpdateWithANewMemberReachesTheBotWhichGreetsOnce()
    {
        var update = BotFrameworkApp.Message("", expectReplies: true);
        update.Type = ActivityTypes.ConversationUpdate;
        update.Text = null;
        update.MembersAdded = [new ChannelAccount { Id = "bot-1" }, new ChannelAccount { Id = "user-1" }];

        var response = await _app.PostAsync(update);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Welcome", Assert.Single(await BotFrameworkApp.RepliesAsync(response)).Text);
        Assert.Equal(ActivityTypes.ConversationUpdate, Assert.Single(_app.Bot.Received).Type);
    }
}

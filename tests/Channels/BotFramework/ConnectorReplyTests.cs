using System.Net;
using ComplaintBot.Bot.Channels.BotFramework;
using ComplaintBot.Dialogs.Schema;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ComplaintBot.Tests.Support;

namespace ComplaintBot.Tests.Channels.BotFramework;

/// <summary>Replies travel over real HTTP to a local server that plays the channel's connector.</summary>
public sealed class ConnectorReplyTests : IAsyncLifetime
{
    private LocalHttpServer _channel = null!;
    private BotFrameworkApp _app = null!;

    public async Task InitializeAsync()
    {
        _channel = await LocalHttpServer.StartAsync();
        _app = new BotFrameworkApp();
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        await _channel.DisposeAsync();
    }

    private Activity NormalMessage(string text, string conversationId = "a:conv/1")
        => BotFrameworkApp.Message(text, conversationId, serviceUrl: _channel.BaseUrl + "/", expectReplies: false);

    [Fact]
    public async Task ReplyIsPostedToTheConnectorAsAnAnswerToTheInboundActivity()
    {
        var inbound = NormalMessage("hello");

        var response = await _app.PostAsync(inbound);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var call = Assert.Single(_channel.Requests);
        Assert.Equal("POST", call.Method);
        Assert.Equal($"/v3/conversations/{Uri.EscapeDataString("a:conv/1")}/activities/{inbound.Id}", call.Path);
        var reply = ActivityJson.Parse(call.Body)!;
        Assert.Equal("echo: hello", reply.Text);
        Assert.Equal(inbound.Id, reply.ReplyToId);
        Assert.Equal("bot-1", reply.From?.Id);
        Assert.Null(call.Authorization); // no app id configured: no token, like the SDK in local development
    }

    [Fact]
    public async Task ReplyIsRetriedAfterA503AndDeliveredOnce()
    {
        var attempts = 0;
        _channel.Respond = (_, _) => Task.FromResult(Interlocked.Increment(ref attempts) == 1
            ? Results.StatusCode(503)
            : Results.Json(new { id = "delivered-1" }));

        var response = await _app.PostAsync(NormalMessage("please retry"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _channel.Requests.Count);
        Assert.All(_channel.Requests, r => Assert.Equal("echo: please retry", ActivityJson.Parse(r.Body)!.Text));
        Assert.Single(_app.Bot.Received);
    }

    [Fact]
    public async Task TooManyRequestsIsRetriedAfterRetryAfter()
    {
        var attempts = 0;
        _channel.Respond = (http, _) =>
        {
            if (Interlocked.Increment(ref attempts) > 1) return Task.FromResult(Results.Json(new { id = "ok" }));
            http.Response.Headers.RetryAfter = "0";
            return Task.FromResult(Results.StatusCode(429));
        };

        await _app.PostAsync(NormalMessage("busy"));

        Assert.Equal(2, _channel.Requests.Count);
    }

    [Fact]
    public async Task ConnectorThatKeepsFailingLeadsToTheTurnErrorHandlerNotA500()
    {
        _channel.Respond = (_, _) => Task.FromResult(Results.StatusCode(500));

        var response = await _app.PostAsync(NormalMessage("hello"));

        // The reply and the apology each get 1 + MaxRetries attempts; the inbound request still completes.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2 * 4, _channel.Requests.Count);
    }

    [Fact]
    public async Task ConversationUpdateGreetingIsSentToTheChannelExactlyOnce()
    {
        var update = NormalMessage("");
        update.Type = ActivityTypes.ConversationUpdate;
        update.Text = null;
        update.MembersAdded = [new ChannelAccount { Id = "bot-1" }, new ChannelAccount { Id = "user-1" }];

        await _app.PostAsync(update);

        var call = Assert.Single(_channel.Requests);
        Assert.Equal("Welcome", ActivityJson.Parse(call.Body)!.Text);
    }

    [Fact]
    public async Task ProactiveMessageIsPostedToTheConversationWithoutReplyToId()
    {
        var adapter = _app.Services.GetRequiredService<BotFrameworkAdapter>();
        var reference = NormalMessage("earlier").GetConversationReference();

        await adapter.ContinueConversationAsync(reference, (ctx, ct) => ctx.SendActivityAsync("An agent has replied to your case.", ct));

        var call = Assert.Single(_channel.Requests);
        Assert.Equal($"/v3/conversations/{Uri.EscapeDataString("a:conv/1")}/activities", call.Path);
        Assert.Equal("An agent has replied to your case.", ActivityJson.Parse(call.Body)!.Text);
    }

    [Fact]
    public async Task UpdateIsAPutAndDeleteIsADeleteOnTheActivity()
    {
        var adapter = _app.Services.GetRequiredService<BotFrameworkAdapter>();
        var reference = NormalMessage("earlier").GetConversationReference();

        await adapter.ContinueConversationAsync(reference, async (ctx, ct) =>
        {
            var changed = Activity.CreateMessage("Your case is now resolved.");
            changed.Id = "msg-7";
            await ctx.UpdateActivityAsync(changed, ct);
            await ctx.DeleteActivityAsync("msg-8", ct);
        });

        var calls = _channel.Requests.ToArray();
        Assert.Equal(2, calls.Length);
        var conversation = Uri.EscapeDataString("a:conv/1");
        Assert.Equal(("PUT", $"/v3/conversations/{conversation}/activities/msg-7"), (calls[0].Method, calls[0].Path));
        Assert.Equal("Your case is now resolved.", ActivityJson.Parse(calls[0].Body)!.Text);
        Assert.Equal(("DELETE", $"/v3/conversations/{conversation}/activities/msg-8"), (calls[1].Method, calls[1].Path));
    }
}

/// <summary>With an app id, outbound calls carry the client-credentials token.</summary>
public sealed class AuthenticatedConnectorReplyTests : IAsyncLifetime
{
    private const string AppId = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
    private const string ServiceUrlPath = "/teams/";
    private LocalHttpServer _channel = null!;
    private TestTokenIssuer _issuer = null!;
    private BotFrameworkApp _app = null!;
    private readonly TestTokenIssuer.SigningKey _key = TestTokenIssuer.NewKey("msteams");

    public async Task InitializeAsync()
    {
        _channel = await LocalHttpServer.StartAsync();
        _issuer = await TestTokenIssuer.StartAsync();
        _issuer.Publish(_key);
        _app = new BotFrameworkApp(new()
        {
            ["Bot:MicrosoftAppId"] = AppId,
            ["Bot:MicrosoftAppPassword"] = "unused",
            ["Bot:OpenIdMetadataUrl"] = _issuer.ConnectorMetadataUrl,
        });
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        await _issuer.DisposeAsync();
        await _channel.DisposeAsync();
    }

    [Fact]
    public async Task ReplyCarriesTheBotsBearerToken()
    {
        var serviceUrl = _channel.BaseUrl + ServiceUrlPath;
        var inbound = BotFrameworkApp.Message("hi", channelId: "msteams", serviceUrl: serviceUrl, expectReplies: false);

        var response = await _app.PostAsync(inbound, TestTokenIssuer.CreateToken(_key, AppId, serviceUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var call = Assert.Single(_channel.Requests);
        Assert.StartsWith("/teams/v3/conversations/", call.Path);
        Assert.Equal("Bearer " + BotFrameworkApp.FixedTokenCredential.Token, call.Authorization);
    }
}

using System.Net;
using System.Text.Json;
using ComplaintBot.Dialogs.Schema;

namespace ComplaintBot.Tests.Channels.BotFramework;

/// <summary>
/// Inbound authentication against keys generated here and served by a local metadata + JWKS endpoint,
/// exactly as the bot would fetch them from login.botframework.com / login.microsoftonline.com.
/// </summary>
public sealed class JwtValidationTests : IAsyncLifetime
{
    private const string AppId = "11111111-2222-3333-4444-555555555555";
    private const string TenantId = "99999999-8888-7777-6666-555555555555";
    private const string ServiceUrl = "https://smba.trafficmanager.net/teams/";

    private TestTokenIssuer _issuer = null!;
    private BotFrameworkApp _app = null!;
    private readonly TestTokenIssuer.SigningKey _teamsKey = TestTokenIssuer.NewKey("msteams", "webchat");
    private readonly TestTokenIssuer.SigningKey _plainKey = TestTokenIssuer.NewKey();

    public async Task InitializeAsync()
    {
        _issuer = await TestTokenIssuer.StartAsync();
        _issuer.Publish(_teamsKey);
        _issuer.Publish(_plainKey);
        _app = new BotFrameworkApp(new()
        {
            ["Bot:MicrosoftAppId"] = AppId,
            ["Bot:MicrosoftAppPassword"] = "not-used-in-tests",
            ["Bot:MicrosoftAppType"] = "SingleTenant",
            ["Bot:MicrosoftAppTenantId"] = TenantId,
            ["Bot:OpenIdMetadataUrl"] = _issuer.ConnectorMetadataUrl,
            ["Bot:EntraOpenIdMetadataUrl"] = _issuer.EntraMetadataUrl,
            ["Bot:MetadataRefreshIntervalSeconds"] = "1",
        });
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        await _issuer.DisposeAsync();
    }

    private static Activity TeamsMessage() => BotFrameworkApp.Message("hello", channelId: "msteams", serviceUrl: ServiceUrl);

    private async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        Assert.Equal((false, 0), await _app.StoredAsync("conv-1", "msteams"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Unauthorized", error.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Empty(_app.Turns.Seen);
        Assert.Empty(_app.Bot.Received);
    }

    [Fact]
    public async Task ValidConnectorTokenIsAccepted()
    {
        var token = TestTokenIssuer.CreateToken(_teamsKey, AppId, ServiceUrl);

        var response = await _app.PostAsync(TeamsMessage(), token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("echo: hello", Assert.Single(await BotFrameworkApp.RepliesAsync(response)).Text);
        Assert.Equal((true, 2), await _app.StoredAsync("conv-1", "msteams"));
    }

    [Fact]
    public async Task MissingTokenIsRefused()
        => await AssertRefusedAsync(await _app.PostAsync(TeamsMessage()));

    [Fact]
    public async Task TokenSignedWithAnotherKeyUnderAPublishedKidIsRefused()
    {
        var forger = TestTokenIssuer.NewKey();
        var token = TestTokenIssuer.CreateToken(forger, AppId, ServiceUrl, kid: _teamsKey.Kid);

        await AssertRefusedAsync(await _app.PostAsync(TeamsMessage(), token));
    }

    [Fact]
    public async Task TokenSignedWithAnUnpublishedKeyIsRefused()
    {
        var token = TestTokenIssuer.CreateToken(TestTokenIssuer.NewKey("msteams"), AppId, ServiceUrl);

        await AssertRefusedAsync(await _app.PostAsync(TeamsMessage(), token));
    }

    [Fact]
    public async Task ExpiredTokenBeyondTheClockSkewIsRefused()
    {
        var token = TestTokenIssuer.CreateToken(_teamsKey, AppId, ServiceUrl, expires: DateTime.UtcNow.AddMinutes(-6));

        await AssertRefusedAsync(await _app.PostAsync(TeamsMessage(), token));
    }

    [Fact]
    public async Task TokenExpiredWithinTheClockSkewIsAccepted()
    {
        var token = TestTokenIssuer.CreateToken(_teamsKey, AppId, ServiceUrl, expires: DateTime.UtcNow.AddMinutes(-2));

        Assert.Equal(HttpStatusCode.OK, (await _app.PostAsync(TeamsMessage(), token)).StatusCode);
    }

    [Fact]
    public async Task TokenForAnotherBotIsRefused()
    {
        var token = TestTokenIssuer.CreateToken(_teamsKey, "some-other-bot", ServiceUrl);

        await AssertRefusedAsync(await _app.PostAsync(TeamsMessage(), token));
    }

    [Fact]
    public async Task TokenFromAnUntrustedIssuerIsRefused()
    {
        var token = TestTokenIssuer.CreateToken(_teamsKey, AppId, ServiceUrl, issuer: "https://evil.example");

        await AssertRefusedAsync(await _app.PostAsync(TeamsMessage(), token));
    }

    [Fact]
    public async Task ServiceUrlClaimThatDiffersFromTheActivityIsRefused()
    {
        var token = TestTokenIssuer.CreateToken(_teamsKey, AppId, "https://attacker.example/");

        await AssertRefusedAsync(await _app.PostAsync(TeamsMessage(), token));
    }

    [Fact]
    public async Task KeyNotEndorsedForTheActivitysChannelIsRefused()
    {
        var token = TestTokenIssuer.CreateToken(_teamsKey, AppId, ServiceUrl);
        var activity = BotFrameworkApp.Message("hello", channelId: "slack", serviceUrl: ServiceUrl);

        await AssertRefusedAsync(await _app.PostAsync(activity, token));
    }

    [Fact]
    public async Task KeyWithoutEndorsementsIsAcceptedForAnyChannel()
    {
        var token = TestTokenIssuer.CreateToken(_plainKey, AppId, ServiceUrl);
        var activity = BotFrameworkApp.Message("hello", channelId: "slack", serviceUrl: ServiceUrl);

        Assert.Equal(HttpStatusCode.OK, (await _app.PostAsync(activity, token)).StatusCode);
    }

    [Fact]
    public async Task KeyPublishedAfterTheMetadataWasCachedIsFoundByARefresh()
    {
        Assert.Equal(HttpStatusCode.OK, (await _app.PostAsync(TeamsMessage(), TestTokenIssuer.CreateToken(_teamsKey, AppId, ServiceUrl))).StatusCode);
        var fetchesBefore = _issuer.KeySetRequests;
        var rolledKey = TestTokenIssuer.NewKey("msteams");
        _issuer.Publish(rolledKey);

        var response = await _app.PostAsync(TeamsMessage(), TestTokenIssuer.CreateToken(rolledKey, AppId, ServiceUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(_issuer.KeySetRequests > fetchesBefore);
    }

    [Fact]
    public async Task EntraTokenForTheBotsOwnTenantIsAccepted()
    {
        var token = TestTokenIssuer.CreateToken(_plainKey, AppId, serviceUrl: ServiceUrl,
            issuer: $"https://login.microsoftonline.com/{TenantId}/v2.0",
            extraClaims: new Dictionary<string, object> { ["ver"] = "2.0", ["azp"] = AppId });

        var response = await _app.PostAsync(TeamsMessage(), token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(_issuer.Server.Requests, r => r.Path == $"/{TenantId}/v2.0/.well-known/openid-configuration");
    }

    [Fact]
    public async Task EmulatorV1TokenIssuedToAnotherAppIsRefused()
    {
        var token = TestTokenIssuer.CreateToken(_plainKey, AppId, serviceUrl: null,
            issuer: "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/",
            extraClaims: new Dictionary<string, object> { ["ver"] = "1.0", ["appid"] = "someone-else" });

        await AssertRefusedAsync(await _app.PostAsync(TeamsMessage(), token));
    }

    [Fact]
    public async Task EmulatorV1TokenWithTheBotsAppIdIsAcceptedWithTheEmulatorsLoopbackServiceUrl()
    {
        var token = TestTokenIssuer.CreateToken(_plainKey, AppId, serviceUrl: null,
            issuer: "https://sts.windows.net/f8cdef31-a31e-4b4a-93e4-5f571e91255a/",
            extraClaims: new Dictionary<string, object> { ["ver"] = "1.0", ["appid"] = AppId });

        var emulator = BotFrameworkApp.Message("hello", channelId: "emulator", serviceUrl: "http://localhost:50123/");
        Assert.Equal(HttpStatusCode.OK, (await _app.PostAsync(emulator, token)).StatusCode);
    }

    [Fact]
    public async Task AValidTokenThatNamesNoServiceUrlCannotSendRepliesToAnAddressOfTheCallersChoosing()
    {
        // An Entra (Emulator) token carries no serviceurl claim: only a loopback serviceUrl is believed.
        var token = TestTokenIssuer.CreateToken(_plainKey, AppId, serviceUrl: null,
            issuer: "https://sts.windows.net/f8cdef31-a31e-4b4a-93e4-5f571e91255a/",
            extraClaims: new Dictionary<string, object> { ["ver"] = "1.0", ["appid"] = AppId });

        await AssertRefusedAsync(await _app.PostAsync(TeamsMessage(), token));
        var internalHost = BotFrameworkApp.Message("hello", channelId: "emulator", serviceUrl: "http://10.0.0.7:8080/", expectReplies: false);
        await AssertRefusedAsync(await _app.PostAsync(internalHost, token));
    }
}

using Azure.Identity;
using ComplaintBot.Bot.Channels.BotFramework;

namespace ComplaintBot.Tests.Channels.BotFramework;

public sealed class ConnectorCredentialTests
{
    [Fact]
    public void MultiTenantBotUsesItsSecret()
        => Assert.IsType<ClientSecretCredential>(ConnectorClient.CreateCredential(new BotFrameworkOptions
        {
            MicrosoftAppId = "app", MicrosoftAppPassword = "secret", MicrosoftAppType = "MultiTenant",
        }));

    [Fact]
    public void MultiTenantBotTakesTokensFromTheBotFrameworkTenant()
        => Assert.Equal("botframework.com", new BotFrameworkOptions { MicrosoftAppType = "MultiTenant", MicrosoftAppTenantId = "ignored" }.TokenTenant);

    [Fact]
    public void SingleTenantBotTakesTokensFromItsOwnTenant()
        => Assert.Equal("tenant-1", new BotFrameworkOptions { MicrosoftAppType = "SingleTenant", MicrosoftAppTenantId = "tenant-1" }.TokenTenant);

    [Fact]
    public void SingleTenantBotWithoutATenantIsAConfigurationError()
        => Assert.Throws<InvalidOperationException>(() => ConnectorClient.CreateCredential(new BotFrameworkOptions
        {
            MicrosoftAppId = "app", MicrosoftAppPassword = "secret", MicrosoftAppType = "SingleTenant",
        }));

    [Fact]
    public void ManagedIdentityBotUsesAManagedIdentityCredential()
        => Assert.IsType<ManagedIdentityCredential>(ConnectorClient.CreateCredential(new BotFrameworkOptions
        {
            MicrosoftAppId = "client-id", MicrosoftAppType = "UserAssignedMSI",
        }));
}

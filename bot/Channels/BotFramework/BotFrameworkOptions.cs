namespace ComplaintBot.Bot.Channels.BotFramework;

/// <summary>
/// The "Bot" section of appsettings.json. The first four keys are Bot Framework's own names so an Azure Bot
/// resource's settings can be pasted in unchanged; the rest are ours.
/// </summary>
public sealed class BotFrameworkOptions
{
    public const string Section = "Bot";

    /// <summary>
    /// Empty = no caller can be authenticated: Development accepts anonymous callers (the Emulator convention), other
    /// environments refuse every request with 401 unless <see cref="AllowAnonymous"/> is set.
    /// </summary>
    public string MicrosoftAppId { get; set; } = "";

    /// <summary>
    /// Outside Development, with no app id: true accepts unauthenticated callers on /api/messages (e.g. a load test
    /// behind a firewall). Anonymous callers are never believed about identity, and replies go only to a loopback serviceUrl.
    /// </summary>
    public bool AllowAnonymous { get; set; }
    public string MicrosoftAppPassword { get; set; } = "";

    /// <summary>MultiTenant, SingleTenant or UserAssignedMSI.</summary>
    public string MicrosoftAppType { get; set; } = AppTypes.MultiTenant;
    public string MicrosoftAppTenantId { get; set; } = "";

    /// <summary>OpenID metadata of the Bot Connector service (tokens issued by https://api.botframework.com).</summary>
    public string OpenIdMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>
    /// OpenID metadata of Entra ID for emulator and single-tenant tokens; {tenant} becomes the configured tenant,
    /// or botframework.com for multi-tenant bots.
    /// </summary>
    public string EntraOpenIdMetadataUrl { get; set; } = "https://login.microsoftonline.com/{tenant}/v2.0/.well-known/openid-configuration";

    /// <summary>Least time between two forced metadata refreshes (on an unknown signing key).</summary>
    public double MetadataRefreshIntervalSeconds { get; set; } = 300;

    /// <summary>Scope of the client-credentials token for calls to the connector.</summary>
    public string ConnectorScope { get; set; } = "https://api.botframework.com/.default";

    /// <summary>Inbound activities larger than this are refused with 413.</summary>
    public int MaxRequestBytes { get; set; } = 256 * 1024;

    public ConnectorRetryOptions ConnectorRetry { get; set; } = new();

    public bool AuthenticationEnabled => !string.IsNullOrWhiteSpace(MicrosoftAppId);

    public bool IsSingleTenant => string.Equals(MicrosoftAppType, AppTypes.SingleTenant, StringComparison.OrdinalIgnoreCase);
    public bool IsManagedIdentity => string.Equals(MicrosoftAppType, AppTypes.UserAssignedMsi, StringComparison.OrdinalIgnoreCase);

    /// <summary>Entra tenant that issues our tokens: the configured one for single-tenant/MSI bots, else botframework.com.</summary>
    public string TokenTenant => (IsSingleTenant || IsManagedIdentity) && !string.IsNullOrWhiteSpace(MicrosoftAppTenantId)
        ? MicrosoftAppTenantId
        : "botframework.com";

    public static class AppTypes
    {
        public const string MultiTenant = "MultiTenant";
        public const string SingleTenant = "SingleTenant";
        public const string UserAssignedMsi = "UserAssignedMSI";
    }
}

/// <summary>Retries of calls to the connector (replies, updates, deletes) on 429, 5xx and network errors.</summary>
public sealed class ConnectorRetryOptions
{
    public int MaxRetries { get; set; } = 3;
    public double BaseDelayMilliseconds { get; set; } = 200;
    /// <summary>A Retry-After longer than this is capped, so a turn never hangs on one reply.</summary>
    public double MaxDelaySeconds { get; set; } = 10;
    public double TimeoutSeconds { get; set; } = 30;
}

using System.Collections;
using System.Security.Claims;
using System.Text.Json;
using ComplaintBot.Dialogs.Schema;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace ComplaintBot.Bot.Channels.BotFramework;

/// <summary>
/// Validates the bearer token on inbound activities (reference/bot-framework-rest-connector-authentication.md).
/// Two paths, chosen by the token's issuer: the Bot Connector service (api.botframework.com, with the serviceurl
/// claim and channel endorsements), and Entra ID (the emulator and single-tenant bots).
/// </summary>
public sealed class BotFrameworkAuthenticator
{
    public const string ConnectorIssuer = "https://api.botframework.com";

    /// <summary>Tenants whose tokens the Bot Framework Emulator presents (security protocol v3.1 and v3.2).</summary>
    private static readonly string[] EmulatorTenants = ["d6d49420-f39b-4df7-a1dc-d59a935871db", "f8cdef31-a31e-4b4a-93e4-5f571e91255a"];

    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly BotFrameworkOptions _options;
    private readonly ILogger<BotFrameworkAuthenticator> _log;
    private readonly JsonWebTokenHandler _handler = new();
    private readonly SigningMetadata _connectorMetadata;
    private readonly SigningMetadata _entraMetadata;
    private readonly HashSet<string> _entraIssuers;

    public BotFrameworkAuthenticator(IOptions<BotFrameworkOptions> options, IHttpClientFactory httpClients, IHostEnvironment environment,
        ILogger<BotFrameworkAuthenticator> log)
    {
        _options = options.Value;
        _log = log;
        AnonymousAllowed = !_options.AuthenticationEnabled && (environment.IsDevelopment() || _options.AllowAnonymous);
        var http = httpClients.CreateClient(nameof(BotFrameworkAuthenticator));
        var refreshInterval = TimeSpan.FromSeconds(Math.Max(1, _options.MetadataRefreshIntervalSeconds));
        _connectorMetadata = new SigningMetadata(_options.OpenIdMetadataUrl, http, refreshInterval);
        _entraMetadata = new SigningMetadata(_options.EntraOpenIdMetadataUrl.Replace("{tenant}", _options.TokenTenant), http, refreshInterval);

        var tenants = EmulatorTenants.ToList();
        if (!string.IsNullOrWhiteSpace(_options.MicrosoftAppTenantId)) tenants.Add(_options.MicrosoftAppTenantId);
        _entraIssuers = tenants
            .SelectMany(t => new[] { $"https://sts.windows.net/{t}/", $"https://login.microsoftonline.com/{t}/v2.0" })
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    public bool Enabled => _options.AuthenticationEnabled;

    /// <summary>No app id, and Development or <see cref="BotFrameworkOptions.AllowAnonymous"/>: callers are not authenticated.</summary>
    public bool AnonymousAllowed { get; }

    /// <summary>No app id and anonymous callers not allowed: every request is refused.</summary>
    public bool RefusesEveryone => !Enabled && !AnonymousAllowed;

    /// <summary>The start-up line that says how /api/messages treats callers (logged once by the host).</summary>
    public string StartupSummary => Enabled
        ? $"/api/messages: Bot Framework authentication on for app id {_options.MicrosoftAppId}; replies go only to the serviceurl of the caller's token."
        : AnonymousAllowed
            ? "/api/messages: Bot:MicrosoftAppId is empty; anonymous callers are accepted (Development or Bot:AllowAnonymous), never trusted about identity, and replies go only to a loopback serviceUrl."
            : "/api/messages: Bot:MicrosoftAppId is empty; every request is refused with 401. Set Bot:MicrosoftAppId (or Bot:AllowAnonymous=true to accept unauthenticated callers).";

    public async Task<AuthenticationOutcome> AuthenticateAsync(string? authorizationHeader, Activity activity, CancellationToken ct)
    {
        if (RefusesEveryone) return AuthenticationOutcome.Fail("Anonymous callers are not accepted: the bot has no Microsoft app id configured.");
        if (!Enabled) return AuthenticationOutcome.Anonymous;

        var token = BearerToken(authorizationHeader);
        if (token is null) return AuthenticationOutcome.Fail("Missing bearer token.");
        if (!_handler.CanReadToken(token)) return AuthenticationOutcome.Fail("The bearer token is not a JWT.");

        string issuer;
        try { issuer = _handler.ReadJsonWebToken(token).Issuer; }
        catch (Exception) { return AuthenticationOutcome.Fail("The bearer token is not a JWT."); }

        try
        {
            if (string.Equals(issuer, ConnectorIssuer, StringComparison.OrdinalIgnoreCase))
                return await ValidateConnectorTokenAsync(token, activity, ct);
            if (_entraIssuers.Contains(issuer))
                return await ValidateEntraTokenAsync(token, ct);
            return AuthenticationOutcome.Fail("Untrusted token issuer.");
        }
        catch (InvalidOperationException ex)
        {
            // Metadata could not be fetched and nothing is cached: refuse rather than let anything in.
            _log.LogWarning(ex, "OpenID metadata unavailable; refusing the request");
            return AuthenticationOutcome.Fail("Signing keys unavailable.");
        }
    }

    private async Task<AuthenticationOutcome> ValidateConnectorTokenAsync(string token, Activity activity, CancellationToken ct)
    {
        var (result, config) = await ValidateSignedAsync(token, _connectorMetadata, [ConnectorIssuer], ct);
        if (!result.IsValid) return Rejected(result);

        var serviceUrl = result.ClaimsIdentity.FindFirst("serviceurl")?.Value;
        if (serviceUrl is null || !string.Equals(serviceUrl, activity.ServiceUrl, StringComparison.OrdinalIgnoreCase))
            return AuthenticationOutcome.Fail("The token's serviceurl claim does not match the activity's serviceUrl.");

        // A signing key that carries endorsements may only vouch for the channels it lists.
        var kid = (result.SecurityToken as JsonWebToken)?.Kid;
        var key = config.JsonWebKeySet?.Keys.FirstOrDefault(k => k.Kid == kid);
        var endorsements = key is null ? [] : Endorsements(key);
        if (endorsements.Count > 0 && !endorsements.Contains(activity.ChannelId ?? "", StringComparer.OrdinalIgnoreCase))
            return AuthenticationOutcome.Fail($"The signing key is not endorsed for channel '{activity.ChannelId}'.");

        return AuthenticationOutcome.Success(result.ClaimsIdentity, replyTo: serviceUrl, connector: true);
    }

    private async Task<AuthenticationOutcome> ValidateEntraTokenAsync(string token, CancellationToken ct)
    {
        var (result, _) = await ValidateSignedAsync(token, _entraMetadata, _entraIssuers, ct);
        if (!result.IsValid) return Rejected(result);

        // The emulator signs in with the bot's own credentials: v1 tokens name the client in appid, v2 in azp.
        var identity = result.ClaimsIdentity;
        var version = identity.FindFirst("ver")?.Value;
        var appId = version == "2.0" ? identity.FindFirst("azp")?.Value : identity.FindFirst("appid")?.Value;
        if (!string.Equals(appId, _options.MicrosoftAppId, StringComparison.OrdinalIgnoreCase))
            return AuthenticationOutcome.Fail("The token was not issued to this bot.");

        // Replies go to the serviceurl the token names; the Emulator's tokens name none, and it listens on loopback.
        var serviceUrl = identity.FindFirst("serviceurl")?.Value;
        return AuthenticationOutcome.Success(identity, replyTo: serviceUrl);
    }

    private async Task<(TokenValidationResult Result, OpenIdConnectConfiguration Config)> ValidateSignedAsync(
        string token, SigningMetadata metadata, IEnumerable<string> issuers, CancellationToken ct)
    {
        var config = await metadata.GetAsync(ct);
        var result = await _handler.ValidateTokenAsync(token, Parameters(config, issuers));
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException && await metadata.RefreshAsync(config, ct) is { } fresh)
        {
            // Keys roll over: with freshly fetched keys, try once more.
            config = fresh;
            result = await _handler.ValidateTokenAsync(token, Parameters(config, issuers));
        }
        return (result, config);
    }

    private TokenValidationParameters Parameters(OpenIdConnectConfiguration config, IEnumerable<string> issuers) => new()
    {
        ValidIssuers = issuers,
        ValidAudience = _options.MicrosoftAppId,
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateLifetime = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ClockSkew = ClockSkew,
        IssuerSigningKeys = config.SigningKeys,
        ValidateIssuerSigningKey = true,
        ValidAlgorithms = config.IdTokenSigningAlgValuesSupported.Count > 0 ? config.IdTokenSigningAlgValuesSupported : null,
    };

    private AuthenticationOutcome Rejected(TokenValidationResult result)
    {
        _log.LogInformation("Rejected bearer token: {Reason}", result.Exception?.GetType().Name);
        return AuthenticationOutcome.Fail(result.Exception switch
        {
            SecurityTokenExpiredException => "The token has expired.",
            SecurityTokenNotYetValidException => "The token is not valid yet.",
            SecurityTokenInvalidAudienceException => "The token is not for this bot.",
            SecurityTokenInvalidIssuerException => "Untrusted token issuer.",
            SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The token signature is not valid.",
            _ => "The token is not valid.",
        });
    }

    private static string? BearerToken(string? header)
    {
        const string scheme = "Bearer ";
        if (header is null || !header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return null;
        var token = header[scheme.Length..].Trim();
        return token.Length == 0 ? null : token;
    }

    /// <summary>The non-standard "endorsements" member of a JWKS key, however the JSON reader surfaced it.</summary>
    internal static IReadOnlyList<string> Endorsements(JsonWebKey key)
    {
        if (!key.AdditionalData.TryGetValue("endorsements", out var raw) || raw is null) return [];
        return raw switch
        {
            string s => [s],
            JsonElement { ValueKind: JsonValueKind.Array } e => e.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList(),
            JsonElement { ValueKind: JsonValueKind.String } e => [e.GetString()!],
            IEnumerable items => items.Cast<object?>().Select(x => x?.ToString()).Where(x => x is not null).Select(x => x!).ToList(),
            _ => [],
        };
    }
}

/// <param name="ReplyTo">The one serviceUrl replies may go to: the validated token's <c>serviceurl</c> claim; null = only a
/// loopback address (anonymous callers and Emulator/Entra tokens, which carry no such claim).</param>
/// <param name="ByConnector">The Bot Connector service itself vouched for the activity (its token, its channel endorsements).</param>
public sealed record AuthenticationOutcome(bool Succeeded, string? Error, ClaimsIdentity? Identity, string? ReplyTo = null, bool ByConnector = false)
{
    public static readonly AuthenticationOutcome Anonymous = new(true, null, new ClaimsIdentity());
    public static AuthenticationOutcome Success(ClaimsIdentity identity, string? replyTo = null, bool connector = false)
        => new(true, null, identity, replyTo, connector);
    public static AuthenticationOutcome Fail(string error) => new(false, error, null);

    /// <summary>
    /// Whether the bot may POST to <paramref name="serviceUrl"/> (now, or later for agent replies and follow-ups): the
    /// token's own serviceurl, else a loopback address only, so a caller cannot make the bot request an address of its choosing.
    /// </summary>
    public bool MayReplyTo(string? serviceUrl)
    {
        if (ReplyTo is not null) return string.Equals(ReplyTo, serviceUrl, StringComparison.OrdinalIgnoreCase);
        return ConnectorClient.ServiceUri(serviceUrl) is { } uri && uri.IsLoopback;
    }
}

/// <summary>
/// One OpenID metadata document and its signing keys. <see cref="ConfigurationManager{T}"/> caches them and
/// refreshes them on its schedule; a token signed with a key we have not seen yet triggers an immediate,
/// rate-limited re-fetch (the library's own RequestRefresh only refreshes in the background, too late for the
/// request in hand).
/// </summary>
internal sealed class SigningMetadata(string url, HttpClient http, TimeSpan minRefreshInterval)
{
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private ConfigurationManager<OpenIdConnectConfiguration> _manager = Create(url, http);
    private DateTimeOffset _lastForcedRefresh = DateTimeOffset.MinValue;

    private static ConfigurationManager<OpenIdConnectConfiguration> Create(string url, HttpClient http)
    {
        // Plain http only for a metadata server on this machine (tests, local mocks).
        var retriever = new HttpDocumentRetriever(http) { RequireHttps = !Uri.TryCreate(url, UriKind.Absolute, out var u) || !u.IsLoopback };
        return new ConfigurationManager<OpenIdConnectConfiguration>(url, new OpenIdConnectConfigurationRetriever(), retriever);
    }

    public Task<OpenIdConnectConfiguration> GetAsync(CancellationToken ct) => _manager.GetConfigurationAsync(ct);

    /// <returns>Newer metadata, or null when a refresh ran too recently (so forged kids cannot hammer the issuer).</returns>
    public async Task<OpenIdConnectConfiguration?> RefreshAsync(OpenIdConnectConfiguration stale, CancellationToken ct)
    {
        await _refreshGate.WaitAsync(ct);
        try
        {
            var current = await _manager.GetConfigurationAsync(ct);
            if (!ReferenceEquals(current, stale)) return current; // someone else refreshed meanwhile
            if (DateTimeOffset.UtcNow - _lastForcedRefresh < minRefreshInterval) return null;
            _lastForcedRefresh = DateTimeOffset.UtcNow;
            var fresh = Create(url, http);
            var config = await fresh.GetConfigurationAsync(ct);
            _manager = fresh;
            return config;
        }
        finally
        {
            _refreshGate.Release();
        }
    }
}

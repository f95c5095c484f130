using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ComplaintBot.Tests.Support;

namespace ComplaintBot.Tests.Channels.BotFramework;

/// <summary>
/// Plays login.botframework.com and login.microsoftonline.com on a local server: OpenID metadata, a JWKS with
/// Bot Framework's "endorsements" member, and RSA-signed tokens made with locally generated keys.
/// </summary>
public sealed class TestTokenIssuer : IAsyncDisposable
{
    public const string ConnectorIssuer = "https://api.botframework.com";

    public sealed record SigningKey(string Kid, RsaSecurityKey Key, string[]? Endorsements);

    private readonly List<SigningKey> _published = new();
    private readonly object _gate = new();

    public LocalHttpServer Server { get; }

    public int KeySetRequests => Server.Requests.Count(r => r.Path.EndsWith("/keys"));

    private TestTokenIssuer(LocalHttpServer server) => Server = server;

    public static async Task<TestTokenIssuer> StartAsync()
    {
        var issuer = new TestTokenIssuer(await LocalHttpServer.StartAsync());
        issuer.Server.Respond = (http, r) => Task.FromResult(issuer.Serve(r.Path));
        return issuer;
    }

    public string ConnectorMetadataUrl => Server.BaseUrl + "/v1/.well-known/openidconfiguration";
    public string EntraMetadataUrl => Server.BaseUrl + "/{tenant}/v2.0/.well-known/openid-configuration";

    public static SigningKey NewKey(params string[]? endorsements)
        => new(Guid.NewGuid().ToString("N"), new RsaSecurityKey(RSA.Create(2048)) { KeyId = null }, endorsements);

    public void Publish(SigningKey key)
    {
        lock (_gate) _published.Add(key);
    }

    private IResult Serve(string path)
    {
        if (path == "/v1/.well-known/openidconfiguration")
            return Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = ConnectorIssuer,
                ["authorization_endpoint"] = "https://invalid.example/authorize",
                ["jwks_uri"] = Server.BaseUrl + "/v1/keys",
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
                ["token_endpoint_auth_methods_supported"] = new[] { "private_key_jwt" },
            });
        if (path.EndsWith("/v2.0/.well-known/openid-configuration"))
        {
            var tenant = path.Split('/', StringSplitOptions.RemoveEmptyEntries)[0];
            return Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = $"https://login.microsoftonline.com/{tenant}/v2.0",
                ["jwks_uri"] = Server.BaseUrl + $"/{tenant}/keys",
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            });
        }
        if (path.EndsWith("/keys"))
        {
            List<SigningKey> keys;
            lock (_gate) keys = _published.ToList();
            return Results.Json(new { keys = keys.Select(Jwk) });
        }
        return Results.NotFound();
    }

    private static Dictionary<string, object> Jwk(SigningKey k)
    {
        var p = k.Key.Rsa.ExportParameters(false);
        var jwk = new Dictionary<string, object>
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = k.Kid,
            ["n"] = Base64UrlEncoder.Encode(p.Modulus),
            ["e"] = Base64UrlEncoder.Encode(p.Exponent),
        };
        if (k.Endorsements is { Length: > 0 }) jwk["endorsements"] = k.Endorsements;
        return jwk;
    }

    /// <summary>A token as the Bot Connector service issues it; every part can be overridden to forge a bad one.</summary>
    public static string CreateToken(SigningKey key, string audience, string? serviceUrl, string issuer = ConnectorIssuer,
        DateTime? expires = null, IDictionary<string, object>? extraClaims = null, string? kid = null)
    {
        var signingKey = new RsaSecurityKey(key.Key.Rsa) { KeyId = kid ?? key.Kid };
        var claims = new Dictionary<string, object>(extraClaims ?? new Dictionary<string, object>());
        if (serviceUrl is not null) claims["serviceurl"] = serviceUrl;
        var exp = expires ?? DateTime.UtcNow.AddMinutes(30);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = exp.AddMinutes(-60),
            NotBefore = exp.AddMinutes(-60),
            Expires = exp,
            SigningCredentials = new SigningCredentials(signingKey, SecurityAlgorithms.RsaSha256),
        });
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}

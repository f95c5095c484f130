using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ComplaintBot.Dialogs.State;
using Microsoft.Extensions.Options;

namespace ComplaintBot.Bot.Channels.DirectLine;

/// <summary>What a conversation token vouches for. <c>user</c> is the claim Web Chat reads to learn its user id.</summary>
public sealed record DirectLineTokenClaims(
    [property: JsonPropertyName("conv")] string ConversationId,
    [property: JsonPropertyName("user")] string UserId,
    [property: JsonPropertyName("name")] string? UserName,
    [property: JsonPropertyName("cus")] string? CustomerId,
    [property: JsonPropertyName("exp")] long ExpiresUnix,
    [property: JsonPropertyName("pur")] string Purpose,
    [property: JsonPropertyName("orig"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? TrustedOrigins = null)
{
    public const string ConversationPurpose = "conv";
    public const string StreamPurpose = "stream";

    /// <summary>
    /// Enhanced authentication: a token bound to trusted origins is honoured only on requests whose <c>Origin</c> header
    /// names one of them (browsers send it on cross-origin calls and on every WebSocket upgrade).
    /// </summary>
    public bool AllowsOrigin(string? origin)
        => TrustedOrigins is not { Count: > 0 } list
           || (!string.IsNullOrEmpty(origin) && list.Any(o => string.Equals(DirectLineOrigins.Normalize(o), DirectLineOrigins.Normalize(origin), StringComparison.OrdinalIgnoreCase)));
}

public static class DirectLineOrigins
{
    /// <summary>"https://Shop.example/" → "https://shop.example" (an origin has no path).</summary>
    public static string Normalize(string origin) => origin.Trim().TrimEnd('/').ToLowerInvariant();
}

public enum TokenStatus { Valid, Expired, Invalid }

/// <summary>
/// Our own token: <c>header.claims.signature</c>, each base64url, the signature HMAC-SHA256 over "header.claims" with
/// a key of ours. It is shaped like an HS256 JWT only so that Web Chat, which decodes the token to find its user id
/// (the <c>user</c> claim), sends as the user the token is bound to; the header is a fixed constant and never read
/// for an algorithm. A token is bound to one conversation and one user; the secret is never embedded.
/// </summary>
public sealed class DirectLineTokenService
{
    private readonly byte[] _tokenKey;
    private readonly byte[] _urlKey;
    private readonly byte[][] _secrets;
    private readonly TimeProvider _clock;

    public DirectLineTokenService(IOptions<DirectLineOptions> options, IHostEnvironment env, TimeProvider clock)
    {
        var o = options.Value;
        _clock = clock;
        _secrets = o.AllSecrets().Select(Encoding.UTF8.GetBytes).ToArray();
        var master = MasterKey(o, env);
        // Separate keys per use, so a signed attachment URL can never pass as a token.
        _tokenKey = HMACSHA256.HashData(master, "directline-token"u8);
        _urlKey = HMACSHA256.HashData(master, "directline-attachment-url"u8);
    }

    public DateTimeOffset Now => _clock.GetUtcNow();

    public bool IsSecret(string bearer)
    {
        var b = Encoding.UTF8.GetBytes(bearer);
        var match = false;
        foreach (var s in _secrets) match |= CryptographicOperations.FixedTimeEquals(b, s);
        return match;
    }

    private static readonly string Header = Base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"u8);

    public string Issue(DirectLineTokenClaims claims)
    {
        var signed = Header + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        return signed + "." + Base64Url(HMACSHA256.HashData(_tokenKey, Encoding.ASCII.GetBytes(signed)));
    }

    public TokenStatus Validate(string token, out DirectLineTokenClaims? claims)
    {
        claims = null;
        var parts = token.Split('.');
        if (parts.Length != 3 || parts[0] != Header) return TokenStatus.Invalid;
        var signed = parts[0] + "." + parts[1];
        byte[] signature;
        byte[] json;
        try
        {
            signature = FromBase64Url(parts[2]);
            json = FromBase64Url(parts[1]);
        }
        catch (FormatException) { return TokenStatus.Invalid; }
        var expected = HMACSHA256.HashData(_tokenKey, Encoding.ASCII.GetBytes(signed));
        if (!CryptographicOperations.FixedTimeEquals(expected, signature)) return TokenStatus.Invalid;
        try { claims = JsonSerializer.Deserialize<DirectLineTokenClaims>(json); }
        catch (JsonException) { return TokenStatus.Invalid; }
        if (claims is null || string.IsNullOrEmpty(claims.ConversationId) || string.IsNullOrEmpty(claims.UserId)) return TokenStatus.Invalid;
        return claims.ExpiresUnix <= Now.ToUnixTimeSeconds() ? TokenStatus.Expired : TokenStatus.Valid;
    }

    /// <summary>Signature for <c>attachments/{id}?exp=..&amp;sig=..</c>, so an &lt;img&gt; can load without a header.</summary>
    public string SignAttachment(string conversationId, string attachmentId, long expiresUnix)
        => Convert.ToHexStringLower(HMACSHA256.HashData(_urlKey, Encoding.UTF8.GetBytes($"{conversationId}\n{attachmentId}\n{expiresUnix}")));

    public bool VerifyAttachment(string conversationId, string attachmentId, long expiresUnix, string? signature)
    {
        if (string.IsNullOrEmpty(signature) || expiresUnix <= Now.ToUnixTimeSeconds()) return false;
        var expected = Encoding.ASCII.GetBytes(SignAttachment(conversationId, attachmentId, expiresUnix));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature.ToLowerInvariant()));
    }

    private static byte[] MasterKey(DirectLineOptions o, IHostEnvironment env)
    {
        if (!string.IsNullOrWhiteSpace(o.TokenSigningKey)) return Encoding.UTF8.GetBytes(o.TokenSigningKey);
        var secret = o.AllSecrets().FirstOrDefault();
        if (secret is not null) return SHA256.HashData(Encoding.UTF8.GetBytes("complaintbot-directline|" + secret));

        // Nothing configured (local dev): a random key kept on disk, so tokens outlive a restart.
        var path = Path.IsPathRooted(o.KeyFile) ? o.KeyFile : Path.Combine(env.ContentRootPath, o.KeyFile);
        try
        {
            if (File.Exists(path))
            {
                PrivateFiles.EnsureOwnerOnly(path); // a key written by an older version with the umask's mode
                return Convert.FromBase64String(File.ReadAllText(path).Trim());
            }
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var key = RandomNumberGenerator.GetBytes(32);
            PrivateFiles.WriteNew(path, Encoding.ASCII.GetBytes(Convert.ToBase64String(key)));
            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim()); // another instance created it first
        }
    }

    internal static string Base64Url(ReadOnlySpan<byte> bytes)
        => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    internal static byte[] FromBase64Url(string s)
    {
        var b = s.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(b.PadRight(b.Length + (4 - b.Length % 4) % 4, '='));
    }
}

using System.Security.Cryptography;
using System.Text;

namespace ComplaintBot.Bot.Channels.DirectLine;

/// <summary>
/// A customer id the shop backend vouches for: <c>customerId.expiryUnix.signatureHex</c>, where the signature is
/// lowercase hex of HMAC-SHA256(DirectLine:CustomerIdHmacSecret, "customerId.expiryUnix"). The id itself may contain
/// dots; the last two dots separate the expiry and the signature.
/// </summary>
public static class SignedCustomerId
{
    public static string Sign(string customerId, DateTimeOffset expires, string secret)
    {
        var body = $"{customerId}.{expires.ToUnixTimeSeconds()}";
        return $"{body}.{Signature(body, secret)}";
    }

    /// <returns>The customer id, or null when the value is malformed, forged, expired, or valid for longer than <paramref name="maxAge"/>.</returns>
    public static string? Verify(string? signed, string? secret, DateTimeOffset now, TimeSpan maxAge)
    {
        if (string.IsNullOrEmpty(signed) || string.IsNullOrEmpty(secret)) return null;
        var sigDot = signed.LastIndexOf('.');
        if (sigDot <= 0) return null;
        var expDot = signed.LastIndexOf('.', sigDot - 1);
        if (expDot <= 0) return null;
        var body = signed[..sigDot];
        var expected = Encoding.ASCII.GetBytes(Signature(body, secret));
        var given = Encoding.ASCII.GetBytes(signed[(sigDot + 1)..].ToLowerInvariant());
        if (!CryptographicOperations.FixedTimeEquals(expected, given)) return null;
        if (!long.TryParse(signed[(expDot + 1)..sigDot], out var exp)) return null;
        var expires = DateTimeOffset.FromUnixTimeSeconds(exp);
        if (expires <= now || expires - now > maxAge) return null;
        return signed[..expDot];
    }

    private static string Signature(string body, string secret)
        => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));
}

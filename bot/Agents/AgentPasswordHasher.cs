using System.Security.Cryptography;

namespace ComplaintBot.Bot.Agents;

/// <summary>
/// Salted PBKDF2 password hashes for agents and supervisors in appsettings.json.
/// Format: <c>pbkdf2-sha256$ITERATIONS$SALT$HASH</c> with SALT (16 bytes) and HASH (32 bytes) in base64.
/// The iteration count travels with the hash so it can be raised later without breaking stored ones.
/// </summary>
public static class AgentPasswordHasher
{
    public const string Prefix = "pbkdf2-sha256";
    // OWASP's current figure for PBKDF2-HMAC-SHA256.
    public const int DefaultIterations = 600_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public static string Hash(string password, int iterations = DefaultIterations)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        if (iterations < 10_000) throw new ArgumentException("at least 10000 iterations are required", nameof(iterations));
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return $"{Prefix}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    /// <summary>Constant-time check; a malformed stored hash never matches.</summary>
    public static bool Verify(string password, string? stored)
    {
        if (string.IsNullOrEmpty(password) || string.IsNullOrEmpty(stored)) return false;
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Prefix || !int.TryParse(parts[1], out var iterations) || iterations < 10_000) return false;
        byte[] salt, expected;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            expected = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }
        if (salt.Length < 8 || expected.Length < 16) return false;
        var actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}

using System.Text.Json;
using Microsoft.Extensions.Options;

namespace ComplaintBot.Bot.Channels.DirectLine;

/// <summary>
/// <c>POST /api/directline/token</c>: what the storefront widget calls instead of holding a secret. Returns
/// <c>{token, conversationId, expires_in, userId}</c> for a fresh conversation. Browsers may call it from the bot's own
/// origin or from a configured <see cref="DirectLineOptions.AllowedOrigins"/> entry (CORS, and refused server-side for
/// any other Origin). An optional <c>customerToken</c> (see <see cref="SignedCustomerId"/>) binds the shop's signed-in
/// customer to the conversation.
/// </summary>
public static class StorefrontTokenEndpoint
{
    private sealed class Request
    {
        public string? CustomerToken { get; set; }

        /// <summary>The page's locale, used for the bot's greeting when the conversation starts.</summary>
        public string? Locale { get; set; }
    }

    public static void Map(IEndpointRouteBuilder app)
        => app.MapPost("/api/directline/token", IssueAsync).RequireCors(DirectLineSetup.StorefrontCorsPolicy);

    public static bool IsOriginAllowed(string origin, DirectLineOptions o)
        => o.AllowedOrigins.Any(a => string.Equals(a.TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase));

    private static async Task<IResult> IssueAsync(HttpContext http, DirectLineChannel channel, IOptions<DirectLineOptions> options, CancellationToken ct)
    {
        var o = options.Value;
        var origin = http.Request.Headers.Origin.ToString();
        var self = $"{http.Request.Scheme}://{http.Request.Host}";
        if (origin.Length > 0 && !string.Equals(origin, self, StringComparison.OrdinalIgnoreCase) && !IsOriginAllowed(origin, o))
            return DirectLineErrors.Error(403, "Forbidden", "This origin may not request chat tokens.");

        Request? body = null;
        if (http.Request.ContentLength is > 0 || http.Request.Headers.TransferEncoding.Count > 0)
        {
            try { body = await JsonSerializer.DeserializeAsync<Request>(http.Request.Body, new JsonSerializerOptions(JsonSerializerDefaults.Web), ct); }
            catch (JsonException) { return DirectLineErrors.BadArgument("The body is not valid JSON."); }
        }

        string? customerId = null;
        if (!string.IsNullOrEmpty(body?.CustomerToken))
        {
            customerId = SignedCustomerId.Verify(body.CustomerToken, o.CustomerIdHmacSecret, channel.Tokens.Now, o.CustomerIdMaxAge);
            // A bad signature is refused rather than silently downgraded to an anonymous chat.
            if (customerId is null) return DirectLineErrors.Error(403, "Forbidden", "The customer token is not valid.");
        }

        var locale = InboundActivity.IsLocale(body?.Locale) ? body!.Locale : null;
        var c = await channel.CreateConversationAsync(userId: null, userName: null, customerId, ct, locale, channel.TrustedOriginsFor(null));
        return Results.Json(new { token = channel.IssueToken(c), conversationId = c.Id, expires_in = channel.TokenLifetimeSeconds, userId = c.UserId });
    }
}

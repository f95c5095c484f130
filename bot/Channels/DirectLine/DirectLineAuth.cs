namespace ComplaintBot.Bot.Channels.DirectLine;

/// <summary>Who is calling: a secret holder (any conversation) or a token holder (one conversation, one user).</summary>
public sealed record DirectLineCaller(bool IsSecret, DirectLineTokenClaims? Token, string? RawToken);

public static class DirectLineAuth
{
    /// <summary>
    /// Checks the bearer (header, or <paramref name="queryToken"/> for stream URLs). With a conversation id, a token must
    /// be bound to it. Stream tokens are accepted only where <paramref name="allowStreamToken"/> (they travel in URLs).
    /// </summary>
    public static IResult? Authorize(HttpContext http, DirectLineTokenService tokens, string? conversationId,
        out DirectLineCaller caller, string? queryToken = null, bool allowStreamToken = false)
    {
        caller = new DirectLineCaller(false, null, null);
        var bearer = queryToken;
        var header = http.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) bearer = header["Bearer ".Length..].Trim();
        if (string.IsNullOrEmpty(bearer)) return DirectLineErrors.MissingAuth();

        if (tokens.IsSecret(bearer))
        {
            caller = new DirectLineCaller(true, null, null);
            return null;
        }
        switch (tokens.Validate(bearer, out var claims))
        {
            case TokenStatus.Expired: return DirectLineErrors.Expired();
            case TokenStatus.Invalid: return DirectLineErrors.InvalidCredentials();
        }
        if (claims!.Purpose != DirectLineTokenClaims.ConversationPurpose
            && !(allowStreamToken && claims.Purpose == DirectLineTokenClaims.StreamPurpose))
            return DirectLineErrors.InvalidCredentials();
        if (conversationId is not null && !string.Equals(claims.ConversationId, conversationId, StringComparison.Ordinal))
            return DirectLineErrors.WrongConversation();
        if (!claims.AllowsOrigin(http.Request.Headers.Origin.ToString())) return DirectLineErrors.UntrustedOrigin();
        caller = new DirectLineCaller(false, claims, bearer);
        return null;
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;
using ComplaintBot.Dialogs.Schema;

namespace ComplaintBot.Bot.Channels.DirectLine;

/// <summary>Direct Line 3.0 REST operations under /v3/directline (reference/bot-framework-rest-direct-line-3-0-*.md).</summary>
public static class DirectLineEndpoints
{
    /// <summary>The spec's limit for one serialized activity.</summary>
    private const int MaxActivityBytes = 256 * 1024;

    public sealed record ConversationResponse(
        [property: JsonPropertyName("conversationId")] string ConversationId,
        [property: JsonPropertyName("token")] string? Token,
        [property: JsonPropertyName("expires_in")] int? ExpiresIn,
        [property: JsonPropertyName("streamUrl")] string? StreamUrl);

    public sealed record ActivitySet(
        [property: JsonPropertyName("activities")] List<Activity> Activities,
        [property: JsonPropertyName("watermark")] string Watermark);

    private sealed class TokenParameters
    {
        public ChannelAccount? User { get; set; }
        public List<string>? TrustedOrigins { get; set; }
        public string? Locale { get; set; }
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        var dl = app.MapGroup("/v3/directline").RequireCors(DirectLineSetup.DirectLineCorsPolicy);
        dl.MapPost("/tokens/generate", GenerateToken);
        dl.MapPost("/tokens/refresh", RefreshToken);
        dl.MapPost("/conversations", StartConversation);
        dl.MapGet("/conversations/{conversationId}", GetConversation);
        dl.MapGet("/conversations/{conversationId}/activities", GetActivities);
        dl.MapPost("/conversations/{conversationId}/activities", PostActivity);
        dl.MapPost("/conversations/{conversationId}/upload", DirectLineUploads.Upload);
        dl.MapGet("/conversations/{conversationId}/attachments/{attachmentId}", DirectLineUploads.Download);
        dl.Map("/conversations/{conversationId}/stream", DirectLineStream.Accept);
    }

    private static IResult Json(object value, int status = 200) => Results.Json(value, ActivityJson.Options, statusCode: status);

    private static async Task<IResult> GenerateToken(HttpContext http, DirectLineChannel channel, CancellationToken ct)
    {
        if (DirectLineAuth.Authorize(http, channel.Tokens, null, out var caller) is { } denied) return denied;
        if (!caller.IsSecret) return DirectLineErrors.InvalidCredentials(); // only a secret mints tokens
        var (parameters, bad) = await ReadOptionalJsonAsync<TokenParameters>(http);
        if ((bad ?? Check(parameters)) is { } refused) return refused;
        if (channel.TrustedOriginsFor(parameters?.TrustedOrigins) is not { } origins)
            return DirectLineErrors.BadArgument("trustedOrigins may only name origins configured in DirectLine:TrustedOrigins.");
        var c = await channel.CreateConversationAsync(parameters?.User?.Id, parameters?.User?.Name, customerId: null, ct, trustedOrigins: origins);
        return Json(new ConversationResponse(c.Id, channel.IssueToken(c), channel.TokenLifetimeSeconds, null));
    }

    private static async Task<IResult> RefreshToken(HttpContext http, DirectLineChannel channel, CancellationToken ct)
    {
        if (DirectLineAuth.Authorize(http, channel.Tokens, null, out var caller) is { } denied) return denied;
        if (caller.Token is not { } claims) return DirectLineErrors.BadArgument("Only a token can be refreshed.");
        var c = await channel.ConversationForTokenAsync(claims, ct);
        return Json(new ConversationResponse(c.Id, channel.IssueToken(c), channel.TokenLifetimeSeconds, null));
    }

    private static async Task<IResult> StartConversation(HttpContext http, DirectLineChannel channel, CancellationToken ct)
    {
        if (DirectLineAuth.Authorize(http, channel.Tokens, null, out var caller) is { } denied) return denied;
        var baseUrl = DirectLineChannel.BaseUrl(http.Request);
        DirectLineConversation c;
        string token;
        // Direct Line JS posts {user, locale} here; with a token only the locale is taken (the user is in the token).
        var (parameters, bad) = await ReadOptionalJsonAsync<TokenParameters>(http);
        if ((bad ?? Check(parameters)) is { } refused) return refused;
        if (caller.Token is { } claims)
        {
            c = await channel.ConversationForTokenAsync(claims, ct);
            token = caller.RawToken!;
        }
        else
        {
            c = await channel.CreateConversationAsync(parameters?.User?.Id, parameters?.User?.Name, customerId: null, ct,
                trustedOrigins: channel.TrustedOriginsFor(null));
            token = channel.IssueToken(c);
        }

        bool created;
        try { created = await channel.StartAsync(c, baseUrl, ct, parameters?.Locale); }
        catch (BotUnavailableException ex) { return DirectLineErrors.Error(502, ex.Code, ex.Message); }

        var expiresIn = caller.Token is { } t
            ? (int)Math.Max(0, t.ExpiresUnix - channel.Tokens.Now.ToUnixTimeSeconds())
            : channel.TokenLifetimeSeconds;
        // 201 when this call started it; 200 when the token's conversation was already started (spec).
        return Json(new ConversationResponse(c.Id, token, expiresIn, channel.StreamUrl(http.Request, c, watermark: null)), created ? 201 : 200);
    }

    private static async Task<IResult> GetConversation(HttpContext http, string conversationId, string? watermark, DirectLineChannel channel, CancellationToken ct)
    {
        if (DirectLineAuth.Authorize(http, channel.Tokens, conversationId, out var caller) is { } denied) return denied;
        var (c, missing) = await FindAsync(channel, caller, conversationId, ct);
        if (missing is not null) return missing;
        if (!TryParseWatermark(watermark, out var wm)) return DirectLineErrors.BadArgument("Invalid watermark.");
        // Without a watermark the stream carries only what arrives after this call (spec: reconnect).
        var from = wm ?? await channel.LastSequenceAsync(c!.Id, ct);
        var token = caller.RawToken ?? channel.IssueToken(c!);
        var expiresIn = caller.Token is { } t
            ? (int)Math.Max(0, t.ExpiresUnix - channel.Tokens.Now.ToUnixTimeSeconds())
            : channel.TokenLifetimeSeconds;
        return Json(new ConversationResponse(c!.Id, token, expiresIn, channel.StreamUrl(http.Request, c, from)));
    }

    private static async Task<IResult> GetActivities(HttpContext http, string conversationId, string? watermark, DirectLineChannel channel, CancellationToken ct)
    {
        if (DirectLineAuth.Authorize(http, channel.Tokens, conversationId, out var caller) is { } denied) return denied;
        var (c, missing) = await FindAsync(channel, caller, conversationId, ct);
        if (missing is not null) return missing;
        if (!TryParseWatermark(watermark, out var wm)) return DirectLineErrors.BadArgument("Invalid watermark.");
        var (activities, next, _) = await channel.ReadAsync(c!.Id, wm ?? 0, includeTyping: false, DirectLineChannel.BaseUrl(http.Request), ct);
        return Json(new ActivitySet(activities, next.ToString()));
    }

    private static async Task<IResult> PostActivity(HttpContext http, string conversationId, DirectLineChannel channel, CancellationToken ct)
    {
        if (DirectLineAuth.Authorize(http, channel.Tokens, conversationId, out var caller) is { } denied) return denied;
        var (c, missing) = await FindAsync(channel, caller, conversationId, ct);
        if (missing is not null) return missing;
        if (http.Request.ContentLength > MaxActivityBytes) return DirectLineErrors.Error(413, "MessageSizeTooBig", "The activity is larger than 256K.");
        if (!InboundActivity.IsJson(http.Request.ContentType))
            return DirectLineErrors.Error(415, "UnsupportedMediaType", "The activity must be sent as application/json.");
        var (activity, bad) = await ReadOptionalJsonAsync<Activity>(http, MaxActivityBytes);
        if (bad is not null) return bad;
        if (activity is null || string.IsNullOrWhiteSpace(activity.Type)) return DirectLineErrors.MissingProperty("The activity needs a type.");
        InboundActivity.Clean(activity);
        if (InboundActivity.DirectLineProblem(activity) is { } problem) return DirectLineErrors.BadArgument(problem);
        return await SubmitAsync(http, channel, caller, c!, activity, null, ct);
    }

    /// <summary>Stamps, attributes and runs an inbound activity (already cleaned and checked by <see cref="InboundActivity"/>); answers the Direct Line way ({id}, or 502 when the bot failed).</summary>
    internal static async Task<IResult> SubmitAsync(HttpContext http, DirectLineChannel channel, DirectLineCaller caller,
        DirectLineConversation c, Activity activity, string? userIdHint, CancellationToken ct)
    {
        var baseUrl = DirectLineChannel.BaseUrl(http.Request);
        if (channel.AssignSender(activity, caller, userIdHint) is { } bad) return bad;
        try
        {
            // A client that posts without starting first (allowed with a token from tokens/generate) still gets
            // the bot's conversationUpdate before its first message.
            if (!c.Started) await channel.StartAsync(c, baseUrl, ct, activity.Locale);
            channel.Stamp(activity, c.Id, baseUrl);
            await channel.RunTurnAsync(activity, ct);
        }
        catch (BotUnavailableException ex) { return DirectLineErrors.Error(502, ex.Code, ex.Message); }
        return Json(new ResourceResponse { Id = activity.Id });
    }

    internal static async Task<(DirectLineConversation? Conversation, IResult? Error)> FindAsync(
        DirectLineChannel channel, DirectLineCaller caller, string conversationId, CancellationToken ct)
    {
        if (caller.Token is { } claims) return (await channel.ConversationForTokenAsync(claims, ct), null);
        var c = await channel.Conversations.GetAsync(conversationId, ct);
        return c is null ? (null, DirectLineErrors.NotFound("The conversation")) : (c, null);
    }

    /// <summary>The user and locale a caller names for a new conversation are stored with it: the same edge rules as an activity's.</summary>
    private static IResult? Check(TokenParameters? p)
    {
        if (p is null) return null;
        if (p.User is { } u)
        {
            u.Id = InboundActivity.Text(u.Id);
            u.Name = InboundActivity.Text(u.Name);
            if (u.Id?.Length > InboundActivity.MaxIdLength || u.Name?.Length > InboundActivity.MaxNameLength)
                return DirectLineErrors.BadArgument($"user.id may have at most {InboundActivity.MaxIdLength} characters, user.name {InboundActivity.MaxNameLength}.");
        }
        if (p.Locale is not null && !InboundActivity.IsLocale(p.Locale)) return DirectLineErrors.BadArgument("locale is not a language tag such as zh-CN or en-US.");
        return null;
    }

    private static bool TryParseWatermark(string? value, out long? watermark)
    {
        watermark = null;
        if (string.IsNullOrEmpty(value)) return true;
        if (!long.TryParse(value, out var w) || w < 0) return false;
        watermark = w;
        return true;
    }

    private static async Task<(T? Value, IResult? Error)> ReadOptionalJsonAsync<T>(HttpContext http, int maxBytes = 64 * 1024) where T : class
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int n;
        while ((n = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + n > maxBytes) return (null, DirectLineErrors.Error(413, "MessageSizeTooBig", "The request body is too large."));
            buffer.Write(chunk, 0, n);
        }
        if (buffer.Length == 0) return (null, null);
        try { return (JsonSerializer.Deserialize<T>(buffer.ToArray(), ActivityJson.Options), null); }
        catch (JsonException) { return (null, DirectLineErrors.BadArgument("The body is not valid JSON.")); }
    }
}

using System.Net;
using Microsoft.Extensions.Options;

namespace ComplaintBot.Bot.Hosting;

/// <summary>
/// The <c>RateLimits</c> limits that are decided from the method and path alone, so a refused request costs no body
/// parsing, no token check and no password hash: Direct Line token minting and new conversations per client address,
/// messages and uploads per Direct Line conversation, agent sign-ins per client address. A request is counted by each
/// limit it falls under, in that order, until one refuses it. Each key has its own fixed window from its first request
/// (<see cref="FixedWindowCounters{TKey}"/>); a refusal's Retry-After is what is left of that window.
/// </summary>
public sealed class RequestLimiter(IOptions<RateLimitOptions> options, TimeProvider? time = null)
{
    private const string ConversationsPath = "/v3/directline/conversations";

    private readonly FixedWindowCounters<IPAddress> _tokenMinting = new();
    private readonly FixedWindowCounters<IPAddress> _newConversations = new();
    private readonly FixedWindowCounters<string> _messages = new();
    private readonly FixedWindowCounters<string> _uploads = new();
    private readonly FixedWindowCounters<IPAddress> _signIns = new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Keys (addresses, conversations) counted now over all limits.</summary>
    internal int Tracked => _tokenMinting.Tracked + _newConversations.Tracked + _messages.Tracked + _uploads.Tracked + _signIns.Tracked;

    /// <summary>Null when the request may go on (or counts to no limit); otherwise the 429 to answer.</summary>
    public IResult? Check(HttpContext http)
    {
        if (!HttpMethods.IsPost(http.Request.Method)) return null;
        var path = http.Request.Path;
        var limits = options.Value;
        var now = _time.GetUtcNow().UtcTicks;
        TimeSpan? wait = null;
        if (CreatesConversation(path))
        {
            var ip = ClientIp(http);
            wait = _tokenMinting.TryAcquire(ip, limits.TokenMinting, now) ?? _newConversations.TryAcquire(ip, limits.NewConversations, now);
        }
        else if (path.Equals("/v3/directline/tokens/refresh", StringComparison.OrdinalIgnoreCase))
        {
            wait = _tokenMinting.TryAcquire(ClientIp(http), limits.TokenMinting, now);
        }
        else if (path.StartsWithSegments(ConversationsPath, StringComparison.OrdinalIgnoreCase, out var rest))
        {
            if (ConversationAction(rest) is var (conversation, action))
            {
                if (action.Equals("activities", StringComparison.OrdinalIgnoreCase))
                    wait = _messages.TryAcquire(conversation, limits.MessagesPerConversation, now);
                else if (action.Equals("upload", StringComparison.OrdinalIgnoreCase))
                    // An upload is also a message of its conversation.
                    wait = _messages.TryAcquire(conversation, limits.MessagesPerConversation, now) ?? _uploads.TryAcquire(conversation, limits.Uploads, now);
            }
        }
        else if (path.Equals("/agent/api/signin", StringComparison.OrdinalIgnoreCase))
        {
            wait = _signIns.TryAcquire(ClientIp(http), limits.SignIn, now);
        }
        return wait is { } w ? RateLimitSetup.TooMany(w) : null;
    }

    private static bool CreatesConversation(PathString path)
        => path.Equals("/api/directline/token", StringComparison.OrdinalIgnoreCase)
           || path.Equals("/v3/directline/tokens/generate", StringComparison.OrdinalIgnoreCase)
           || path.Equals(ConversationsPath, StringComparison.OrdinalIgnoreCase)
           || path.Equals(ConversationsPath + "/", StringComparison.OrdinalIgnoreCase);

    private static IPAddress ClientIp(HttpContext http) => http.Connection.RemoteIpAddress ?? IPAddress.None;

    /// <summary>
    /// The conversation id and the action of /v3/directline/conversations/{id}/{action} from what follows
    /// /v3/directline/conversations (matched in any letter case, as routing matches it); null for any other path.
    /// </summary>
    private static (string Conversation, string Action)? ConversationAction(PathString rest)
        => (rest.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries) is [var id, var action]
            ? (Uri.UnescapeDataString(id), action)
            : null;
}

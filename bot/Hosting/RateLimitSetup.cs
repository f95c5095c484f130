using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ComplaintBot.Bot.Hosting;

/// <summary>One fixed-window limit: at most <see cref="PermitLimit"/> requests per <see cref="Window"/> and key.</summary>
public sealed class WindowLimit
{
    public int PermitLimit { get; set; }
    public TimeSpan Window { get; set; }

    public WindowLimit() { }
    public WindowLimit(int permitLimit, TimeSpan window) { PermitLimit = permitLimit; Window = window; }
}

/// <summary>
/// The <c>RateLimits</c> section (issue 14.7, docs/security.md). Defaults fit real use: a customer types far slower than
/// these, a shop's page asks for one token per visit. Load tests and test hosts raise them for what they drive.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Requests that issue a Direct Line token (storefront token, tokens/generate, tokens/refresh, start conversation), per client IP.</summary>
    public WindowLimit TokenMinting { get; set; } = new(60, TimeSpan.FromMinutes(1));

    /// <summary>Requests that create a conversation (storefront token, tokens/generate, start conversation), per client IP.</summary>
    public WindowLimit NewConversations { get; set; } = new(30, TimeSpan.FromMinutes(1));

    /// <summary>Activities posted into one conversation (Direct Line and /api/messages), per conversation.</summary>
    public WindowLimit MessagesPerConversation { get; set; } = new(30, TimeSpan.FromMinutes(1));

    /// <summary>File uploads into one conversation, per conversation (each also counts as a message).</summary>
    public WindowLimit Uploads { get; set; } = new(10, TimeSpan.FromMinutes(1));

    /// <summary>Sign-in attempts to the agent console, per client IP, counted before any password is hashed.</summary>
    public WindowLimit SignIn { get; set; } = new(10, TimeSpan.FromMinutes(1));

    /// <summary>Wrong passwords for one account id in a row before it is locked for <see cref="SignInLockout"/>.</summary>
    public int SignInFailuresBeforeLockout { get; set; } = 5;

    public TimeSpan SignInLockout { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// ASP.NET Core's rate limiter with the configured policies. Which requests count to which limit is decided from the
/// method and path alone, so a refused request costs no body parsing, no token check and no password hash.
/// /api/messages names its conversation in the body: it checks <see cref="ConversationMessageLimiter"/> after parsing.
/// </summary>
public static class RateLimitSetup
{
    public const string ErrorCode = "TooManyRequests";

    public static IServiceCollection AddRateLimits(this IServiceCollection services)
    {
        services.AddCheckedOptions<RateLimitOptions>(RateLimitOptions.Section, (r, o) =>
        {
            Check(r, nameof(o.TokenMinting), o.TokenMinting);
            Check(r, nameof(o.NewConversations), o.NewConversations);
            Check(r, nameof(o.MessagesPerConversation), o.MessagesPerConversation);
            Check(r, nameof(o.Uploads), o.Uploads);
            Check(r, nameof(o.SignIn), o.SignIn);
            r.Positive(nameof(o.SignInFailuresBeforeLockout), o.SignInFailuresBeforeLockout);
            r.Positive(nameof(o.SignInLockout), o.SignInLockout);
        });
        services.AddSingleton<ConversationMessageLimiter>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((rl, limits) =>
        {
            rl.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            rl.OnRejected = (ctx, _) =>
            {
                var retryAfter = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : (TimeSpan?)null;
                return new ValueTask(TooMany(retryAfter).ExecuteAsync(ctx.HttpContext));
            };
            rl.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                Limiter(limits.Value.TokenMinting, "token", MintsToken, ClientIp),
                Limiter(limits.Value.NewConversations, "conversation", CreatesConversation, ClientIp),
                Limiter(limits.Value.MessagesPerConversation, "message", PostsIntoConversation, ConversationInPath),
                Limiter(limits.Value.Uploads, "upload", Uploads, ConversationInPath),
                Limiter(limits.Value.SignIn, "signin", SignsIn, ClientIp));
        });
        return services;
    }

    /// <summary>429 with Retry-After (whole seconds, at least 1) and the error shape both channels use.</summary>
    public static IResult TooMany(TimeSpan? retryAfter) => new TooManyResult(retryAfter);

    private sealed class TooManyResult(TimeSpan? retryAfter) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling((retryAfter ?? TimeSpan.FromSeconds(1)).TotalSeconds));
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return Results.Json(new { error = new { code = ErrorCode, message = $"Too many requests; try again in {seconds} s." } },
                statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(http);
        }
    }

    private static void Check(SettingRules r, string name, WindowLimit limit)
    {
        r.Positive(name + ":" + nameof(limit.PermitLimit), limit.PermitLimit);
        r.Positive(name + ":" + nameof(limit.Window), limit.Window);
    }

    private static PartitionedRateLimiter<HttpContext> Limiter(WindowLimit limit, string purpose,
        Func<HttpContext, bool> counts, Func<HttpContext, string?> key)
        => PartitionedRateLimiter.Create<HttpContext, string>(http =>
            counts(http) && key(http) is { } k
                ? RateLimitPartition.GetFixedWindowLimiter(purpose + ":" + k, _ => Window(limit))
                : RateLimitPartition.GetNoLimiter(""));

    public static FixedWindowRateLimiterOptions Window(WindowLimit limit) => new()
    {
        PermitLimit = limit.PermitLimit,
        Window = limit.Window,
        QueueLimit = 0, // refuse at once: a queued request would hold its connection open for the whole window
        AutoReplenishment = true,
    };

    private static string? ClientIp(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static bool IsPost(HttpContext http) => HttpMethods.IsPost(http.Request.Method);

    private static bool MintsToken(HttpContext http)
        => IsPost(http) && (CreatesConversation(http) || http.Request.Path.Equals("/v3/directline/tokens/refresh", StringComparison.OrdinalIgnoreCase));

    private static bool CreatesConversation(HttpContext http)
    {
        if (!IsPost(http)) return false;
        var path = http.Request.Path;
        return path.Equals("/api/directline/token", StringComparison.OrdinalIgnoreCase)
               || path.Equals("/v3/directline/tokens/generate", StringComparison.OrdinalIgnoreCase)
               || path.Equals("/v3/directline/conversations", StringComparison.OrdinalIgnoreCase)
               || path.Equals("/v3/directline/conversations/", StringComparison.OrdinalIgnoreCase);
    }

    private static bool PostsIntoConversation(HttpContext http)
        => IsPost(http) && ConversationAction(http) is "activities" or "upload";

    private static bool Uploads(HttpContext http) => IsPost(http) && ConversationAction(http) == "upload";

    private static bool SignsIn(HttpContext http)
        => IsPost(http) && http.Request.Path.Equals("/agent/api/signin", StringComparison.OrdinalIgnoreCase);

    /// <summary>"activities" or "upload" for /v3/directline/conversations/{id}/{action}; null otherwise.</summary>
    private static string? ConversationAction(HttpContext http)
        => Segments(http) is ["v3", "directline", "conversations", _, var action] ? action.ToLowerInvariant() : null;

    private static string? ConversationInPath(HttpContext http)
        => Segments(http) is ["v3", "directline", "conversations", var id, _] ? Uri.UnescapeDataString(id) : null;

    private static string[] Segments(HttpContext http)
        => (http.Request.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>
/// Messages per conversation for /api/messages, whose conversation id is in the body: the same limit as Direct Line's,
/// checked by the endpoint once the activity is parsed and before its turn runs. Each conversation has its own fixed
/// window from its first message. Its own counters rather than a <see cref="PartitionedRateLimiter"/>: that one's
/// heartbeat walked every conversation of the last minute ten times a second (about 1.5 % of the CPU under the bench)
/// and each check allocated a key string and a lease; here a check allocates nothing once the conversation is known.
/// </summary>
public sealed class ConversationMessageLimiter(IOptions<RateLimitOptions> options, TimeProvider? time = null)
{
    private sealed class Window
    {
        public long StartTicks;
        public int Count;
    }

    private readonly ConcurrentDictionary<(string Channel, string Conversation), Window> _windows = new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private long _nextSweepTicks;

    /// <summary>Conversations counted now (those seen within about the last two windows).</summary>
    internal int Tracked => _windows.Count;

    /// <summary>Null when the activity may go on; otherwise the 429 to answer.</summary>
    public IResult? TryAcquire(string channelId, string conversationId)
    {
        var limit = options.Value.MessagesPerConversation;
        var now = _time.GetUtcNow().UtcTicks;
        var length = limit.Window.Ticks;
        var sweepAt = Volatile.Read(ref _nextSweepTicks);
        if (now >= sweepAt && Interlocked.CompareExchange(ref _nextSweepTicks, now + length, sweepAt) == sweepAt) Sweep(now, length);

        var window = _windows.GetOrAdd((channelId, conversationId), static (_, start) => new Window { StartTicks = start }, now);
        lock (window)
        {
            if (now - window.StartTicks >= length) (window.StartTicks, window.Count) = (now, 0);
            if (window.Count < limit.PermitLimit)
            {
                window.Count++;
                return null;
            }
            return RateLimitSetup.TooMany(TimeSpan.FromTicks(window.StartTicks + length - now));
        }
    }

    // Once per window: a conversation whose window has ended would start afresh anyway, so it is dropped. (A check racing
    // the sweep on such a conversation may count into a window that is then dropped: one message more at most.)
    private void Sweep(long now, long length)
    {
        foreach (var (key, window) in _windows)
        {
            bool ended;
            lock (window) ended = now - window.StartTicks >= length;
            if (ended) _windows.TryRemove(KeyValuePair.Create(key, window));
        }
    }
}

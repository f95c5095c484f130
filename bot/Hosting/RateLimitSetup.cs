using System.Globalization;
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
/// The configured limits (<see cref="RequestLimiter"/> for what is counted by path, <see cref="ConversationMessageLimiter"/>
/// for /api/messages, whose conversation is in the body) and the 429 they answer with.
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
        services.AddSingleton<RequestLimiter>();
        return services;
    }

    /// <summary>Refuses, before anything else reads them, the requests beyond a limit decided by method and path (<see cref="RequestLimiter"/>).</summary>
    public static IApplicationBuilder UseRateLimits(this IApplicationBuilder app)
    {
        var limiter = app.ApplicationServices.GetRequiredService<RequestLimiter>();
        return app.Use((http, next) => limiter.Check(http) is { } refused ? refused.ExecuteAsync(http) : next(http));
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
}

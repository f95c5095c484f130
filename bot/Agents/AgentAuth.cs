using System.Security.Claims;
using ComplaintBot.Dialogs.Handoff;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace ComplaintBot.Bot.Agents;

/// <summary>
/// Cookie sign-in for the agent console. API and hub callers without a cookie get 401 (never a redirect);
/// pages redirect to the sign-in page. State-changing requests must carry the anti-forgery header.
/// </summary>
public static class AgentAuth
{
    public const string Scheme = "AgentCookie";
    public const string Policy = "Agent";
    /// <summary>Leads (the Supervisor role) only: remedy approvals, customer export and erase.</summary>
    public const string LeadPolicy = "Lead";
    public const string CookieName = "ComplaintBot.Agent";
    public const string AntiforgeryHeader = "X-CSRF-TOKEN";
    public const string AntiforgeryCookie = "ComplaintBot.Agent.Csrf";
    public const string SignInPath = "/agent/signin.html";
    public const string LocaleClaim = "locale";

    public static IServiceCollection AddAgentAuth(this IServiceCollection services, AgentAccountOptions options)
    {
        services.AddAuthentication()
            .AddCookie(Scheme, o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                // Strict: the cookie never rides on a cross-site request, including a cross-site WebSocket to the hub.
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.Cookie.Path = "/agent";
                o.ExpireTimeSpan = options.SessionLifetime;
                o.SlidingExpiration = true;
                o.LoginPath = SignInPath;
                o.Events.OnRedirectToLogin = ctx => Deny(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => Deny(ctx, StatusCodes.Status403Forbidden);
            });
        services.AddAuthorization(o =>
        {
            o.AddPolicy(Policy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser()
                .RequireRole(AgentRoles.Agent, AgentRoles.Supervisor));
            o.AddPolicy(LeadPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser().RequireRole(AgentRoles.Supervisor));
        });
        services.AddAntiforgery(o =>
        {
            o.HeaderName = AntiforgeryHeader;
            o.Cookie.Name = AntiforgeryCookie;
            o.Cookie.Path = "/agent";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        return services;
    }

    private static Task Deny(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        var path = ctx.Request.Path;
        if (path.StartsWithSegments("/agent/api") || path.StartsWithSegments("/agent/hub") || ctx.Request.Method != HttpMethods.Get)
            ctx.Response.StatusCode = status;
        else
            ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    public static ClaimsPrincipal Principal(AgentAccount a) => new(new ClaimsIdentity(new[]
    {
        new Claim(ClaimTypes.NameIdentifier, a.Id),
        new Claim(ClaimTypes.Name, string.IsNullOrWhiteSpace(a.DisplayName) ? a.Id : a.DisplayName),
        new Claim(ClaimTypes.Role, a.Role),
        new Claim(LocaleClaim, a.Locale),
    }, Scheme));

    public static HandoffAgent Agent(this ClaimsPrincipal user) => new(
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("not signed in"),
        user.FindFirstValue(ClaimTypes.Name) ?? "",
        user.IsInRole(AgentRoles.Supervisor));

    /// <summary>Rejects a state-changing request without a valid anti-forgery token (400).</summary>
    public static TBuilder RequireAntiforgery<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
        => builder.AddEndpointFilter(async (ctx, next) =>
        {
            var af = ctx.HttpContext.RequestServices.GetRequiredService<IAntiforgery>();
            try
            {
                await af.ValidateRequestAsync(ctx.HttpContext);
            }
            catch (AntiforgeryValidationException)
            {
                return Results.Problem("Missing or invalid anti-forgery token.", statusCode: StatusCodes.Status400BadRequest);
            }
            return await next(ctx);
        });

    public static Task SignInAsync(HttpContext http, AgentAccount a)
        => http.SignInAsync(Scheme, Principal(a), new AuthenticationProperties { IsPersistent = false });
}

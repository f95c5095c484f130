namespace ComplaintBot.Bot.Hosting;

/// <summary>
/// Response headers that tell browsers what not to do with our pages (issue 14.9). Every response: no MIME sniffing and
/// no referrer (URLs carry conversation ids and signed links). The agent pages (console, sign-in, dashboard and their API)
/// also get a strict Content-Security-Policy that forbids framing and any script or connection not from this origin.
/// The storefront and the widget script keep working on shop pages: they are not framed, and the shop's page owns its CSP.
/// Endpoints may set their own stricter policy (uploaded files: <c>default-src 'none'; sandbox</c>).
/// </summary>
public static class SecurityHeaders
{
    public const string AgentPathPrefix = "/agent";

    /// <summary>
    /// Scripts and connections (SignalR) only from here; inline styles allowed because the console sets element styles;
    /// photos may be our signed links, inline thumbnails, or a Bot Framework channel's https links.
    /// </summary>
    public const string AgentContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The storefront demo page has an inline script; it may not be framed away from its own origin or load plugins.</summary>
    public const string StorefrontContentSecurityPolicy = "object-src 'none'; base-uri 'self'; frame-ancestors 'self'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        if (http.Request.Path.StartsWithSegments(AgentPathPrefix))
        {
            headers.ContentSecurityPolicy = AgentContentSecurityPolicy;
            headers.XFrameOptions = "DENY"; // for browsers that predate frame-ancestors
        }
        else if (http.Request.Path == "/" || http.Request.Path == "/index.html")
        {
            headers.ContentSecurityPolicy = StorefrontContentSecurityPolicy;
        }
        return next(http);
    });
}

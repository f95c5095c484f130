using System.Net;
using ComplaintBot.Tests.Agents;
using ComplaintBot.Tests.Support;

namespace ComplaintBot.Tests.Hosting;

/// <summary>Issue 14.9: the console, sign-in and dashboard forbid framing and foreign scripts; every response forbids sniffing.</summary>
public sealed class SecurityHeadersTests : IAsyncLifetime
{
    private BotServer _server = null!;

    public Task InitializeAsync()
    {
        _server = BotServer.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static void AssertEverywhere(HttpResponseMessage r, string what)
    {
        Assert.True(r.Headers.TryGetValues("X-Content-Type-Options", out var nosniff) && nosniff.Single() == "nosniff", what);
        Assert.True(r.Headers.TryGetValues("Referrer-Policy", out var referrer) && referrer.Single() == "no-referrer", what);
    }

    [Fact]
    public async Task Console_sign_in_and_dashboard_pages_may_not_be_framed_and_run_only_this_origins_scripts()
    {
        var (agent, _) = await DirectLineHandoffTests.SignInAsync(_server, "demo", "demo");
        foreach (var path in new[] { "agent", "agent/signin.html", "agent/dashboard", "agent/dashboard.html", "agent/api/queue" })
        {
            var r = await agent.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            AssertEverywhere(r, path);
            var csp = string.Join(";", r.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.Contains("script-src 'self'", csp);
            Assert.Contains("object-src 'none'", csp);
            Assert.Equal("DENY", r.Headers.GetValues("X-Frame-Options").Single());
        }
    }

    [Fact]
    public async Task The_storefront_and_widget_get_nosniff_and_no_referrer_without_being_locked_out_of_shop_pages()
    {
        using var http = _server.CreateClient();
        foreach (var path in new[] { "", "widget.js", "healthz" })
        {
            var r = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            AssertEverywhere(r, path);
            Assert.False(r.Headers.Contains("X-Frame-Options"), path);
        }
    }
}

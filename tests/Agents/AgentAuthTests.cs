using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ComplaintBot.Bot.Agents;
using Microsoft.AspNetCore.SignalR.Client;

namespace ComplaintBot.Tests.Agents;

public sealed class AgentAuthTests : IAsyncLifetime
{
    private readonly AgentConsoleHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("GET", "agent/api/queue")]
    [InlineData("GET", "agent/api/me")]
    [InlineData("GET", "agent/api/conversations/some-conversation")]
    [InlineData("GET", "agent/api/quick-replies")]
    [InlineData("POST", "agent/api/conversations/some-conversation/take")]
    [InlineData("POST", "agent/api/conversations/some-conversation/messages")]
    [InlineData("POST", "agent/api/conversations/some-conversation/resolve")]
    [InlineData("POST", "agent/hub/negotiate?negotiateVersion=1")]
    public async Task Anonymous_calls_to_agent_endpoints_and_hub_get_401(string method, string path)
    {
        var (http, _) = _host.NewClient();
        var res = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? JsonContent.Create(new { text = "x" }) : null });
        Assert.Equal(HttpStatusCode.Unauthorized, res.StatusCode);
    }

    [Fact]
    public async Task Anonymous_hub_connection_is_refused()
    {
        var hub = new HubConnectionBuilder().WithUrl(new Uri(_host.BaseAddress, "agent/hub")).Build();
        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
    }

    [Fact]
    public async Task Anonymous_console_page_redirects_to_sign_in()
    {
        var (http, _) = _host.NewClient();
        var res = await http.GetAsync("agent");
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        Assert.StartsWith("/agent/signin.html", res.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task A_bearer_token_is_not_an_agent_credential()
    {
        var (http, _) = _host.NewClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "eyJhbGciOiJIUzI1NiJ9.eyJjb252IjoiYyJ9.x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("agent/api/queue")).StatusCode);
    }

    [Fact]
    public async Task Configured_agent_signs_in_with_the_right_password_only()
    {
        var session = await _host.SignInAsync(AgentConsoleHost.ConfiguredAgentId, AgentConsoleHost.ConfiguredAgentPassword);
        var me = await session.GetJsonAsync("agent/api/me");
        Assert.Equal("alice", me.GetProperty("id").GetString());
        Assert.Equal("Agent", me.GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.OK, (await session.Http.GetAsync("agent")).StatusCode);

        await Assert.ThrowsAsync<InvalidOperationException>(() => _host.SignInAsync(AgentConsoleHost.ConfiguredAgentId, "wrong"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => _host.SignInAsync("nobody", AgentConsoleHost.ConfiguredAgentPassword));
    }

    [Fact]
    public async Task Sign_in_without_anti_forgery_token_is_rejected()
    {
        var (http, _) = _host.NewClient();
        var res = await http.PostAsJsonAsync("agent/api/signin", new { id = "demo", password = "demo" });
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        Assert.DoesNotContain(res.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith(AgentAuth.CookieName + "=")));
    }

    [Fact]
    public async Task State_changing_agent_request_without_or_with_a_foreign_anti_forgery_token_is_rejected()
    {
        var session = await _host.SignInDemoAsync();
        var res = await session.Http.PostAsJsonAsync("agent/api/conversations/x/take", new { });
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);

        // A token minted for another browser session does not work either.
        var other = await _host.SignInAsync(AgentConsoleHost.ConfiguredAgentId, AgentConsoleHost.ConfiguredAgentPassword);
        var req = new HttpRequestMessage(HttpMethod.Post, "agent/api/conversations/x/take") { Content = JsonContent.Create(new { }) };
        req.Headers.Add(AgentAuth.AntiforgeryHeader, other.Token);
        Assert.Equal(HttpStatusCode.BadRequest, (await session.Http.SendAsync(req)).StatusCode);

        // With its own token the request passes anti-forgery (and then finds no such conversation).
        Assert.Equal(HttpStatusCode.NotFound, (await session.PostAsync("agent/api/conversations/x/take", new { })).StatusCode);
    }

    [Fact]
    public async Task Signed_out_agent_is_anonymous_again()
    {
        var session = await _host.SignInDemoAsync();
        Assert.Equal(HttpStatusCode.OK, (await session.PostAsync("agent/api/signout", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.Http.GetAsync("agent/api/queue")).StatusCode);
    }

    [Fact]
    public async Task Demo_agent_exists_only_in_Development()
    {
        var dev = await _host.SignInDemoAsync();
        Assert.Equal(HttpStatusCode.OK, (await dev.Http.GetAsync("agent/api/me")).StatusCode);

        await using var production = new AgentConsoleHost("Production");
        await Assert.ThrowsAsync<InvalidOperationException>(() => production.SignInDemoAsync());
        var configured = await production.SignInAsync(AgentConsoleHost.ConfiguredAgentId, AgentConsoleHost.ConfiguredAgentPassword);
        Assert.Equal(HttpStatusCode.OK, (await configured.Http.GetAsync("agent/api/me")).StatusCode);
    }
}

public sealed class AgentPasswordHasherTests
{
    [Fact]
    public void Hash_is_salted_pbkdf2_and_verifies_only_the_same_password()
    {
        var a = AgentPasswordHasher.Hash("s3cret!", 10_000);
        var b = AgentPasswordHasher.Hash("s3cret!", 10_000);
        Assert.NotEqual(a, b); // different salt each time
        var parts = a.Split('$');
        Assert.Equal(["pbkdf2-sha256", "10000"], parts[..2]);
        Assert.Equal(16, Convert.FromBase64String(parts[2]).Length);
        Assert.Equal(32, Convert.FromBase64String(parts[3]).Length);
        Assert.True(AgentPasswordHasher.Verify("s3cret!", a));
        Assert.True(AgentPasswordHasher.Verify("s3cret!", b));
        Assert.False(AgentPasswordHasher.Verify("s3cret", a));
        Assert.False(AgentPasswordHasher.Verify("s3cret!", "plain-text"));
        Assert.False(AgentPasswordHasher.Verify("s3cret!", "pbkdf2-sha256$1$AAAA$AAAA"));
    }

    [Fact]
    public async Task Hash_password_command_prints_a_hash_that_verifies()
    {
        // Not Console.SetOut: hosts started by tests running in parallel log to the console too.
        var output = new StringWriter();
        var code = await ComplaintBot.Bot.Hosting.CommandLine.TryRunAsync(["hash-password", "open sesame"], output);
        Assert.Equal(0, code);
        var hash = output.ToString().Trim();
        Assert.StartsWith("pbkdf2-sha256$600000$", hash);
        Assert.True(AgentPasswordHasher.Verify("open sesame", hash));
    }
}

using System.Net;
using System.Net.Http.Json;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Tests.Agents;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintBot.Tests.Privacy;

/// <summary>Customer export/erasure over HTTP: leads only, with the anti-forgery header, the customer named in the body.</summary>
public sealed class PrivacyEndpointTests : IAsyncLifetime
{
    private readonly AgentConsoleHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Only_a_signed_in_lead_may_export_erase_or_read_the_audit_log()
    {
        var cases = _host.Services.GetRequiredService<ICaseStore>();
        var @case = await cases.CreateAsync(new Case { ConversationId = "conv-p", CustomerId = "cust-p", ContactPhone = "13912345678" });
        var (anonymous, _) = _host.NewClient();
        var agent = await _host.SignInDemoAsync();
        var lead = await _host.SignInAsync("lead", "lead");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("agent/api/privacy/export", new { customerId = "cust-p" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsync("agent/api/privacy/export", new { customerId = "cust-p" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsync("agent/api/privacy/erase", new { customerId = "cust-p" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.Http.GetAsync("agent/api/privacy/audit")).StatusCode);
        // A lead without the anti-forgery header (a cross-site form) is refused too.
        Assert.Equal(HttpStatusCode.BadRequest, (await lead.Http.PostAsJsonAsync("agent/api/privacy/erase", new { customerId = "cust-p" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await lead.PostAsync("agent/api/privacy/erase", new { customerId = "cust-p", phone = "13912345678" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await lead.PostAsync("agent/api/privacy/erase", new { phone = "123" })).StatusCode);
        Assert.NotNull(await cases.GetAsync(@case.Number));

        var export = await lead.PostAsync("agent/api/privacy/export", new { phone = "139 1234 5678" });
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("no-store", export.Headers.CacheControl?.ToString());
        Assert.Contains(@case.Number, await export.Content.ReadAsStringAsync());

        var erase = await lead.PostAsync("agent/api/privacy/erase", new { customerId = "cust-p" });
        Assert.Equal(HttpStatusCode.OK, erase.StatusCode);
        Assert.Null(await cases.GetAsync(@case.Number));
        Assert.Equal(HttpStatusCode.NotFound, (await lead.PostAsync("agent/api/privacy/erase", new { customerId = "cust-p" })).StatusCode);

        var log = await lead.GetJsonAsync("agent/api/privacy/audit");
        Assert.Equal(["erase", "export"], log.EnumerateArray().Select(r => r.GetProperty("action").GetString()));
        Assert.All(log.EnumerateArray(), r => Assert.Equal("lead", r.GetProperty("actor").GetString()));
    }
}

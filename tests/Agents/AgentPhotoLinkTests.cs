using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ComplaintBot.Tests.Complaints;
using ComplaintBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintBot.Tests.Agents;

/// <summary>
/// A supervisor reviews an escalated conversation long after the customer sent a photo: the console must still open
/// it, as the customer's own chat does (links are signed for DirectLine:AttachmentUrlLifetime, 7 days).
/// </summary>
public sealed class AgentPhotoLinkTests : IAsyncLifetime
{
    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);
    private BotServer _server = null!;

    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    public Task InitializeAsync()
    {
        _server = BotServer.Start(new Dictionary<string, string?>
        {
            ["Agents:QueueSweepInterval"] = "1.00:00:00",
            ["ServiceHours:Open"] = "00:00",
            ["ServiceHours:Close"] = "23:59:59",
        }, s => s.AddSingleton<TimeProvider>(_clock));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_photo_in_the_console_transcript_still_opens_after_the_link_lifetime()
    {
        var http = _server.CreateClient();
        var customer = await DirectLineHandoffTests.Customer.StartAsync(http);
        await customer.SayAsync("My order SO10000001 arrived damaged, I want to talk to a person", "en-US");
        var upload = new HttpRequestMessage(HttpMethod.Post, $"v3/directline/conversations/{customer.ConversationId}/upload")
        {
            Content = new ByteArrayContent(Png) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } },
        };
        upload.Headers.Authorization = new AuthenticationHeaderValue("Bearer", customer.Token);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(upload)).StatusCode);

        _clock.Advance(TimeSpan.FromDays(8));
        var (agent, _) = await DirectLineHandoffTests.SignInAsync(_server, "lead", "lead");
        var detail = await agent.GetFromJsonAsync<JsonElement>($"agent/api/conversations/{customer.ConversationId}");
        var url = detail.GetProperty("transcript").EnumerateArray()
            .SelectMany(m => m.GetProperty("attachments").EnumerateArray())
            .Select(a => a.GetProperty("contentUrl").GetString()!).Single();

        // The console opens it in a new tab: a plain GET, no Direct Line token.
        using var browser = new HttpClient();
        var photo = await browser.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, photo.StatusCode);
        Assert.Equal(Png, await photo.Content.ReadAsByteArrayAsync());
    }
}

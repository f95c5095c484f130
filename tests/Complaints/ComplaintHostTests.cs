using System.Text;
using System.Text.Json;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Complaints;
using ComplaintBot.Dialogs.Schema;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintBot.Tests.Complaints;

/// <summary>The complaint flow inside the real host, over /api/messages with deliveryMode=expectReplies.</summary>
public sealed class ComplaintHostTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "cb-host-" + Guid.NewGuid().ToString("N"));
    private readonly WebApplicationFactory<Program> _app;

    public ComplaintHostTests()
    {
        var settings = new Dictionary<string, string?> { ["Storage:Sqlite:Path"] = Path.Combine(_dir, "complaintbot.db") };
        _app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            foreach (var kv in settings) b.UseSetting(kv.Key, kv.Value);
            b.ConfigureAppConfiguration((_, c) => c.AddInMemoryCollection(settings));
        });
    }

    private async Task<List<Activity>> SendAsync(string text, string conversation)
    {
        var activity = new Activity
        {
            Type = ActivityTypes.Message, Id = Guid.NewGuid().ToString("N"), ChannelId = "webchat", ServiceUrl = "http://127.0.0.1:9/",
            Conversation = new ConversationAccount { Id = conversation }, From = new ChannelAccount { Id = "user-1" },
            Recipient = new ChannelAccount { Id = "bot-1" }, Text = text, Locale = "zh-CN", DeliveryMode = DeliveryModes.ExpectReplies,
        };
        var response = await _app.CreateClient().PostAsync("/api/messages", new StringContent(ActivityJson.Serialize(activity), Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        return JsonSerializer.Deserialize<ExpectedReplies>(await response.Content.ReadAsStringAsync(), ActivityJson.Options)!.Activities;
    }

    [Fact]
    public async Task The_host_runs_the_complaint_flow_and_stores_the_case_in_sqlite()
    {
        var conversation = "host-" + Guid.NewGuid().ToString("N")[..8];
        var first = await SendAsync("订单SO10000001的马克杯碎了，我要换货", conversation);
        Assert.Contains(first, a => a.Text!.Contains("您的投诉已受理"));
        Assert.Contains(first, a => a.Text == RepoPaths.Prompts.Render("zh-CN", "identity.ask", new { orderNumber = "SO10000001" }));
        // The last 4 digits of the order's phone prove it (issue 13.10); then the order's product is restated.
        var proved = await SendAsync(ComplaintHarness.Last4("SO10000001"), conversation);
        Assert.Contains(proved, a => a.Text!.Contains("「陶瓷马克杯」收到时有破损") && a.SuggestedActions!.Actions.Count == 2);
        var second = await SendAsync("是的", conversation);
        Assert.Contains(second, a => a.Text!.Contains("您更倾向哪种"));

        var store = _app.Services.GetRequiredService<ICaseStore>();
        Assert.IsType<SqliteCaseStore>(store);
        var c = Assert.Single(await store.QueryAsync(new CaseQuery(ConversationId: conversation)));
        Assert.Equal(CaseStatus.Proposed, c.Status);
        Assert.Equal("SO10000001", c.OrderNumber);

        // Asking for a person mid-flow goes through whatever IHandoffRequester the host registered (the agent queue).
        var handoff = await SendAsync("转人工", conversation);
        Assert.NotEmpty(handoff);
        var escalated = (await store.GetAsync(c.Number))!;
        // Waiting for an agent, or (outside service hours, by the wall clock) for the promised call back.
        Assert.Contains(escalated.Status, new[] { CaseStatus.Escalated, CaseStatus.CallbackPending });
        Assert.Equal(HandoffTriggers.HumanRequest, escalated.EscalationTrigger);
    }

    [Fact]
    public async Task A_message_without_text_or_attachments_over_the_endpoint_opens_no_case()
    {
        var conversation = "empty-" + Guid.NewGuid().ToString("N")[..8];
        var body = $$"""{"type":"message","channelId":"emulator","from":{"id":"u1"},"conversation":{"id":"{{conversation}}"},"serviceUrl":"http://127.0.0.1:9/","deliveryMode":"expectReplies"}""";
        var response = await _app.CreateClient().PostAsync("/api/messages", new StringContent(body, Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        var replies = JsonSerializer.Deserialize<ExpectedReplies>(await response.Content.ReadAsStringAsync(), ActivityJson.Options)!.Activities;
        Assert.DoesNotContain(replies, a => a.Text?.Contains("C2") == true);
        Assert.Empty(await _app.Services.GetRequiredService<ICaseStore>().QueryAsync(new CaseQuery(ConversationId: conversation)));
    }

    public void Dispose()
    {
        _app.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}

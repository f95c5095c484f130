using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using ComplaintBot.Bot.Agents;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.FollowUps;
using ComplaintBot.Dialogs.Handoff;
using ComplaintBot.Tests.Complaints;
using ComplaintBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintBot.Tests.FollowUps;

/// <summary>
/// End to end: the real host on Kestrel, the storefront's Direct Line over HTTP and its WebSocket stream, the real
/// complaint flow to a confirmed remedy; the clock is moved past the due time and the background service sends the
/// follow-up, which the customer reads from the stream and answers.
/// </summary>
public sealed class FollowUpDirectLineTests : IAsyncLifetime
{
    private readonly ManualClock _clock = new(ComplaintHarness.OfficeHours); // 10:00 in Shanghai
    private BotServer _server = null!;

    public Task InitializeAsync()
    {
        _server = BotServer.Start(new Dictionary<string, string?>
        {
            ["FollowUp:PollInterval"] = "00:00:00.200",
            // The test moves the clock by hours; the customer's token must outlive that.
            ["DirectLine:TokenLifetime"] = "2.00:00:00",
            ["Agents:QueueSweepInterval"] = "1.00:00:00",
        }, s => s.AddSingleton<TimeProvider>(_clock));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>Safety net so a broken stream fails the test instead of hanging it; never part of an assertion.</summary>
    private static CancellationToken Patience() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    private sealed class Customer(HttpClient http, string conversationId, string token)
    {
        public string ConversationId => conversationId;
        public string Watermark { get; private set; } = "";

        public static async Task<Customer> StartAsync(HttpClient http)
        {
            var issued = (await (await http.PostAsync("api/directline/token", null)).Content.ReadFromJsonAsync<JsonObject>())!;
            var customer = new Customer(http, issued["conversationId"]!.GetValue<string>(), issued["token"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.Created, (await customer.SendAsync(HttpMethod.Post, "v3/directline/conversations")).StatusCode);
            return customer;
        }

        public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null)
        {
            var req = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return http.SendAsync(req);
        }

        /// <summary>Sends a message and returns the text of everything the bot answered (read with the watermark).</summary>
        public async Task<string> SayAsync(string text)
        {
            var res = await SendAsync(HttpMethod.Post, $"v3/directline/conversations/{conversationId}/activities",
                new { type = "message", text, locale = "zh-CN", from = new { id = "ignored" } });
            Assert.Equal(HttpStatusCode.OK, res.StatusCode);
            var page = (await (await SendAsync(HttpMethod.Get, $"v3/directline/conversations/{conversationId}/activities?watermark={Watermark}")).Content.ReadFromJsonAsync<JsonObject>())!;
            Watermark = page["watermark"]!.GetValue<string>();
            return string.Join("\n", page["activities"]!.AsArray().Where(a => a!["from"]!["id"]!.GetValue<string>() != a["recipient"]?["id"]?.GetValue<string>()
                && a["type"]!.GetValue<string>() == "message" && a["replyToId"] is not null && a["text"] is not null && a["text"]!.GetValue<string>() != text)
                .Select(a => a!["text"]!.GetValue<string>()));
        }

        /// <summary>Reconnect (GET conversation with the watermark) and open the WebSocket stream it hands out.</summary>
        public async Task<ClientWebSocket> OpenStreamAsync()
        {
            var conv = (await (await SendAsync(HttpMethod.Get, $"v3/directline/conversations/{conversationId}?watermark={Watermark}")).Content.ReadFromJsonAsync<JsonObject>())!;
            var ws = new ClientWebSocket();
            await ws.ConnectAsync(new Uri(conv["streamUrl"]!.GetValue<string>()), Patience());
            return ws;
        }
    }

    private static async Task<JsonNode> ReadStreamUntilAsync(ClientWebSocket ws, Func<JsonNode, bool> wanted)
    {
        var ct = Patience();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            using var ms = new MemoryStream();
            WebSocketReceiveResult r;
            do
            {
                r = await ws.ReceiveAsync(buffer, ct);
                if (r.MessageType == WebSocketMessageType.Close) throw new Xunit.Sdk.XunitException("stream closed early");
                ms.Write(buffer, 0, r.Count);
            } while (!r.EndOfMessage);
            if (ms.Length == 0) continue; // keep-alive
            var set = JsonNode.Parse(Encoding.UTF8.GetString(ms.ToArray()))!;
            if (set["activities"]!.AsArray().FirstOrDefault(a => wanted(a!)) is { } hit) return hit;
        }
    }

    [Fact]
    public async Task A_confirmed_remedy_gets_its_follow_up_on_the_direct_line_stream_when_due_and_not_received_reopens_it_for_a_person()
    {
        var http = _server.CreateClient();
        var customer = await Customer.StartAsync(http);
        await customer.SayAsync("我的订单SO10000001收到的马克杯碎了，我要换货");
        await customer.SayAsync(Complaints.ComplaintHarness.Last4("SO10000001")); // proves the order (issue 13.10)
        await customer.SayAsync("是的，没错");
        var confirmed = await customer.SayAsync("1");
        Assert.Contains("处理确认单", confirmed);
        Assert.Contains("感谢您的评价（5 分）", await customer.SayAsync("5"));

        var cases = _server.Services.GetRequiredService<ICaseStore>();
        var k = Assert.Single(await cases.QueryAsync(new CaseQuery(ConversationId: customer.ConversationId)));
        Assert.Equal(FollowUpState.Scheduled, k.FollowUp!.State);
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromHours(4), k.FollowUp.DueAt);

        using var ws = await customer.OpenStreamAsync();
        // Not due yet: a run now sends nothing (the background service keeps running beside it).
        Assert.Equal(0, (await _server.Services.GetRequiredService<FollowUpDispatcher>().RunDueAsync()).Sent);
        Assert.Equal(FollowUpState.Scheduled, (await cases.GetAsync(k.Number))!.FollowUp!.State);

        _clock.Advance(TimeSpan.FromHours(4));
        var followUp = await ReadStreamUntilAsync(ws, a => a["text"]?.GetValue<string>().Contains("的回访") == true);

        var text = followUp["text"]!.GetValue<string>();
        Assert.Contains(k.Number, text);
        Assert.Contains("换新", text);
        Assert.Contains("处理中", text);
        Assert.Equal(["已解决，谢谢", "还没收到"], followUp["suggestedActions"]!["actions"]!.AsArray().Select(a => a!["title"]!.GetValue<string>()));
        Assert.Equal(customer.ConversationId, followUp["conversation"]!["id"]!.GetValue<string>());
        var sent = await FollowUpBotFrameworkTests.SettledAsync(cases, k.Number);
        Assert.Equal(FollowUpState.Sent, sent.FollowUp!.State);
        Assert.Single(sent.History, h => h.Note?.StartsWith("follow-up sent") == true);

        var answer = await customer.SayAsync("还没收到");
        Assert.Contains($"投诉 {k.Number} 已重新打开", answer);
        Assert.Contains("排在第 1 位", answer);
        var reopened = (await cases.GetAsync(k.Number))!;
        Assert.Equal(CaseStatus.Escalated, reopened.Status);
        Assert.Equal("not-resolved", reopened.FollowUp!.Reply);
        var entry = (await _server.Services.GetRequiredService<IHandoffStore>().GetAsync(customer.ConversationId))!;
        Assert.Equal(ConversationOwner.Queued, entry.Owner);
        Assert.Equal(FollowUpReplyInterceptor.ReopenTrigger, entry.Trigger);

        // Still exactly one follow-up in the whole transcript.
        var all = (await (await customer.SendAsync(HttpMethod.Get, $"v3/directline/conversations/{customer.ConversationId}/activities")).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Single(all["activities"]!.AsArray(), a => a!["text"]?.GetValue<string>().Contains("的回访") == true);
    }

    private async Task<HttpClient> SignInAgentAsync()
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = _server.BaseAddress };
        async Task<string> Antiforgery() => (await http.GetFromJsonAsync<JsonObject>("agent/api/antiforgery"))!["token"]!.GetValue<string>();
        var req = new HttpRequestMessage(HttpMethod.Post, "agent/api/signin") { Content = JsonContent.Create(new { id = "demo", password = "demo" }) };
        req.Headers.Add(AgentAuth.AntiforgeryHeader, await Antiforgery());
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(req)).StatusCode);
        http.DefaultRequestHeaders.Add(AgentAuth.AntiforgeryHeader, await Antiforgery());
        return http;
    }

    [Fact]
    public async Task A_case_an_agent_resolved_gets_its_follow_up_on_direct_line_and_thanks_closes_it()
    {
        var customer = await Customer.StartAsync(_server.CreateClient());
        Assert.Contains("排在第 1 位", await customer.SayAsync("我买的榨汁机收到就是坏的！！！你们就是骗子，我要投诉到12315，马上给我转人工！"));
        var agent = await SignInAgentAsync();
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"agent/api/conversations/{customer.ConversationId}/take", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"agent/api/conversations/{customer.ConversationId}/resolve", new { note = "reshipped" })).StatusCode);
        Assert.Contains("感谢您的评价（5 分）", await customer.SayAsync("5"));

        var cases = _server.Services.GetRequiredService<ICaseStore>();
        var k = Assert.Single(await cases.QueryAsync(new CaseQuery(ConversationId: customer.ConversationId)));
        Assert.Equal(CaseStatus.Resolved, k.Status);
        Assert.Equal(FollowUpState.Scheduled, k.FollowUp!.State);

        using var ws = await customer.OpenStreamAsync();
        _clock.Advance(TimeSpan.FromHours(4));
        var followUp = await ReadStreamUntilAsync(ws, a => a["text"]?.GetValue<string>().Contains("的回访") == true);
        Assert.Contains(k.Number, followUp["text"]!.GetValue<string>());
        Assert.Contains("已解决", followUp["text"]!.GetValue<string>());
        Assert.Equal(FollowUpState.Sent, (await FollowUpBotFrameworkTests.SettledAsync(cases, k.Number)).FollowUp!.State);

        Assert.Contains($"投诉 {k.Number} 已结案", await customer.SayAsync("收到了，谢谢"));
        var closed = (await cases.GetAsync(k.Number))!;
        Assert.Equal("resolved", closed.FollowUp!.Reply);
        Assert.Equal(CaseStatus.Closed, closed.Status);
    }
}

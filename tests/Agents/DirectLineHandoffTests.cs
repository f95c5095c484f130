using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ComplaintBot.Bot.Agents;
using ComplaintBot.Dialogs.Handoff;
using ComplaintBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintBot.Tests.Agents;

/// <summary>
/// Hand-off with every real part: the storefront's Direct Line (token endpoint, REST), the complaint flow with the
/// lexicon sentiment analyzer and escalation policy, the rendered prompts, and the agent console API.
/// </summary>
public sealed class DirectLineHandoffTests : IAsyncLifetime
{
    private BotServer _server = null!;

    public Task InitializeAsync()
    {
        _server = BotServer.Start(new Dictionary<string, string?>
        {
            ["Agents:QueueSweepInterval"] = "1.00:00:00",
            // The test must not depend on the hour it runs at.
            ["ServiceHours:Open"] = "00:00",
            ["ServiceHours:Close"] = "23:59:59",
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    internal sealed class Customer(HttpClient http, string conversationId, string token)
    {
        public string ConversationId => conversationId;
        public string Token => token;
        private string? _watermark;

        public async Task SayAsync(string text, string locale = "zh-CN")
        {
            var req = new HttpRequestMessage(HttpMethod.Post, $"v3/directline/conversations/{conversationId}/activities")
            {
                Content = JsonContent.Create(new { type = "message", text, locale, from = new { id = "ignored" } }),
            };
            req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var res = await http.SendAsync(req);
            Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        }

        /// <summary>Bot/agent messages since the last call.</summary>
        public async Task<List<JsonElement>> NewRepliesAsync()
        {
            var req = new HttpRequestMessage(HttpMethod.Get, $"v3/directline/conversations/{conversationId}/activities" + (_watermark is null ? "" : $"?watermark={_watermark}"));
            req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var body = await (await http.SendAsync(req)).Content.ReadFromJsonAsync<JsonElement>();
            _watermark = body.GetProperty("watermark").GetString();
            return body.GetProperty("activities").EnumerateArray()
                .Where(a => a.GetProperty("from").GetProperty("id").GetString() != a.GetProperty("recipient").GetProperty("id").GetString()
                            && a.TryGetProperty("recipient", out var r) && r.GetProperty("id").GetString()!.StartsWith("dl_"))
                .ToList();
        }

        public static async Task<Customer> StartAsync(HttpClient http)
        {
            var issued = await (await http.PostAsync("api/directline/token", null)).Content.ReadFromJsonAsync<JsonElement>();
            var token = issued.GetProperty("token").GetString()!;
            var conversationId = issued.GetProperty("conversationId").GetString()!;
            var req = new HttpRequestMessage(HttpMethod.Post, "v3/directline/conversations");
            req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            Assert.True((await http.SendAsync(req)).IsSuccessStatusCode);
            return new Customer(http, conversationId, token);
        }
    }

    private Task<(HttpClient Http, string Token)> SignInAsync(string id, string password) => SignInAsync(_server, id, password);

    /// <summary>An agent signed in to the console API of <paramref name="server"/>, with the anti-forgery header set.</summary>
    internal static async Task<(HttpClient Http, string Token)> SignInAsync(BotServer server, string id, string password)
    {
        var cookies = new CookieContainer();
        var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = server.BaseAddress };
        var token = (await http.GetFromJsonAsync<JsonElement>("agent/api/antiforgery")).GetProperty("token").GetString()!;
        var req = new HttpRequestMessage(HttpMethod.Post, "agent/api/signin") { Content = JsonContent.Create(new { id, password }) };
        req.Headers.Add(AgentAuth.AntiforgeryHeader, token);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(req)).StatusCode);
        token = (await http.GetFromJsonAsync<JsonElement>("agent/api/antiforgery")).GetProperty("token").GetString()!;
        http.DefaultRequestHeaders.Add(AgentAuth.AntiforgeryHeader, token);
        return (http, token);
    }

    private static string Texts(IEnumerable<JsonElement> activities)
        => string.Join("\n", activities.Where(a => a.GetProperty("type").GetString() == "message").Select(a => a.TryGetProperty("text", out var t) ? t.GetString() : ""));

    [Fact]
    public async Task Angry_storefront_customer_is_handed_to_an_agent_whose_replies_arrive_on_direct_line_and_resolve_ends_with_csat()
    {
        var http = _server.CreateClient();
        var customer = await Customer.StartAsync(http);
        await customer.SayAsync("我买的榨汁机收到就是坏的！！！你们就是骗子，我要投诉到12315，马上给我转人工！");
        var told = Texts(await customer.NewRepliesAsync());
        Assert.True(told.Contains("排在第 1 位"), told);

        var (agent, _) = await SignInAsync("demo", "demo");
        var queue = await agent.GetFromJsonAsync<JsonElement>("agent/api/queue");
        var row = Assert.Single(queue.EnumerateArray());
        Assert.Equal(customer.ConversationId, row.GetProperty("conversationId").GetString());
        Assert.Equal("directline", row.GetProperty("channel").GetString());

        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"agent/api/conversations/{customer.ConversationId}/take", null)).StatusCode);
        Assert.Contains("Demo Agent", Texts(await customer.NewRepliesAsync()));

        // The bot stays silent while the agent owns the conversation.
        await customer.SayAsync("快点处理！");
        Assert.Empty(Texts(await customer.NewRepliesAsync()));

        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"agent/api/conversations/{customer.ConversationId}/messages", new { text = "非常抱歉，我马上为您补发新品。" })).StatusCode);
        Assert.Contains("非常抱歉，我马上为您补发新品。", Texts(await customer.NewRepliesAsync()));

        var detail = await agent.GetFromJsonAsync<JsonElement>($"agent/api/conversations/{customer.ConversationId}");
        var transcript = detail.GetProperty("transcript").EnumerateArray().Select(m => (m.GetProperty("role").GetString(), m.TryGetProperty("text", out var t) ? t.GetString() : null)).ToList();
        Assert.Contains(("customer", "快点处理！"), transcript);
        Assert.Contains(("agent", "非常抱歉，我马上为您补发新品。"), transcript);

        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"agent/api/conversations/{customer.ConversationId}/resolve", new { note = "reshipped" })).StatusCode);
        Assert.Contains("请为本次服务打分", Texts(await customer.NewRepliesAsync()));
        await customer.SayAsync("5");
        Assert.Contains("感谢您的评价（5 分）", Texts(await customer.NewRepliesAsync()));
    }

    [Fact]
    public async Task A_customers_direct_line_token_reads_neither_another_conversation_nor_the_agent_api()
    {
        var http = _server.CreateClient();
        var alice = await Customer.StartAsync(http);
        var bob = await Customer.StartAsync(http);

        var foreign = new HttpRequestMessage(HttpMethod.Get, $"v3/directline/conversations/{bob.ConversationId}/activities");
        foreign.Headers.Authorization = new AuthenticationHeaderValue("Bearer", alice.Token);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(foreign)).StatusCode);

        foreach (var path in new[] { "agent/api/queue", $"agent/api/conversations/{alice.ConversationId}", "agent/api/me" })
        {
            var req = new HttpRequestMessage(HttpMethod.Get, path);
            req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", alice.Token);
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(req)).StatusCode);
        }
        var hub = new HttpRequestMessage(HttpMethod.Post, "agent/hub/negotiate?negotiateVersion=1");
        hub.Headers.Authorization = new AuthenticationHeaderValue("Bearer", alice.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(hub)).StatusCode);
    }

    [Theory]
    [InlineData("zh-CN", "订单SO10000002发错货了，转人工", "取消", "已为您结束本次投诉")]
    [InlineData("en-US", "Order SO10000002: you sent me the wrong item. I want to talk to a human", "never mind", "I've closed this complaint")]
    public async Task A_storefront_customer_waiting_for_an_agent_can_cancel_and_the_complaint_is_closed(string locale, string complaint, string cancel, string closed)
    {
        var http = _server.CreateClient();
        var customer = await Customer.StartAsync(http);
        await customer.SayAsync(complaint, locale);
        await customer.NewRepliesAsync();
        var (agent, _) = await SignInAsync("demo", "demo");
        Assert.Single((await agent.GetFromJsonAsync<JsonElement>("agent/api/queue")).EnumerateArray());

        await customer.SayAsync(cancel, locale);
        var told = Texts(await customer.NewRepliesAsync());
        var number = Assert.Single(await _server.Services.GetRequiredService<ComplaintBot.Dialogs.Cases.ICaseStore>()
            .QueryAsync(new ComplaintBot.Dialogs.Cases.CaseQuery(ConversationId: customer.ConversationId))).Number;
        Assert.Contains(_server.Services.GetRequiredService<ComplaintBot.Dialogs.Text.PromptLibrary>().Render(locale, "handoff.left_queue", new { caseNumber = number }), told);
        Assert.Contains(closed, told);
        Assert.Empty((await agent.GetFromJsonAsync<JsonElement>("agent/api/queue")).EnumerateArray());
        var k = await _server.Services.GetRequiredService<ComplaintBot.Dialogs.Cases.ICaseStore>().GetAsync(number);
        Assert.Equal(ComplaintBot.Dialogs.Cases.CaseStatus.Closed, k!.Status);

        // The conversation is the bot's again: a new complaint is acknowledged as usual.
        await customer.SayAsync(locale == "zh-CN" ? "订单SO10000001的杯子碎了" : "My mug from order SO10000001 arrived broken", locale);
        Assert.DoesNotContain(_server.Services.GetRequiredService<ComplaintBot.Dialogs.Text.PromptLibrary>().Render(locale, "handoff.still_waiting", new { position = 1, waitMinutes = 2 }),
            Texts(await customer.NewRepliesAsync()));
    }
}

using System.Net;
using System.Text;
using System.Text.Json;
using ComplaintBot.Bench;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Schema;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Activity = ComplaintBot.Dialogs.Schema.Activity;

namespace ComplaintBot.Tests.Performance;

/// <summary>
/// The bench's parts that decide what its figures mean (bench/, docs/benchmark.md), checked for behaviour — no run
/// is timed here: the no-op ceiling answers like the bot, the table computes the ratios against the targets, and the
/// scripted complaint walks our bot's whole flow in both languages.
/// </summary>
public sealed class BenchTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "cb-bench-" + Guid.NewGuid().ToString("N"));
    private WebApplicationFactory<Program>? _bot;

    [Fact]
    public async Task The_no_op_endpoint_answers_an_expectReplies_activity_with_one_reply_addressed_back_to_the_sender()
    {
        await using var app = NoOpEndpoint.Build(BotLauncher.FreePort());
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        var activity = new Activity
        {
            Type = ActivityTypes.Message, Id = "in-1", ChannelId = "webchat", ServiceUrl = "http://127.0.0.1:9/",
            Conversation = new ConversationAccount { Id = "conv-1" }, From = new ChannelAccount { Id = "customer-1" },
            Recipient = new ChannelAccount { Id = "complaintbot" }, Locale = "zh-CN", Text = "你好", DeliveryMode = DeliveryModes.ExpectReplies,
        };

        var response = await http.PostAsync("/api/messages", new StringContent(ActivityJson.Serialize(activity), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(JsonSerializer.Deserialize<ExpectedReplies>(await response.Content.ReadAsStringAsync(), ActivityJson.Options)!.Activities);
        Assert.Equal(ActivityTypes.Message, reply.Type);
        Assert.Equal("conv-1", reply.Conversation?.Id);
        Assert.Equal("customer-1", reply.Recipient?.Id);
        Assert.Equal("complaintbot", reply.From?.Id);
        Assert.Equal("in-1", reply.ReplyToId);
        Assert.Equal("zh-CN", reply.Locale);
        await app.StopAsync();
    }

    [Fact]
    public async Task The_no_op_endpoint_refuses_a_body_that_is_not_an_activity()
    {
        await using var app = NoOpEndpoint.Build(BotLauncher.FreePort());
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        var response = await http.PostAsync("/api/messages", new StringContent("{not json", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await app.StopAsync();
    }

    private static LoadResult Result(double turnsPerSecond, double p99, double? cpu = null)
        => new((int)(turnsPerSecond * 10), 10, 1, 0, p99 / 2, p99 * 0.8, p99, p99 * 1.2, cpu, [p99 / 2]);

    private static string Row(string table, string label) => table.Split('\n').Single(l => l.StartsWith("| " + label, StringComparison.Ordinal));

    [Fact]
    public void The_table_puts_ours_against_the_peer_and_the_no_op_ceiling_with_the_targets_of_issue_15()
    {
        var ours = new ServerFigures("ComplaintBot", new Dictionary<string, LoadResult> { ["en"] = Result(3000, 10, 0.25), ["zh"] = Result(2000, 30, 0.4) });
        var peer = new ServerFigures("peer", new Dictionary<string, LoadResult> { ["en"] = Result(1000, 20), ["zh"] = Result(1000, 40) });
        var noOp = new ServerFigures("no-op", new Dictionary<string, LoadResult> { ["en"] = Result(6000, 2), ["zh"] = Result(8000, 2) });

        var table = ComparisonTable.Format(ours, peer, noOp, ["en", "zh"]);

        Assert.Equal("| ComplaintBot | 3000 / 2000 | 5.0 / 15.0 | 10.0 / 30.0 | 0.250 / 0.400 | 0 / 0 |", Row(table, "ComplaintBot").TrimEnd());
        Assert.Equal("| ours / peer turns/s (≥ 3×) | 3.00× | 2.00× | not met |", Row(table, "ours / peer turns/s").TrimEnd());
        Assert.Equal("| ours / peer p99 (≤ 0.5×) | 0.50× | 0.75× | not met |", Row(table, "ours / peer p99").TrimEnd());
        Assert.Equal("| ours / no-op turns/s (≥ 35 %) | 50.0 % | 25.0 % | not met |", Row(table, "ours / no-op").TrimEnd());
        Assert.Equal("| ours CPU ms/turn (≤ 0.3) | 0.250 | 0.400 | not met |", Row(table, "ours CPU").TrimEnd());

        var enOnly = ComparisonTable.Format(ours, peer, noOp, ["en"]);
        Assert.EndsWith("| met |", Row(enOnly, "ours / peer turns/s").TrimEnd());
        Assert.EndsWith("| met |", Row(enOnly, "ours / peer p99").TrimEnd());
        Assert.EndsWith("| met |", Row(enOnly, "ours / no-op").TrimEnd());
    }

    [Fact]
    public void A_peer_that_could_not_run_is_shown_with_its_reason_and_no_ratio_against_it()
    {
        var ours = new ServerFigures("ComplaintBot", new Dictionary<string, LoadResult> { ["en"] = Result(3000, 10) });
        var noOp = new ServerFigures("no-op", new Dictionary<string, LoadResult> { ["en"] = Result(6000, 2) });

        var table = ComparisonTable.Format(ours, ServerFigures.Skipped("botbuilder JS peer", "npm install of the peer failed (exit 1)"), noOp, ["en"]);

        Assert.Contains("| botbuilder JS peer | not run: npm install of the peer failed (exit 1) |", table);
        Assert.Equal("| ours / peer turns/s (≥ 3×) | n/a | n/a |", Row(table, "ours / peer turns/s").TrimEnd());
        Assert.EndsWith("| 50.0 % | met |", Row(table, "ours / no-op").TrimEnd());
    }

    [Fact]
    public void A_pick_step_sends_the_first_offered_action_and_its_text_when_nothing_was_offered()
    {
        var offered = new Activity
        {
            Type = ActivityTypes.Message,
            SuggestedActions = new SuggestedActions { Actions = [CardAction.ImBack("Yes, that's right"), CardAction.ImBack("No")] },
        };

        Assert.Equal("Yes, that's right", ScriptStep.Pick("yes").TextAfter([new Activity { Type = ActivityTypes.Message }, offered]));
        Assert.Equal("yes", ScriptStep.Pick("yes").TextAfter([new Activity { Type = ActivityTypes.Message, Text = "Which order?" }]));
        Assert.Equal("SO10000001", ScriptStep.Say("SO10000001").TextAfter([offered]));
    }

    [Theory]
    [InlineData("en")]
    [InlineData("zh")]
    public async Task The_scripted_complaint_walks_ComplaintBots_whole_flow_to_the_rating(string language)
    {
        var bot = Bot();
        var http = bot.CreateClient();
        var customer = new CustomerScript(0, http, new Uri(http.BaseAddress!, "api/messages"), ComplaintScript.ForComplaintBot(language), new LoadStats(1, 7));

        var exchange = await customer.TraceAsync(CancellationToken.None);

        Assert.Equal(7, exchange.Count);
        Assert.All(exchange, turn => Assert.NotEmpty(turn.Replies));
        // The end of the flow, read from the store: the order found, a remedy chosen and confirmed, the rating kept.
        var cases = await bot.Services.GetRequiredService<ICaseStore>().QueryAsync(new CaseQuery(ConversationId: customer.TraceConversationId));
        var c = Assert.Single(cases);
        Assert.Equal("SO10000001", c.OrderNumber);
        Assert.Equal(CustomerVerification.PhoneLast4, c.Verification); // proved, so the order's details were used
        Assert.NotNull(c.RemedyChosen);
        Assert.Equal(5, c.Csat);
    }

    private WebApplicationFactory<Program> Bot()
    {
        var settings = new Dictionary<string, string?> { ["Storage:Sqlite:Path"] = Path.Combine(_dir, "complaintbot.db") };
        return _bot ??= new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            foreach (var kv in settings) b.UseSetting(kv.Key, kv.Value);
            b.ConfigureAppConfiguration((_, c) => c.AddInMemoryCollection(settings));
        });
    }

    public void Dispose()
    {
        _bot?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}

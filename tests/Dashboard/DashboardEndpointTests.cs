using System.Net;
using System.Text;
using System.Text.Json;
using ComplaintBot.Bot.Agents;
using ComplaintBot.Bot.Dashboard;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Tests.Agents;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintBot.Tests.Dashboard;

/// <summary>The dashboard API and CSV export on the real host (Kestrel, SQLite, cookie sign-in), clock at <see cref="DashboardSeed.Now"/>.</summary>
public sealed class DashboardEndpointTests : IAsyncLifetime
{
    private readonly AgentConsoleHost _host = new(services: s =>
    {
        // A signed-in person without an agent role, next to the demo accounts.
        s.AddSingleton(new AgentDirectory(new AgentAccountOptions
        {
            Accounts = { new AgentAccount { Id = "viewer", DisplayName = "Viewer", Role = "Viewer", PasswordHash = AgentPasswordHasher.Hash("viewer", 10_000) } },
        }, isDevelopment: true));
        // Tests run the batch check themselves.
        s.AddSingleton(new BatchAlertOptions { Enabled = false, Threshold = 3, Window = TimeSpan.FromHours(24) });
    });

    public async Task InitializeAsync()
    {
        Assert.Equal(DashboardSeed.Now, _host.Clock.GetUtcNow());
        await DashboardSeed.SeedAsync(_host.Services.GetRequiredService<ICaseStore>());
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("agent/api/dashboard?period=7d")]
    [InlineData("agent/api/dashboard/alerts")]
    [InlineData("agent/api/export/cases.csv?period=7d")]
    public async Task Anonymous_callers_get_401_and_signed_in_people_without_an_agent_role_get_403(string path)
    {
        var (anonymous, _) = _host.NewClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);

        await using var viewer = await _host.SignInAsync("viewer", "viewer");
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.Http.GetAsync(path)).StatusCode);

        await using var agent = await _host.SignInDemoAsync();
        Assert.Equal(HttpStatusCode.OK, (await agent.Http.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task Anonymous_dashboard_page_redirects_to_sign_in_and_an_agent_gets_it()
    {
        var (anonymous, _) = _host.NewClient();
        var res = await anonymous.GetAsync("agent/dashboard");
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        Assert.StartsWith("/agent/signin.html", res.Headers.Location!.PathAndQuery);

        await using var lead = await _host.SignInAsync("lead", "lead");
        var page = await lead.Http.GetStringAsync("agent/dashboard");
        Assert.Contains("/agent/dashboard.js", page);
    }

    [Fact]
    public async Task Seven_day_figures_over_http_match_the_seed()
    {
        await using var agent = await _host.SignInDemoAsync();
        var f = await agent.GetJsonAsync("agent/api/dashboard?period=7d");

        Assert.Equal("7d", f.GetProperty("period").GetString());
        Assert.Equal(DashboardSeed.Local(18, 0, 0), f.GetProperty("from").GetDateTimeOffset());
        Assert.Equal((7, 4, 3), (f.GetProperty("total").GetInt32(), f.GetProperty("open").GetInt32(), f.GetProperty("resolved").GetInt32()));
        Assert.Equal(
            "ProductQuality=1,Logistics=2,WrongOrMissingItem=1,ServiceAttitude=1,AfterSalesPolicy=0,FalseAdvertising=0,PriceDispute=1,Other=0,Unclassified=1",
            Named(f.GetProperty("byCategory")));
        Assert.Equal("Unknown=1,Merchant=3,ThirdParty=2,Customer=0,Mixed=1", Named(f.GetProperty("byResponsibility")));
        Assert.Equal("Urgent=1,High=2,Normal=4,Low=0", Named(f.GetProperty("byPriority")));
        Assert.Equal(4, f.GetProperty("sla").GetProperty("firstResponseBreaches").GetInt32());
        Assert.Equal(1, f.GetProperty("sla").GetProperty("resolutionBreaches").GetInt32());
        Assert.Equal(90, f.GetProperty("resolutionTime").GetProperty("medianMinutes").GetDouble());
        Assert.Equal(306, f.GetProperty("resolutionTime").GetProperty("p90Minutes").GetDouble());
        Assert.Equal(3.67, f.GetProperty("csat").GetProperty("average").GetDouble());
        Assert.Equal(3, f.GetProperty("csat").GetProperty("responses").GetInt32());
        var escalation = f.GetProperty("escalation");
        Assert.Equal(4, escalation.GetProperty("escalated").GetInt32());
        Assert.Equal(0.5714, escalation.GetProperty("rate").GetDouble());
        Assert.Equal("human-request=1,other=1,policy:anger=1,policy:threat=1", Named(escalation.GetProperty("reasons")));
        Assert.Equal("2026-11-18=0,2026-11-19=0,2026-11-20=1,2026-11-21=1,2026-11-22=0,2026-11-23=1,2026-11-24=4",
            string.Join(",", f.GetProperty("daily").EnumerateArray().Select(d => $"{d.GetProperty("day").GetString()}={d.GetProperty("count").GetInt32()}")));
    }

    [Fact]
    public async Task Today_is_the_default_period_and_an_unknown_period_is_a_400()
    {
        await using var agent = await _host.SignInDemoAsync();
        var f = await agent.GetJsonAsync("agent/api/dashboard");
        Assert.Equal("today", f.GetProperty("period").GetString());
        Assert.Equal(4, f.GetProperty("total").GetInt32());
        Assert.Equal(1, f.GetProperty("daily").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, (await agent.Http.GetAsync("agent/api/dashboard?period=1y")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await agent.Http.GetAsync("agent/api/export/cases.csv?period=1y")).StatusCode);
    }

    [Fact]
    public async Task Csv_export_is_utf8_with_bom_masks_contact_data_and_neutralises_formulas()
    {
        await using var agent = await _host.SignInDemoAsync();
        var res = await agent.Http.GetAsync("agent/api/export/cases.csv?period=7d");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal("text/csv", res.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("attachment", res.Content.Headers.ContentDisposition!.ToString());
        Assert.EndsWith(".csv", res.Content.Headers.ContentDisposition!.FileNameStar ?? res.Content.Headers.ContentDisposition.FileName!.Trim('"'));
        var bytes = await res.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = new UTF8Encoding(false).GetString(bytes[3..]);

        Assert.DoesNotContain(DashboardSeed.PhoneOfA, text);
        Assert.DoesNotContain("zhang.san", text);
        Assert.DoesNotContain("张三", text); // names are left out of exports

        var rows = Csv.Parse(text);
        Assert.Equal(CaseCsvExport.Columns, rows[0]);
        Assert.Equal(8, rows.Count); // header + the 7 cases of the last 7 days
        var a = rows.Single(r => r[Col("sku")] == "SKU-BLENDER" && r[Col("csat")] == "5");
        Assert.Equal("138****5678", a[Col("contact_phone")]);
        Assert.Equal("z***@example.com", a[Col("contact_email")]);
        Assert.Equal("用了两天就坏了，请打 138****5678 联系我", a[Col("description")]);
        Assert.Equal("'=HYPERLINK(\"http://evil\")", a[Col("remedy_chosen")]);
        Assert.Equal("破壁料理机", a[Col("product")]);
        Assert.Equal("2026-11-24 08:00:00", a[Col("created_at")]); // shop time
        var b = rows.Single(r => r[Col("escalation_trigger")] == "policy:anger");
        Assert.Equal(("yes", "no"), (b[Col("first_response_breached")], b[Col("resolution_breached")]));
    }

    [Fact]
    public async Task Batch_alert_is_raised_once_at_the_threshold_recorded_and_pushed_to_connected_agents()
    {
        var cases = _host.Services.GetRequiredService<ICaseStore>();
        var alerts = _host.Services.GetRequiredService<BatchAlertService>();
        await using var agent = await _host.SignInDemoAsync();
        await using var hub = await agent.ConnectHubAsync();
        var pushed = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.On<JsonElement>("batchAlert", a => pushed.TrySetResult(a));

        Task Complaint(int i) => cases.CreateAsync(new Case { ConversationId = $"juicer-{i}", ProductSku = "SKU-JUICER", ProductName = "榨汁机" });
        // The seed already has 3 blender complaints today: that alert comes first.
        var blender = Assert.Single(await alerts.CheckAsync());
        Assert.Equal(("SKU-BLENDER", 3, Impact.Batch), (blender.Key, blender.Count, blender.Impact));
        await pushed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        pushed = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);

        await Complaint(1);
        await Complaint(2);
        Assert.Empty(await alerts.CheckAsync()); // 2 < 3
        await Complaint(3);
        var raised = Assert.Single(await alerts.CheckAsync());
        Assert.Equal(("SKU-JUICER", "榨汁机", 3, 3), (raised.Sku, raised.ProductName, raised.Count, raised.Threshold));

        var live = await pushed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("SKU-JUICER", live.GetProperty("key").GetString());
        Assert.Equal(3, live.GetProperty("count").GetInt32());
        Assert.Equal("Batch", live.GetProperty("impact").GetString());

        await Complaint(4);
        Assert.Empty(await alerts.CheckAsync()); // once per product per window

        var listed = await agent.GetJsonAsync("agent/api/dashboard/alerts");
        Assert.Equal(["SKU-JUICER", "SKU-BLENDER"], listed.EnumerateArray().Select(a => a.GetProperty("key").GetString()));
        var today = await agent.GetJsonAsync("agent/api/dashboard?period=today");
        Assert.Equal(2, today.GetProperty("alerts").GetArrayLength());

        // A day later the old complaints have left the window: three new ones make a new alert.
        _host.Clock.Advance(TimeSpan.FromHours(25));
        await Complaint(5);
        await Complaint(6);
        Assert.Empty(await alerts.CheckAsync());
        await Complaint(7);
        Assert.Equal("SKU-JUICER", Assert.Single(await alerts.CheckAsync()).Key);
    }

    private static int Col(string name) => Array.IndexOf(CaseCsvExport.Columns, name);

    private static string Named(JsonElement list)
        => string.Join(",", list.EnumerateArray().Select(e => $"{e.GetProperty("key").GetString()}={e.GetProperty("count").GetInt32()}"));
}

/// <summary>A strict RFC 4180 reader, to check the export's quoting by reading it back.</summary>
internal static class Csv
{
    public static List<string[]> Parse(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else cell.Append(ch);
            }
            else if (ch == '"' && cell.Length == 0) quoted = true;
            else if (ch == ',') { row.Add(cell.ToString()); cell.Clear(); }
            else if (ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(cell.ToString()); cell.Clear();
                rows.Add(row.ToArray()); row.Clear();
                i++;
            }
            else if (ch is '"' or '\r' or '\n') throw new FormatException($"unquoted {(int)ch} at {i}");
            else cell.Append(ch);
        }
        if (cell.Length > 0 || row.Count > 0) throw new FormatException("last line not terminated by CRLF");
        return rows;
    }
}

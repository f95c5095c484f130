using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ComplaintBot.Bot.Hosting;
using ComplaintBot.Dialogs.Runtime;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintBot.Tests.Hosting;

/// <summary>What an operator scrapes and traces: a span per turn with its parts, Prometheus metrics on loopback only, /readyz per store.</summary>
public sealed class TelemetryTests
{
    private static async Task<HttpResponseMessage> SendTurnAsync(HttpClient http, string conversationId, string text) =>
        await http.PostAsJsonAsync("api/messages", new JsonObject
        {
            ["type"] = "message",
            ["id"] = Guid.NewGuid().ToString("N"),
            ["channelId"] = "emulator",
            ["serviceUrl"] = "http://127.0.0.1:9/",
            ["deliveryMode"] = "expectReplies",
            ["locale"] = "en-US",
            ["from"] = new JsonObject { ["id"] = "user-" + conversationId },
            ["recipient"] = new JsonObject { ["id"] = "bot" },
            ["conversation"] = new JsonObject { ["id"] = conversationId },
            ["text"] = text,
        });

    [Fact]
    public async Task A_turn_is_one_span_with_nlu_sentiment_dialog_step_and_store_commit_spans_under_it()
    {
        var spans = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == BotTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);
        await using var server = BotServer.Start();
        using var http = server.CreateClient();
        var conversation = "trace-" + Guid.NewGuid().ToString("N");

        var response = await SendTurnAsync(http, conversation, "my order SO10000001 arrived broken, the screen is cracked");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var turn = Assert.Single(spans, s => s.OperationName == "turn" && (string?)s.GetTagItem("complaintbot.conversation.id") == conversation);
        Assert.Equal(ActivityKind.Server, turn.Kind);
        var inTurn = spans.Where(s => s.TraceId == turn.TraceId && s != turn).ToList();
        foreach (var name in new[] { "nlu.extract", "sentiment.analyze", "dialog.step", "store.commit" })
            Assert.Contains(inTurn, s => s.OperationName == name);
        // Every part hangs under the turn (directly or through a dialog step), not beside it.
        var byId = spans.Where(s => s.TraceId == turn.TraceId).ToDictionary(s => s.SpanId);
        foreach (var part in inTurn)
        {
            var parent = part;
            while (parent != turn && byId.TryGetValue(parent.ParentSpanId, out var up)) parent = up;
            Assert.Same(turn, parent);
        }
        Assert.Contains(inTurn, s => s.OperationName == "dialog.step" && s.GetTagItem("complaintbot.step") is string { Length: > 0 });
    }

    [Fact]
    public async Task Without_an_exporter_no_tracer_listens_so_a_turns_spans_are_never_built()
    {
        // Spans nobody exports were built, tagged and dropped on every turn (ASP.NET Core's request span and ours).
        using var withoutExporter = Services(otlp: false);
        Assert.Null(withoutExporter.GetService<OpenTelemetry.Trace.TracerProvider>());
        Assert.NotNull(withoutExporter.GetService<OpenTelemetry.Metrics.MeterProvider>()); // /metrics still counts turns

        using var withExporter = Services(otlp: true);
        Assert.NotNull(withExporter.GetService<OpenTelemetry.Trace.TracerProvider>());
        await Task.CompletedTask;

        static ServiceProvider Services(bool otlp)
        {
            var services = new ServiceCollection();
            services.AddLogging();
            TelemetrySetup.AddTelemetry(services, new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(), otlp);
            return services.BuildServiceProvider();
        }
    }

    [Fact]
    public async Task The_metrics_endpoint_serves_the_bots_turn_metrics_in_prometheus_text_to_loopback()
    {
        await using var server = BotServer.Start();
        using var http = server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await SendTurnAsync(http, "metrics-" + Guid.NewGuid().ToString("N"), "hello")).StatusCode);

        var scrape = await http.GetAsync("metrics");
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.StartsWith("text/plain", scrape.Content.Headers.ContentType?.MediaType);
        var text = await scrape.Content.ReadAsStringAsync();
        Assert.Contains("complaintbot_turns_total{", text);
        Assert.Contains("complaintbot_turn_duration_seconds_bucket{", text);
        Assert.Contains("channel=\"emulator\"", text);
        Assert.Contains("http_server_request_duration_seconds", text); // ASP.NET Core's own metrics come along
    }

    [Fact]
    public async Task The_metrics_endpoint_reports_the_memory_sqlite_holds_which_the_gc_figures_do_not_show()
    {
        await using var server = BotServer.Start();
        using var http = server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await SendTurnAsync(http, "sqlite-memory-" + Guid.NewGuid().ToString("N"), "hello")).StatusCode);

        var text = await http.GetStringAsync("metrics");
        var line = text.Split('\n').SingleOrDefault(l => l.StartsWith("complaintbot_sqlite_memory_bytes{", StringComparison.Ordinal));
        Assert.True(line is not null, "no complaintbot_sqlite_memory_bytes in:\n" + text);
        Assert.True(long.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture) > 0, line);
    }

    [Fact]
    public async Task The_metrics_endpoint_is_hidden_from_addresses_outside_loopback_and_the_configured_networks()
    {
        // Kestrel here only listens on loopback, so the test sets the connection's address the way a remote client would have it.
        static Action<IServiceCollection> From(string address) => s => s.AddSingleton<IStartupFilter>(new RemoteAddressFilter(IPAddress.Parse(address)));

        await using (var outside = BotServer.Start(services: From("203.0.113.7")))
        {
            using var http = outside.CreateClient();
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("metrics")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("healthz")).StatusCode);
        }
        await using (var allowed = BotServer.Start(new Dictionary<string, string?> { ["Telemetry:MetricsAllowedNetworks:0"] = "203.0.113.0/24" }, From("203.0.113.7")))
        {
            using var http = allowed.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("metrics")).StatusCode);
        }
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("10.1.2.3", true)]
    [InlineData("::ffff:10.1.2.3", true)]
    [InlineData("10.200.0.1", false)]
    [InlineData("192.168.1.1", false)]
    public void Scraping_is_allowed_from_loopback_and_listed_networks_only(string address, bool allowed)
        => Assert.Equal(allowed, TelemetrySetup.MayScrape(IPAddress.Parse(address), [IPNetwork.Parse("10.1.0.0/16")]));

    [Fact]
    public async Task Readyz_reports_every_store_and_answers_503_naming_the_one_that_is_down()
    {
        await using (var healthy = BotServer.Start())
        {
            using var http = healthy.CreateClient();
            var ok = await http.GetAsync("readyz");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            var body = JsonNode.Parse(await ok.Content.ReadAsStringAsync())!;
            Assert.Equal("ready", (string?)body["status"]);
            foreach (var check in new[] { "storage", "cases", "handoff-queue", "notifications" })
                Assert.Equal("healthy", (string?)body["checks"]![check]!["status"]);
        }

        await using var broken = BotServer.Start(services: s => s.AddSingleton<IStorage, UnreachableStorage>());
        using var client = broken.CreateClient();
        var down = await client.GetAsync("readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        var report = JsonNode.Parse(await down.Content.ReadAsStringAsync())!;
        Assert.Equal("not ready", (string?)report["status"]);
        Assert.Equal("unhealthy", (string?)report["checks"]!["storage"]!["status"]);
        Assert.Contains("database is unreachable", (string?)report["checks"]!["storage"]!["error"]);
        Assert.Equal("healthy", (string?)report["checks"]!["cases"]!["status"]);
        // Liveness is not readiness: the process still answers /healthz.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("healthz")).StatusCode);
    }

    private sealed class RemoteAddressFilter(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext ctx, Func<Task> go) =>
            {
                ctx.Connection.RemoteIpAddress = address;
                return go();
            });
            next(app);
        };
    }

    private sealed class UnreachableStorage : IStorage
    {
        private static Exception Down() => new IOException("database is unreachable");
        public Task<IReadOnlyDictionary<string, StoreItem>> ReadAsync(IReadOnlyCollection<string> keys, CancellationToken ct = default) => throw Down();
        public Task<IReadOnlyDictionary<string, string>> WriteAsync(IReadOnlyDictionary<string, StoreItem> changes, CancellationToken ct = default) => throw Down();
        public Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken ct = default) => throw Down();
    }
}

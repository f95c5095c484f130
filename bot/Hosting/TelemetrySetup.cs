using System.Net;
using System.Text.Json;
using ComplaintBot.Dialogs.Handoff;
using ComplaintBot.Dialogs.Runtime;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ComplaintBot.Bot.Hosting;

/// <summary>
/// OpenTelemetry for the host: the bot's spans (<see cref="BotTelemetry"/>: a span per turn with NLU, sentiment, dialog
/// steps and store commits under it) with ASP.NET Core and HttpClient spans (Connector and LLM calls); the bot's metrics
/// with ASP.NET Core, HttpClient and runtime metrics, scraped by Prometheus at <c>/metrics</c> (loopback and
/// <see cref="TelemetryOptions.MetricsAllowedNetworks"/> only). OTLP export switches on with the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable. <c>/readyz</c> checks each store the bot depends on.
/// </summary>
public static class TelemetrySetup
{
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration config)
        => AddTelemetry(services, config, otlp: !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(OtlpEndpointVariable)));

    internal static IServiceCollection AddTelemetry(IServiceCollection services, IConfiguration config, bool otlp)
    {
        services.AddCheckedOptions<TelemetryOptions>(TelemetryOptions.Section, (r, o) =>
        {
            r.Require(o.MetricsPath.StartsWith('/'), nameof(o.MetricsPath), o.MetricsPath, "a path starting with /, like /metrics");
            for (var i = 0; i < o.MetricsAllowedNetworks.Count; i++)
                r.Require(IPNetwork.TryParse(o.MetricsAllowedNetworks[i], out _), $"{nameof(o.MetricsAllowedNetworks)}:{i}",
                    o.MetricsAllowedNetworks[i], "a network in CIDR form, like 10.0.0.0/8 or fd00::/8");
            r.Positive(nameof(o.QueueSampleInterval), o.QueueSampleInterval);
        });

        var serviceName = config[$"{TelemetryOptions.Section}:{nameof(TelemetryOptions.ServiceName)}"] ?? "complaintbot";
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithMetrics(m =>
            {
                m.AddMeter(BotTelemetry.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation();
                m.AddPrometheusExporter();
                if (otlp) m.AddOtlpExporter();
            });
        // Traces only with somewhere to send them: a tracer without an exporter still had every span of every turn
        // (the request's, the turn's and its parts) built, tagged and dropped — about 2 % of a turn's CPU in the profile.
        if (otlp)
            telemetry.WithTracing(t => t.AddSource(BotTelemetry.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddOtlpExporter());

        services.AddHostedService<QueueLengthSampler>();
        services.AddHealthChecks()
            .AddCheck<StorageReadinessCheck>("storage")
            .AddCheck<CaseStoreReadinessCheck>("cases")
            .AddCheck<HandoffStoreReadinessCheck>("handoff-queue")
            .AddCheck<NotificationBusReadinessCheck>("notifications");
        return services;
    }

    public static WebApplication MapTelemetry(this WebApplication app)
    {
        var o = app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value;
        var networks = o.MetricsAllowedNetworks.Select(n => IPNetwork.Parse(n)).ToList();
        app.UseOpenTelemetryPrometheusScrapingEndpoint(
            meterProvider: null,
            predicate: ctx => ctx.Request.Path == o.MetricsPath && MayScrape(ctx.Connection.RemoteIpAddress, networks),
            path: o.MetricsPath,
            configureBranchedPipeline: null,
            optionsName: null);
        app.MapHealthChecks("/readyz", new HealthCheckOptions { ResponseWriter = WriteReadinessAsync });
        return app;
    }

    /// <summary>Loopback always (the machine's own scraper, a test server without an address), else the configured networks.</summary>
    public static bool MayScrape(IPAddress? remote, IReadOnlyList<IPNetwork> networks)
    {
        if (remote is null || IPAddress.IsLoopback(remote)) return true;
        if (remote.IsIPv4MappedToIPv6) remote = remote.MapToIPv4();
        return networks.Any(n => n.Contains(remote));
    }

    private static Task WriteReadinessAsync(HttpContext ctx, HealthReport report)
    {
        ctx.Response.ContentType = "application/json";
        return ctx.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status == HealthStatus.Healthy ? "ready" : "not ready",
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString().ToLowerInvariant(),
                description = e.Value.Description,
                error = e.Value.Exception?.Message,
                ms = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
            }),
        }));
    }
}

/// <summary>Re-reads the agent-queue length for the <c>complaintbot.handoff.queue.length</c> gauge (the store is shared by every instance).</summary>
internal sealed class QueueLengthSampler(IHandoffStore store, IOptions<TelemetryOptions> options, ILogger<QueueLengthSampler> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.QueueSampleInterval);
        do
        {
            try
            {
                // A COUNT on the queue index: listing the entries read and parsed up to 10,000 documents per sample.
                Interlocked.Exchange(ref BotTelemetry.QueueLength, await store.QueueLengthAsync(stoppingToken));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning("Could not sample the agent queue length: {Error}", ex.Message);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

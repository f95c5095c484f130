namespace ComplaintBot.Bot.Hosting;

/// <summary>Section <c>Telemetry</c>: traces and metrics (OpenTelemetry), the Prometheus scrape endpoint, readiness.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>The <c>service.name</c> resource attribute of every span and metric.</summary>
    public string ServiceName { get; set; } = "complaintbot";

    /// <summary>Path of the Prometheus scrape endpoint.</summary>
    public string MetricsPath { get; set; } = "/metrics";

    /// <summary>
    /// Networks (CIDR, e.g. 10.0.0.0/8) besides loopback whose addresses may scrape <see cref="MetricsPath"/>; others get
    /// 404. The address is the connection's: behind a reverse proxy, list the proxy's network.
    /// </summary>
    public List<string> MetricsAllowedNetworks { get; set; } = [];

    /// <summary>How often the agent-queue length gauge is re-read from the store.</summary>
    public TimeSpan QueueSampleInterval { get; set; } = TimeSpan.FromSeconds(15);
}

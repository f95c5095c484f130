using System.Net;
using ComplaintBot.Bench;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

await using var bot = options.StartBot ? await BotProcess.StartAsync() : null;
var url = bot?.MessagesUrl ?? options.Url;

using var http = new HttpClient(new SocketsHttpHandler
{
    MaxConnectionsPerServer = options.Customers,
    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    AutomaticDecompression = DecompressionMethods.None,
})
{ Timeout = TimeSpan.FromSeconds(30) };

Console.WriteLine($"{options.Customers} customers against {url}: {options.Warmup.TotalSeconds:F0} s warm-up, {options.Duration.TotalSeconds:F0} s measured");
var stats = new LoadStats(options.Customers);
var measuring = false;
using var stop = new CancellationTokenSource();
var customers = Enumerable.Range(0, options.Customers)
    .Select(i => Task.Run(() => new CustomerScript(i, http, url, stats).RunAsync(() => Volatile.Read(ref measuring), stop.Token)))
    .ToArray();

// The server's CPU time over the measured window: on a shared machine a steadier figure than turns/s.
using var server = (bot?.ProcessId ?? options.ServerPid) is { } pid ? System.Diagnostics.Process.GetProcessById(pid) : null;
TimeSpan ServerCpu() { server!.Refresh(); return server.TotalProcessorTime; }

await Task.Delay(options.Warmup);
Volatile.Write(ref measuring, true);
var cpuBefore = server is null ? TimeSpan.Zero : ServerCpu();
var started = System.Diagnostics.Stopwatch.GetTimestamp();
await Task.Delay(options.Duration);
Volatile.Write(ref measuring, false);
var measured = System.Diagnostics.Stopwatch.GetElapsedTime(started);
TimeSpan? serverCpu = server is null ? null : ServerCpu() - cpuBefore;
stop.Cancel();
await Task.WhenAll(customers);

Console.WriteLine(stats.Report(measured, serverCpu));
return 0;

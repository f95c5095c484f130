using System.Diagnostics;
using System.Net;

namespace ComplaintBot.Bench;

/// <summary>
/// One measured window: <paramref name="customers"/> customers walk <paramref name="script"/> against
/// <paramref name="url"/> back to back; the first <paramref name="warmup"/> is not counted (JIT, caches). With a
/// server process id, its CPU time over the measured window is reported per turn — on a shared machine a steadier
/// figure than turns/s.
/// </summary>
public static class LoadRun
{
    public static async Task<LoadResult> RunAsync(Uri url, ComplaintScript script, int customers, TimeSpan warmup, TimeSpan duration, int? serverPid)
    {
        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = customers,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            AutomaticDecompression = DecompressionMethods.None,
        })
        { Timeout = TimeSpan.FromSeconds(30) };

        var stats = new LoadStats(customers, script.Steps.Count);
        var measuring = false;
        using var stop = new CancellationTokenSource();
        var running = Enumerable.Range(0, customers)
            .Select(i => Task.Run(() => new CustomerScript(i, http, url, script, stats).RunAsync(() => Volatile.Read(ref measuring), stop.Token)))
            .ToArray();

        using var server = serverPid is { } pid ? Process.GetProcessById(pid) : null;
        TimeSpan ServerCpu() { server!.Refresh(); return server.TotalProcessorTime; }

        await Task.Delay(warmup);
        Volatile.Write(ref measuring, true);
        var cpuBefore = server is null ? TimeSpan.Zero : ServerCpu();
        var started = Stopwatch.GetTimestamp();
        await Task.Delay(duration);
        Volatile.Write(ref measuring, false);
        var measured = Stopwatch.GetElapsedTime(started);
        TimeSpan? serverCpu = server is null ? null : ServerCpu() - cpuBefore;
        stop.Cancel();
        await Task.WhenAll(running);
        return stats.Result(measured, serverCpu);
    }
}

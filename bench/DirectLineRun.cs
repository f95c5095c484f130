using System.Diagnostics;
using System.Net;

namespace ComplaintBot.Bench;

/// <summary>
/// <c>bench -- directline --customers 1000</c> (issue 15): our bot with a Direct Line secret and raised rate limits,
/// N <see cref="DirectLineCustomer"/>s started over <see cref="Ramp"/>, each holding a WebSocket and posting a message
/// every think time; after the warm-up, the measured window reports sockets held, reply p50/p99 (post → first reply on
/// the socket), the bot's CPU per message and its memory. Each customer needs two file descriptors on this machine
/// (its socket and the bot's end): the soft limit of both processes is printed.
/// </summary>
public static class DirectLineRun
{
    private static readonly TimeSpan Ramp = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(BenchOptions o)
    {
        var language = o.Languages[0];
        Console.WriteLine($"directline: {o.Customers} WebSocket customers ({language}), a message every {o.Think.TotalSeconds:F0} s (±50 %), " +
                          $"{Ramp.TotalSeconds:F0} s ramp + {o.Warmup.TotalSeconds:F0} s warm-up, {o.Duration.TotalSeconds:F0} s measured");
        Console.WriteLine("machine at start: " + MachineLoad.Now());
        BenchBotSettings.Print(BenchBotSettings.ForDirectLine);
        await using var bot = await ServerProcess.StartBotAsync(BenchBotSettings.ForDirectLine);
        Console.WriteLine($"open files (soft limit): bench {OpenFilesLimit(Environment.ProcessId)}, bot {OpenFilesLimit(bot.ProcessId)}");

        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 256,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            AutomaticDecompression = DecompressionMethods.None,
        })
        { Timeout = TimeSpan.FromSeconds(60) };

        var stats = new DirectLineStats(o.Customers);
        var script = ComplaintScript.ForComplaintBot(language);
        var measuring = false;
        using var stop = new CancellationTokenSource();
        var customers = new List<Task>(o.Customers);
        for (var i = 0; i < o.Customers; i++)
        {
            var customer = new DirectLineCustomer(i, http, bot.BaseUrl, script, stats);
            customers.Add(Task.Run(() => customer.RunAsync(() => Volatile.Read(ref measuring), o.Think, stop.Token)));
            await Task.Delay(Ramp / o.Customers);
        }
        Console.WriteLine($"ramp done: {stats.Open} sockets open, {stats.Failed} starts failed");
        await Task.Delay(o.Warmup);
        Console.WriteLine($"warm-up done: {stats.Open} sockets open");

        using var server = Process.GetProcessById(bot.ProcessId);
        server.Refresh();
        var cpuBefore = server.TotalProcessorTime;
        Volatile.Write(ref measuring, true);
        var started = Stopwatch.GetTimestamp();
        var minOpen = int.MaxValue;
        while (Stopwatch.GetElapsedTime(started) < o.Duration)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            minOpen = Math.Min(minOpen, stats.Open);
        }
        Volatile.Write(ref measuring, false);
        var measured = Stopwatch.GetElapsedTime(started);
        var heldAtEnd = stats.Open;
        server.Refresh();
        var cpu = server.TotalProcessorTime - cpuBefore;
        var memory = bot.Memory();
        stop.Cancel();
        await Task.WhenAll(customers);

        Console.WriteLine();
        Console.WriteLine("machine at end: " + MachineLoad.Now());
        Console.WriteLine(stats.Report(measured, heldAtEnd));
        Console.WriteLine($"sockets open, lowest in the window: {minOpen}");
        Console.WriteLine($"bot:            CPU {cpu.TotalSeconds:F1} s in the window, {memory}");
        return 0;
    }

    private static string OpenFilesLimit(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
            return line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3] ?? "?";
        }
        catch (IOException) { return "?"; }
    }
}

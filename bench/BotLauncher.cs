using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ComplaintBot.Bench;

/// <summary>
/// Starts a server as a child process on a free loopback port and waits until it answers: the bot built next to this
/// program (same configuration, Production, SQLite file in <c>dataDir</c>), or any other command (the peer, the
/// no-op baseline). Shared by the load generator (<see cref="ServerProcess"/>) and the security probe, which links this file.
/// </summary>
public static class BotLauncher
{
#if DEBUG
    public const string Configuration = "Debug";
#else
    public const string Configuration = "Release";
#endif

    /// <param name="settings">More <c>--Key=Value</c> arguments for the bot.</param>
    /// <param name="stderr">Where the bot's standard error lines go; null drops them.</param>
    public static async Task<(Process Process, int Port)> StartAsync(string dataDir, IEnumerable<string> settings, Action<string>? stderr, TimeSpan timeout)
    {
        var dll = Path.Combine(RepoRoot(), "bot", "bin", Configuration, "net10.0", "ComplaintBot.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"Build the bot first (dotnet build -c {Configuration} bot): {dll}");

        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = dataDir };
        foreach (var a in new[]
                 {
                     dll, "--urls", $"http://127.0.0.1:{port}", $"--Storage:Sqlite:Path={Path.Combine(dataDir, "complaintbot.db")}",
                     // No app id on a loopback bench: Production refuses anonymous callers unless told otherwise.
                     "--Bot:AllowAnonymous=true",
                 }.Concat(settings))
            start.ArgumentList.Add(a);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = await StartAndWaitAsync(start, new Uri($"http://127.0.0.1:{port}/healthz"), anyStatus: false, stderr, timeout);
        return (process, port);
    }

    /// <summary>
    /// Starts <paramref name="start"/> and polls <paramref name="probe"/> until it answers 2xx (or, with
    /// <paramref name="anyStatus"/>, anything at all: a server without a health endpoint is up once it speaks HTTP).
    /// The process is killed if it does not answer within <paramref name="timeout"/>.
    /// </summary>
    public static async Task<Process> StartAndWaitAsync(ProcessStartInfo start, Uri probe, bool anyStatus, Action<string>? stderr, TimeSpan timeout)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) stderr?.Invoke(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (process.HasExited) throw new InvalidOperationException($"{start.FileName} exited with code {process.ExitCode} while starting.");
            try
            {
                using var response = await http.GetAsync(probe);
                if (anyStatus || response.IsSuccessStatusCode) return process;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(100);
        }
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
        throw new TimeoutException($"{start.FileName} did not answer {probe} within {timeout.TotalSeconds:F0} s.");
    }

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ComplaintBot.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("ComplaintBot.sln not found above " + AppContext.BaseDirectory);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ComplaintBot.Bench;

/// <summary>
/// Starts the bot built next to this program (same configuration) as a child process in Production on a free loopback
/// port, with its SQLite file in <c>dataDir</c>, and waits until <c>/healthz</c> answers. Shared by the load generator
/// (<see cref="BotProcess"/>) and the security probe, which links this file.
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
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = dataDir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[]
                 {
                     dll, "--urls", $"http://127.0.0.1:{port}", $"--Storage:Sqlite:Path={Path.Combine(dataDir, "complaintbot.db")}",
                     // No app id on a loopback bench: Production refuses anonymous callers unless told otherwise.
                     "--Bot:AllowAnonymous=true",
                 }.Concat(settings))
            start.ArgumentList.Add(a);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) stderr?.Invoke(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (process.HasExited) throw new InvalidOperationException($"The bot exited with code {process.ExitCode} while starting.");
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{port}/healthz")).IsSuccessStatusCode) return (process, port);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(100);
        }
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
        throw new TimeoutException($"The bot did not answer /healthz within {timeout.TotalSeconds:F0} s.");
    }

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ComplaintBot.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("ComplaintBot.sln not found above " + AppContext.BaseDirectory);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ComplaintBot.Bench.Security;

/// <summary>
/// The bot as a child process in Production on a free loopback port, its data in <see cref="DataDir"/> (kept across
/// <see cref="KillAsync"/> and a new <see cref="StartAsync"/>, as a crashed and restarted server keeps its disk).
/// </summary>
public sealed class ProbeBot : IAsyncDisposable
{
    private readonly Process _process;

    public Uri BaseUrl { get; }
    public string DataDir { get; }
    public string DatabasePath => Path.Combine(DataDir, "complaintbot.db");

    private ProbeBot(Process process, Uri baseUrl, string dataDir)
    {
        _process = process;
        BaseUrl = baseUrl;
        DataDir = dataDir;
    }

    public static async Task<ProbeBot> StartAsync(string dataDir, TimeSpan timeout)
    {
        var dll = Path.Combine(RepoRoot(), "bot", "bin", Configuration, "net10.0", "ComplaintBot.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"Build the bot first (dotnet build -c {Configuration} bot): {dll}");
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = dataDir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[]
                 {
                     dll, "--urls", $"http://127.0.0.1:{port}",
                     $"--Storage:Sqlite:Path={Path.Combine(dataDir, "complaintbot.db")}",
                     $"--DirectLine:KeyFile={Path.Combine(dataDir, "directline.key")}",
                     // No app id on a loopback probe: Production refuses anonymous /api/messages unless told so.
                     "--Bot:AllowAnonymous=true",
                 })
            start.ArgumentList.Add(a);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Error";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var bot = new ProbeBot(process, new Uri($"http://127.0.0.1:{port}/"), dataDir);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (process.HasExited) throw new InvalidOperationException($"The bot exited with code {process.ExitCode} while starting.");
            try
            {
                if ((await http.GetAsync(new Uri(bot.BaseUrl, "healthz"))).IsSuccessStatusCode) return bot;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(100);
        }
        await bot.KillAsync();
        throw new TimeoutException($"The bot did not answer /healthz within {timeout.TotalSeconds:F0} s.");
    }

    /// <summary>SIGKILL: no shutdown hooks, no flush — what a crash or the OOM killer does.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

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

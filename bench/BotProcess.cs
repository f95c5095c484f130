using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ComplaintBot.Bench;

/// <summary>
/// The bot as a child process (the build next to this bench, same configuration) on a free loopback port with a
/// throw-away data directory, so one command yields a figure.
/// </summary>
public sealed class BotProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dataDir;

    public Uri MessagesUrl { get; }
    public int ProcessId => _process.Id;

    private BotProcess(Process process, string dataDir, Uri url)
    {
        _process = process;
        _dataDir = dataDir;
        MessagesUrl = url;
    }

    public static async Task<BotProcess> StartAsync()
    {
        var dll = Path.Combine(RepoRoot(), "bot", "bin", Configuration, "net10.0", "ComplaintBot.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"Build the bot first (dotnet build -c {Configuration} bot): {dll}");

        var port = FreePort();
        var dataDir = Directory.CreateTempSubdirectory("complaintbot-bench-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = dataDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Each simulated customer posts its turns back to back: far above a person's pace (RateLimits, docs/security.md).
        foreach (var a in new[] { dll, "--urls", $"http://127.0.0.1:{port}", $"--Storage:Sqlite:Path={Path.Combine(dataDir, "complaintbot.db")}",
                     // No app id on a load test: Production refuses anonymous callers unless told otherwise.
                     "--Bot:AllowAnonymous=true", "--RateLimits:MessagesPerConversation:PermitLimit=1000000" })
            start.ArgumentList.Add(a);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("[bot] " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var bot = new BotProcess(process, dataDir, new Uri($"http://127.0.0.1:{port}/api/messages"));
        using var http = new HttpClient();
        for (var i = 0; i < 600; i++)
        {
            if (process.HasExited) throw new InvalidOperationException($"The bot exited with code {process.ExitCode} while starting.");
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{port}/healthz")).IsSuccessStatusCode) return bot;
            }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        await bot.DisposeAsync();
        throw new TimeoutException("The bot did not answer /healthz within 60 s.");
    }

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private static string RepoRoot()
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

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
    }
}

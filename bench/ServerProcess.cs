using System.Diagnostics;

namespace ComplaintBot.Bench;

/// <summary>
/// A server the bench started as a child process on a free loopback port: our bot (on a throw-away or a given SQLite
/// file), the botbuilder JS peer, or the no-op baseline. Stopped (and its throw-away directory removed) on dispose.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly string? _throwAwayDir;

    public string Name { get; }
    public Uri BaseUrl { get; }
    public Uri MessagesUrl => new(BaseUrl, "api/messages");
    public int ProcessId => _process.Id;

    private ServerProcess(string name, Process process, Uri baseUrl, string? throwAwayDir)
    {
        Name = name;
        _process = process;
        BaseUrl = baseUrl;
        _throwAwayDir = throwAwayDir;
    }

    /// <summary>Our bot with <paramref name="settings"/> (<c>--Key=Value</c>); on <paramref name="databasePath"/> if given, else on a throw-away file.</summary>
    public static async Task<ServerProcess> StartBotAsync(IReadOnlyList<string> settings, string? databasePath = null)
    {
        var dataDir = Directory.CreateTempSubdirectory("complaintbot-bench-").FullName;
        try
        {
            var args = databasePath is null ? settings : [.. settings, $"--Storage:Sqlite:Path={Path.GetFullPath(databasePath)}"];
            var (process, port) = await BotLauncher.StartAsync(dataDir, args, line => Console.Error.WriteLine("[bot] " + line), StartTimeout);
            return new ServerProcess("ComplaintBot", process, new Uri($"http://127.0.0.1:{port}/"), dataDir);
        }
        catch
        {
            TryDelete(dataDir);
            throw;
        }
    }

    /// <summary>The botbuilder JS peer (<c>node bot.js</c> in an installed copy, see <see cref="PeerBot"/>).</summary>
    public static async Task<ServerProcess> StartPeerAsync(string installedDir)
    {
        var port = BotLauncher.FreePort();
        var start = new ProcessStartInfo("node") { WorkingDirectory = installedDir };
        start.ArgumentList.Add("bot.js");
        start.Environment["PORT"] = port.ToString();
        var baseUrl = new Uri($"http://127.0.0.1:{port}/");
        // restify answers GET /api/messages with 405 once it listens: the peer has no health endpoint.
        var process = await BotLauncher.StartAndWaitAsync(start, new Uri(baseUrl, "api/messages"), anyStatus: true, stderr: null, StartTimeout);
        return new ServerProcess("botbuilder JS peer", process, baseUrl, null);
    }

    /// <summary>The no-op baseline: this program again, in <c>noop-server</c> mode (<see cref="NoOpEndpoint"/>).</summary>
    public static async Task<ServerProcess> StartNoOpAsync()
    {
        var port = BotLauncher.FreePort();
        var start = new ProcessStartInfo("dotnet");
        foreach (var a in new[] { typeof(ServerProcess).Assembly.Location, "noop-server", "--port", port.ToString() }) start.ArgumentList.Add(a);
        var baseUrl = new Uri($"http://127.0.0.1:{port}/");
        var process = await BotLauncher.StartAndWaitAsync(start, new Uri(baseUrl, "healthz"), anyStatus: false,
            line => Console.Error.WriteLine("[no-op] " + line), StartTimeout);
        return new ServerProcess("no-op endpoint", process, baseUrl, null);
    }

    /// <summary>Resident and peak resident memory now (Linux /proc), null elsewhere or once the process has gone.</summary>
    public ProcessMemory? Memory() => ProcessMemory.Read(_process.Id);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        if (_throwAwayDir is not null) TryDelete(_throwAwayDir);
    }

    private static void TryDelete(string dir)
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

using System.Diagnostics;

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
        var (process, port) = await BotLauncher.StartAsync(dataDir,
            [$"--DirectLine:KeyFile={Path.Combine(dataDir, "directline.key")}", "--Logging:LogLevel:Default=Error"], stderr: null, timeout);
        return new ProbeBot(process, new Uri($"http://127.0.0.1:{port}/"), dataDir);
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
}

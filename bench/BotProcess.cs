using System.Diagnostics;

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
        var dataDir = Directory.CreateTempSubdirectory("complaintbot-bench-").FullName;
        try
        {
            // Each simulated customer posts its turns back to back: far above a person's pace (RateLimits, docs/security.md).
            var (process, port) = await BotLauncher.StartAsync(dataDir, ["--RateLimits:MessagesPerConversation:PermitLimit=1000000"],
                line => Console.Error.WriteLine("[bot] " + line), TimeSpan.FromSeconds(60));
            return new BotProcess(process, dataDir, new Uri($"http://127.0.0.1:{port}/api/messages"));
        }
        catch
        {
            try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { }
            throw;
        }
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

using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintBot.Tests.Support;

/// <summary>
/// The real bot (Program) on Kestrel at 127.0.0.1 and a free port, with its data (SQLite file, keys) in a temp
/// directory. Settings override appsettings.json; <c>services</c> runs after the app's own registrations (so a test
/// may replace the bot). Pass the same <c>dataDir</c> to a second server to simulate a restart.
/// </summary>
public sealed class BotServer : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;
    private readonly bool _ownsDataDir;

    public Uri BaseAddress { get; }
    public string DataDir { get; }
    public IServiceProvider Services => _factory.Services;

    private BotServer(WebApplicationFactory<Program> factory, Uri baseAddress, string dataDir, bool ownsDataDir)
    {
        _factory = factory;
        BaseAddress = baseAddress;
        DataDir = dataDir;
        _ownsDataDir = ownsDataDir;
    }

    public static BotServer Start(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, string? dataDir = null)
    {
        var owns = dataDir is null;
        dataDir ??= Directory.CreateTempSubdirectory("complaintbot-test-").FullName;
        var all = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:Sqlite:Path"] = Path.Combine(dataDir, "complaintbot.db"),
            ["DirectLine:KeyFile"] = Path.Combine(dataDir, "directline.key"),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) all[k] = v;

        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.ConfigureAppConfiguration((_, c) => c.AddInMemoryCollection(all));
            b.ConfigureTestServices(s => services?.Invoke(s));
        });
        factory.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a)).First(a => a.Port != 0);
        return new BotServer(factory, new Uri($"http://127.0.0.1:{address.Port}/"), dataDir, owns);
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress };

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        if (_ownsDataDir)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(DataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}

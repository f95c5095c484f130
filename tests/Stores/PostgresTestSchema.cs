using ComplaintBot.Bot.Stores;
using ComplaintBot.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ComplaintBot.Tests.Stores;

/// <summary>
/// A schema of its own in the test PostgreSQL database, so tests run in parallel and re-run cleanly. Each
/// <see cref="NewInstance"/> is a separate data source (its own connection pool): a stand-in for another bot instance.
/// </summary>
public sealed class PostgresTestSchema : IAsyncDisposable
{
    private readonly List<NpgsqlDataSource> _sources = new();
    private readonly List<PostgresNotificationBus> _buses = new();

    public string Name { get; } = "t_" + Guid.NewGuid().ToString("N")[..20];

    public static string ConnectionString => TestEnvironment.PostgresConnectionString
        ?? throw new InvalidOperationException("COMPLAINTBOT_TEST_POSTGRES is not set (.ci/run sources .ci/postgres.sh to start a server).");

    public PostgresStoreOptions Options => new() { ConnectionString = ConnectionString, Schema = Name, NotificationChannel = Name };

    /// <summary>
    /// The settings that run a whole bot on this schema (Storage:Provider=Postgres). The demo shop's order data stays in
    /// a SQLite file in <paramref name="shopDirectory"/>, out of the repository.
    /// </summary>
    public Dictionary<string, string?> HostSettings(string shopDirectory) => new()
    {
        ["Storage:Provider"] = "Postgres",
        ["Storage:Postgres:ConnectionString"] = ConnectionString,
        ["Storage:Postgres:Schema"] = Name,
        ["Storage:Postgres:NotificationChannel"] = Name,
        ["Storage:Sqlite:Path"] = Path.Combine(shopDirectory, "shop.db"),
    };

    public PostgresDatabase NewInstance()
    {
        var source = NpgsqlDataSource.Create(ConnectionString);
        lock (_sources) _sources.Add(source);
        return new PostgresDatabase(source, Name);
    }

    /// <summary>A started bus on a new instance, listening before this returns.</summary>
    public async Task<PostgresNotificationBus> StartBusAsync()
    {
        var bus = new PostgresNotificationBus(NewInstance(), Microsoft.Extensions.Options.Options.Create(Options), NullLogger<PostgresNotificationBus>.Instance);
        lock (_buses) _buses.Add(bus);
        await bus.StartAsync(CancellationToken.None);
        await bus.WhenListeningAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return bus;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var bus in _buses)
        {
            await bus.StopAsync(CancellationToken.None);
            bus.Dispose();
        }
        await using (var source = NpgsqlDataSource.Create(ConnectionString))
        await using (var drop = source.CreateCommand($"DROP SCHEMA IF EXISTS \"{Name}\" CASCADE"))
            await drop.ExecuteNonQueryAsync();
        foreach (var source in _sources) await source.DisposeAsync();
    }
}

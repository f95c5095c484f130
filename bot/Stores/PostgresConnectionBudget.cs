using System.Data.Common;
using Npgsql;

namespace ComplaintBot.Bot.Stores;

/// <summary>
/// How many connections an instance may take (issue 17.3). A turn uses exactly one (<see cref="PostgresTurnScope"/>),
/// the notification listener one for good, every other request one while it runs; so an instance never holds more than
/// its pool, and turns beyond the pool queue for a connection instead of failing. What must hold across instances:
/// <c>PlannedInstances × pool ≤ max_connections − superuser_reserved_connections − ConnectionHeadroom</c>.
/// </summary>
public static class PostgresConnectionBudget
{
    /// <summary>The connection string with this instance's pool size applied (the string's own setting wins).</summary>
    public static string WithPoolSize(PostgresStoreOptions o)
    {
        var b = new NpgsqlConnectionStringBuilder(o.ConnectionString);
        if (!SetsPoolSize(o.ConnectionString)) b.MaxPoolSize = o.MaxPoolSize;
        return b.ConnectionString;
    }

    private static bool SetsPoolSize(string connectionString)
    {
        var raw = new DbConnectionStringBuilder { ConnectionString = connectionString };
        foreach (string key in raw.Keys)
            if (key.Replace(" ", "").ToLowerInvariant() is "maximumpoolsize" or "maxpoolsize") return true;
        return false;
    }

    /// <summary>What is wrong with the pool on its own (no server needed), or null.</summary>
    public static string? CheckPool(NpgsqlConnectionStringBuilder b)
    {
        if (!b.Pooling)
            return "Storage:Postgres:ConnectionString has Pooling=false: an instance's connections would be unbounded; keep pooling on and size Maximum Pool Size.";
        if (b.MaxPoolSize < PostgresStoreOptions.MinimumPoolSize)
            return $"Maximum Pool Size {b.MaxPoolSize} is below {PostgresStoreOptions.MinimumPoolSize}: the notification listener holds one connection for good, so turns and requests would wait on each other.";
        return null;
    }

    /// <summary>What is wrong given the server's limits, or null.</summary>
    public static string? CheckServer(int pool, int instances, int maxConnections, int reserved, int headroom)
    {
        var budget = maxConnections - reserved - headroom;
        return (long)pool * instances <= budget ? null
            : $"Connection budget exceeded: {instances} instance(s) × Maximum Pool Size {pool} = {(long)pool * instances} > max_connections {maxConnections} − reserved {reserved} − headroom {headroom} = {budget}. "
              + "Lower Storage:Postgres:MaxPoolSize (or Maximum Pool Size in the connection string), or raise max_connections (see docs/scale-out.md).";
    }

    /// <summary>Reads the server's limits and refuses a pool that, over the planned instances, could exhaust it.</summary>
    public static async Task VerifyAsync(NpgsqlDataSource source, PostgresStoreOptions o, ILogger log, CancellationToken ct)
    {
        var b = new NpgsqlConnectionStringBuilder(source.ConnectionString);
        if (CheckPool(b) is { } bad) throw new InvalidOperationException(bad);
        await using var cmd = source.CreateCommand(
            "SELECT current_setting('max_connections')::int, current_setting('superuser_reserved_connections')::int");
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        int max = r.GetInt32(0), reserved = r.GetInt32(1);
        if (CheckServer(b.MaxPoolSize, Math.Max(1, o.PlannedInstances), max, reserved, o.ConnectionHeadroom) is { } over)
            throw new InvalidOperationException(over);
        log.LogInformation(
            "PostgreSQL connection budget: pool {Pool} per instance, {Instances} planned instance(s), server max_connections {Max} (reserved {Reserved}, headroom {Headroom}); up to {Fit} instances of this pool fit",
            b.MaxPoolSize, o.PlannedInstances, max, reserved, o.ConnectionHeadroom, (max - reserved - o.ConnectionHeadroom) / b.MaxPoolSize);
    }
}

using Microsoft.Data.Sqlite;

namespace ComplaintBot.Dialogs.State;

/// <summary>Small helpers for the stores on <see cref="SqliteDatabase"/>: a parameterised command, null as DBNull.</summary>
public static class SqliteCommands
{
    private const int MaxPreparedPerConnection = 64;
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SqliteConnection, Dictionary<string, SqliteCommand>> PreparedByConnection = new();

    /// <summary>
    /// The command for <paramref name="sql"/> on a long-lived connection (the writer inside
    /// <see cref="SqliteDatabase.WriteAsync{T}"/>, a rented reader from <see cref="SqliteDatabase.RentReaderAsync"/>),
    /// prepared once and reused: SQLite parses the statement the first time only. The parameters are replaced by
    /// <paramref name="args"/>. Do not dispose it, and use it for fixed statement texts only (not built per call);
    /// the connection is used by one caller at a time, so the command is too.
    /// </summary>
    public static SqliteCommand Prepared(SqliteConnection c, string sql, SqliteTransaction? tx = null, params (string Name, object? Value)[] args)
    {
        var cache = PreparedByConnection.GetValue(c, static _ => new Dictionary<string, SqliteCommand>(StringComparer.Ordinal));
        if (!cache.TryGetValue(sql, out var cmd))
        {
            cmd = c.CreateCommand();
            cmd.CommandText = sql;
            if (cache.Count < MaxPreparedPerConnection) cache[sql] = cmd;
        }
        cmd.Transaction = tx;
        cmd.Parameters.Clear();
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }

    public static SqliteCommand Command(SqliteConnection c, string sql, SqliteTransaction? tx = null, params (string Name, object? Value)[] args)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }

    /// <summary><see cref="Prepared"/>, executed; for the fixed statements the stores run on every turn.</summary>
    public static Task<int> ExecutePreparedAsync(SqliteConnection c, string sql, SqliteTransaction? tx, CancellationToken ct, params (string Name, object? Value)[] args)
        => Prepared(c, sql, tx, args).ExecuteNonQueryAsync(ct);

    public static async Task<int> ExecuteAsync(SqliteConnection c, string sql, SqliteTransaction? tx, CancellationToken ct, params (string Name, object? Value)[] args)
    {
        await using var cmd = Command(c, sql, tx, args);
        return await cmd.ExecuteNonQueryAsync(ct);
    }
}

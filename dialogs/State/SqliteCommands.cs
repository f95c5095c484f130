using Microsoft.Data.Sqlite;

namespace ComplaintBot.Dialogs.State;

/// <summary>Small helpers for the stores on <see cref="SqliteDatabase"/>: a parameterised command, null as DBNull.</summary>
public static class SqliteCommands
{
    public static SqliteCommand Command(SqliteConnection c, string sql, SqliteTransaction? tx = null, params (string Name, object? Value)[] args)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }

    public static async Task<int> ExecuteAsync(SqliteConnection c, string sql, SqliteTransaction? tx, CancellationToken ct, params (string Name, object? Value)[] args)
    {
        await using var cmd = Command(c, sql, tx, args);
        return await cmd.ExecuteNonQueryAsync(ct);
    }
}

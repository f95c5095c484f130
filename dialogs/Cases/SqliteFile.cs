using Microsoft.Data.Sqlite;

namespace ComplaintBot.Dialogs.Cases;

/// <summary>
/// Opens connections to the one embedded SQLite file (Storage:Sqlite:Path) for the complaint tables
/// (cases, demo shop). WAL + busy timeout so the bot's other stores can share the file.
/// </summary>
public sealed class SqliteFile
{
    public string ConnectionString { get; }

    public SqliteFile(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Default,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        using var c = new SqliteConnection(ConnectionString);
        c.Open();
        Exec(c, "PRAGMA journal_mode=WAL;");
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken ct = default)
    {
        var c = new SqliteConnection(ConnectionString);
        await c.OpenAsync(ct);
        Exec(c, "PRAGMA busy_timeout=30000; PRAGMA synchronous=NORMAL;");
        return c;
    }

    public static int Exec(SqliteConnection c, string sql, SqliteTransaction? tx = null, params (string Name, object? Value)[] args)
    {
        using var cmd = Command(c, sql, tx, args);
        return cmd.ExecuteNonQuery();
    }

    public static SqliteCommand Command(SqliteConnection c, string sql, SqliteTransaction? tx = null, params (string Name, object? Value)[] args)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }
}

using Microsoft.Data.Sqlite;

namespace ComplaintBot.Dialogs.State;

/// <summary>
/// One embedded SQLite file shared by the state store, the transcript store and any other table that wants it.
/// WAL lets readers run beside the one writer; busy_timeout makes a second writer wait instead of failing.
/// Connections come from Microsoft.Data.Sqlite's pool, so opening one per operation is cheap.
/// </summary>
public sealed class SqliteDatabase
{
    private readonly string _connectionString;
    private readonly int _busyTimeoutMs;
    private readonly object _initGate = new();
    private readonly HashSet<string> _initialized = new(StringComparer.Ordinal);

    public SqliteDatabase(string path, int busyTimeoutMs = 5000)
    {
        Path = System.IO.Path.GetFullPath(path);
        var dir = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        _busyTimeoutMs = busyTimeoutMs;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = Math.Max(1, busyTimeoutMs / 1000),
        }.ToString();

        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        // WAL is a property of the file: set once, it sticks for every later connection.
        Execute(connection, "PRAGMA journal_mode=WAL;");
    }

    public string Path { get; }

    /// <summary>An open connection with the per-connection pragmas applied. Dispose it to return it to the pool.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken ct = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        // synchronous=NORMAL is the recommended WAL setting: durable across process crashes, far fewer fsyncs.
        Execute(connection, $"PRAGMA busy_timeout={_busyTimeoutMs}; PRAGMA synchronous=NORMAL;");
        return connection;
    }

    /// <summary>Runs <paramref name="ddl"/> once per process for <paramref name="name"/> (idempotent CREATE ... IF NOT EXISTS).</summary>
    public void EnsureSchema(string name, string ddl)
    {
        lock (_initGate)
        {
            if (_initialized.Contains(name)) return;
            using var connection = new SqliteConnection(_connectionString);
            connection.Open();
            Execute(connection, $"PRAGMA busy_timeout={_busyTimeoutMs};");
            Execute(connection, ddl);
            _initialized.Add(name);
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

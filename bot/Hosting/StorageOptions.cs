namespace ComplaintBot.Bot.Hosting;

/// <summary>Bound from the <c>Storage</c> section of appsettings.json.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary><c>Sqlite</c> (default, embedded file), <c>Memory</c> (tests, demos; lost on restart) or <c>Postgres</c> (scale-out).</summary>
    public string Provider { get; set; } = StorageProviders.Sqlite;

    public SqliteStorageOptions Sqlite { get; set; } = new();
}

public sealed class SqliteStorageOptions
{
    /// <summary>The database file; a relative path is resolved against the content root (the repository root on `dotnet run`).</summary>
    public string Path { get; set; } = "data/complaintbot.db";

    /// <summary>How long a writer waits for the file lock before failing.</summary>
    public int BusyTimeoutMs { get; set; } = 5000;
}

public static class StorageProviders
{
    public const string Sqlite = "Sqlite";
    public const string Memory = "Memory";
    public const string Postgres = "Postgres";
}

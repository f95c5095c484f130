using ComplaintBot.Dialogs.State;
using Microsoft.Data.Sqlite;

namespace ComplaintBot.Tests.Support;

/// <summary>A real SQLite file in its own temporary directory, removed on dispose.</summary>
public sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "complaintbot-tests", Guid.NewGuid().ToString("N"));
        Path = System.IO.Path.Combine(Directory, "data", "complaintbot.db");
    }

    public string Directory { get; }
    public string Path { get; }

    private readonly List<SqliteDatabase> _opened = new();

    /// <summary>A fresh handle on the same file, as a restarted process would open it.</summary>
    public SqliteDatabase Open()
    {
        var db = new SqliteDatabase(Path);
        lock (_opened) _opened.Add(db);
        return db;
    }

    public void Dispose()
    {
        lock (_opened) foreach (var db in _opened) db.Dispose();
        SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}

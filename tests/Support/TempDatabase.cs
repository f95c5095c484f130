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

    /// <summary>A fresh handle on the same file, as a restarted process would open it.</summary>
    public SqliteDatabase Open() => new(Path);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}

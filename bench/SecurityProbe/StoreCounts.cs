using Microsoft.Data.Sqlite;

namespace ComplaintBot.Bench.Security;

/// <summary>Rows in the bot's SQLite file, read beside the running bot (WAL lets a reader in) or after it died.</summary>
public static class StoreCounts
{
    public static readonly string[] Tables = ["transcript", "complaint_case", "handoff_entries", "state_items"];

    public static Dictionary<string, long> Rows(string databasePath)
    {
        using var c = Open(databasePath);
        var rows = new Dictionary<string, long>();
        foreach (var t in Tables)
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{t}'";
            if (Convert.ToInt64(cmd.ExecuteScalar()) == 0) { rows[t] = 0; continue; }
            cmd.CommandText = $"SELECT COUNT(*) FROM \"{t}\"";
            rows[t] = Convert.ToInt64(cmd.ExecuteScalar());
        }
        return rows;
    }

    /// <summary>The ids of every activity stored in transcripts (customer messages carry the id the sender gave them).</summary>
    public static HashSet<string> TranscriptActivityIds(string databasePath)
    {
        using var c = Open(databasePath);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT json_extract(json, '$.id') FROM transcript";
        var ids = new HashSet<string>(StringComparer.Ordinal);
        using var r = cmd.ExecuteReader();
        while (r.Read()) if (!r.IsDBNull(0)) ids.Add(r.GetString(0));
        return ids;
    }

    public static HashSet<string> CaseNumbers(string databasePath)
    {
        using var c = Open(databasePath);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT number FROM complaint_case";
        var numbers = new HashSet<string>(StringComparer.Ordinal);
        using var r = cmd.ExecuteReader();
        while (r.Read()) numbers.Add(r.GetString(0));
        return numbers;
    }

    private static SqliteConnection Open(string path)
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        c.Open();
        using var busy = c.CreateCommand();
        busy.CommandText = "PRAGMA busy_timeout=5000;";
        busy.ExecuteNonQuery();
        return c;
    }
}

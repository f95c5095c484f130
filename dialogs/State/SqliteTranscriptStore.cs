using ComplaintBot.Dialogs.Schema;

namespace ComplaintBot.Dialogs.State;

/// <summary>
/// Append-only transcript table in the embedded SQLite file. The next sequence is computed inside the INSERT,
/// and SQLite runs one writer at a time, so sequences per conversation are gap-free and never repeat.
/// </summary>
public sealed class SqliteTranscriptStore : ITranscriptStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS transcript (
            conversation_id TEXT    NOT NULL,
            seq             INTEGER NOT NULL,
            at              INTEGER NOT NULL,
            json            TEXT    NOT NULL,
            PRIMARY KEY (conversation_id, seq)
        ) WITHOUT ROWID;
        -- The retention sweep (DeleteBeforeAsync) runs in the writer's transaction: it must not read every row.
        CREATE INDEX IF NOT EXISTS ix_transcript_at ON transcript(at);
        """;

    private readonly SqliteDatabase _db;

    public SqliteTranscriptStore(SqliteDatabase db)
    {
        _db = db;
        _db.EnsureSchema(nameof(SqliteTranscriptStore), Schema);
    }

    public async Task<long> AppendAsync(string conversationId, Activity activity, CancellationToken ct = default)
        => (await AppendManyAsync(conversationId, [activity], ct))[0];

    /// <summary>One write for all of them, one statement for up to eight (a turn's replies).</summary>
    public Task<IReadOnlyList<long>> AppendManyAsync(string conversationId, IReadOnlyList<Activity> activities, CancellationToken ct = default)
    {
        if (activities.Count == 0) return Task.FromResult<IReadOnlyList<long>>([]);
        // Serialised here, not on the writer: the writer's time is shared by every turn. As UTF-8 bytes stored as TEXT
        // (CAST in the statement): a string would be serialised as UTF-8, turned into UTF-16, then back by the binding.
        var json = activities.Select(a => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(a, ActivityJson.Options)).ToArray();
        // The turn's incoming message is committed at once, not with the turn: what the customer said stays even when
        // the turn fails (the turn has written nothing yet, so this does not wait for it).
        var incoming = activities.Count == 1 && _db.CurrentTurn is { } turn && ReferenceEquals(turn.Incoming, activities[0]);
        var at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Func<Microsoft.Data.Sqlite.SqliteConnection, Microsoft.Data.Sqlite.SqliteTransaction, Task<IReadOnlyList<long>>> append = async (connection, tx) =>
        {
            var sequences = new long[json.Length];
            // Up to RowsPerStatement rows in one statement (a turn's replies are one, not one each); each row's sequence
            // is the conversation's highest so far plus its place in the statement.
            for (var first = 0; first < json.Length; first += RowsPerStatement)
            {
                var rows = Math.Min(RowsPerStatement, json.Length - first);
                var args = new (string, object?)[rows + 2];
                args[0] = ("$c", conversationId);
                args[1] = ("$at", at);
                for (var k = 0; k < rows; k++) args[k + 2] = (JsonParameter[k], json[first + k]);
                var command = SqliteCommands.Prepared(connection, AppendSql[rows - 1], tx, args);
                var stored = new List<long>(rows);
                await using (var reader = await command.ExecuteReaderAsync(ct))
                    while (await reader.ReadAsync(ct)) stored.Add(reader.GetInt64(0));
                stored.Sort(); // RETURNING's order is not the VALUES order: row k got the k-th lowest
                for (var k = 0; k < rows; k++) sequences[first + k] = stored[k];
            }
            return sequences;
        };
        var one = json.Length <= RowsPerStatement;
        return incoming ? _db.WriteOnItsOwnAsync(append, ct, one) : _db.WriteAsync(append, ct, one);
    }

    private const int RowsPerStatement = 8;
    private static readonly string[] JsonParameter = Enumerable.Range(1, RowsPerStatement).Select(k => "$j" + k).ToArray();

    /// <summary>The append of 1…RowsPerStatement rows, a fixed text each (prepared once per connection).</summary>
    private static readonly string[] AppendSql = Enumerable.Range(1, RowsPerStatement).Select(rows => rows == 1
        ? """
          INSERT INTO transcript (conversation_id, seq, at, json)
          SELECT $c, COALESCE(MAX(seq), 0) + 1, $at, CAST($j1 AS TEXT) FROM transcript WHERE conversation_id = $c
          RETURNING seq;
          """
        : $"""
          INSERT INTO transcript (conversation_id, seq, at, json)
          SELECT $c, base.m + v.column1, $at, CAST(v.column2 AS TEXT)
          FROM (SELECT COALESCE(MAX(seq), 0) AS m FROM transcript WHERE conversation_id = $c) AS base,
               (VALUES {string.Join(", ", Enumerable.Range(1, rows).Select(k => $"({k}, $j{k})"))}) AS v
          RETURNING seq;
          """).ToArray();

    public async Task<IReadOnlyList<TranscriptEntry>> ReadAsync(string conversationId, long afterSequence = 0, int max = 500, CancellationToken ct = default)
    {
        await PendingTranscript.FlushBeforeReadAsync(conversationId, ct);
        await using var lease = await _db.RentReaderAsync(ct);
        await using var command = lease.Connection.CreateCommand();
        command.Transaction = lease.Transaction;
        command.CommandText = "SELECT seq, at, json FROM transcript WHERE conversation_id = $c AND seq > $after ORDER BY seq LIMIT $max;";
        command.Parameters.AddWithValue("$c", conversationId);
        command.Parameters.AddWithValue("$after", afterSequence);
        command.Parameters.AddWithValue("$max", max);
        var entries = new List<TranscriptEntry>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            entries.Add(new TranscriptEntry(reader.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), ActivityJson.Parse(reader.GetString(2))!));
        return entries;
    }

    public Task<int> DeleteConversationAsync(string conversationId, CancellationToken ct = default)
        => _db.WriteAsync((c, tx) => SqliteCommands.ExecutePreparedAsync(c, "DELETE FROM transcript WHERE conversation_id = $c", tx, ct, ("$c", conversationId)), ct);

    public Task<int> DeleteBeforeAsync(DateTimeOffset cutoff, CancellationToken ct = default)
        => _db.WriteAsync((c, tx) => SqliteCommands.ExecutePreparedAsync(c, "DELETE FROM transcript WHERE at < $cutoff",
            tx, ct, ("$cutoff", cutoff.ToUnixTimeMilliseconds())), ct);
}

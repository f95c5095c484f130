using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.State;
using Npgsql;
using NpgsqlTypes;

namespace ComplaintBot.Bot.Stores;

/// <summary>
/// <see cref="ITranscriptStore"/> on PostgreSQL. The next sequence comes from a per-conversation counter row bumped
/// in the same statement that inserts the entry: appenders on different instances queue on that row's lock, so
/// numbers never repeat and commit in order (a reader polling by watermark cannot skip an entry that commits late).
/// </summary>
public sealed class PostgresTranscriptStore(PostgresDatabase db) : ITranscriptStore
{
    private readonly string _appendSql = $"""
        WITH next AS (
            INSERT INTO {db.Table("transcript_counters")} AS c (conversation_id, last_sequence) VALUES (@conversation, 1)
            ON CONFLICT (conversation_id) DO UPDATE SET last_sequence = c.last_sequence + 1
            RETURNING last_sequence)
        INSERT INTO {db.Table("transcripts")} (conversation_id, sequence, at, activity)
        SELECT @conversation, last_sequence, clock_timestamp(), @activity FROM next
        RETURNING sequence
        """;

    private readonly string _readSql = $"""
        SELECT sequence, at, activity::text FROM {db.Table("transcripts")}
        WHERE conversation_id = @conversation AND sequence > @after
        ORDER BY sequence LIMIT @max
        """;

    public async Task<long> AppendAsync(string conversationId, Activity activity, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        await using var lease = await db.LeaseAsync(ct);
        await using var cmd = lease.Command(_appendSql);
        cmd.Parameters.Add(new NpgsqlParameter("conversation", NpgsqlDbType.Text) { Value = conversationId });
        cmd.Parameters.Add(new NpgsqlParameter("activity", NpgsqlDbType.Json) { Value = ActivityJson.Serialize(activity) });
        var sequence = (long)(await cmd.ExecuteScalarAsync(ct))!;
        // What the customer said: if the turn fails and rolls back, the turn lock logs it again (it must not vanish).
        if (db.CurrentTurn is { } turn && ReferenceEquals(activity, turn.Incoming)) turn.IncomingLoggedTo = conversationId;
        return sequence;
    }

    public async Task<IReadOnlyList<TranscriptEntry>> ReadAsync(string conversationId, long afterSequence = 0, int max = 500, CancellationToken ct = default)
    {
        var entries = new List<TranscriptEntry>();
        if (max <= 0) return entries;
        await PendingTranscript.FlushBeforeReadAsync(conversationId, ct);
        await using var lease = await db.LeaseAsync(ct);
        await using var cmd = lease.Command(_readSql);
        cmd.Parameters.Add(new NpgsqlParameter("conversation", NpgsqlDbType.Text) { Value = conversationId });
        cmd.Parameters.Add(new NpgsqlParameter("after", NpgsqlDbType.Bigint) { Value = afterSequence });
        cmd.Parameters.Add(new NpgsqlParameter("max", NpgsqlDbType.Integer) { Value = max });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var activity = ActivityJson.Parse(reader.GetString(2))
                ?? throw new InvalidDataException($"Transcript entry {reader.GetInt64(0)} of '{conversationId}' is not an activity.");
            entries.Add(new TranscriptEntry(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), activity));
        }
        return entries;
    }

    public async Task<int> DeleteConversationAsync(string conversationId, CancellationToken ct = default)
    {
        await db.EnsureSchemaAsync(ct);
        await using var cmd = db.DataSource.CreateCommand($"""
            WITH counter AS (DELETE FROM {db.Table("transcript_counters")} WHERE conversation_id = @conversation)
            DELETE FROM {db.Table("transcripts")} WHERE conversation_id = @conversation
            """);
        cmd.Parameters.Add(new NpgsqlParameter("conversation", NpgsqlDbType.Text) { Value = conversationId });
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The per-conversation counters stay, so sequences keep counting up after old entries went.</summary>
    public async Task<int> DeleteBeforeAsync(DateTimeOffset cutoff, CancellationToken ct = default)
    {
        await db.EnsureSchemaAsync(ct);
        await using var cmd = db.DataSource.CreateCommand($"DELETE FROM {db.Table("transcripts")} WHERE at < @cutoff");
        cmd.Parameters.Add(new NpgsqlParameter("cutoff", NpgsqlDbType.TimestampTz) { Value = cutoff.ToUniversalTime() });
        return await cmd.ExecuteNonQueryAsync(ct);
    }
}

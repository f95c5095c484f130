using ComplaintBot.Dialogs.State;
using Microsoft.Data.Sqlite;
using static ComplaintBot.Dialogs.State.SqliteCommands;

namespace ComplaintBot.Dialogs.Cases;

/// <summary>
/// Cases in the embedded SQLite file: the whole case as JSON plus the columns the queries filter on.
/// Writes go through the file's one writer (<see cref="SqliteDatabase.WriteAsync{T}"/>), so they queue in memory
/// instead of waiting on SQLite's file lock; each write is atomic on its own (its own savepoint). Numbers come
/// from a per-day counter row updated in the same write as the insert. Reads use pooled connections.
/// </summary>
public sealed class SqliteCaseStore : ICaseStore
{
    private const string Tables = """
        CREATE TABLE IF NOT EXISTS complaint_case_counter (day TEXT PRIMARY KEY, last INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS complaint_case (
            number TEXT PRIMARY KEY,
            version INTEGER NOT NULL,
            conversation_id TEXT NOT NULL,
            customer_id TEXT,
            status TEXT NOT NULL,
            sku TEXT,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            json TEXT NOT NULL,
            follow_up_at INTEGER);
        """;

    // No index reads the document: an index on json_extract(json, …) made SQLite parse the old and the new JSON on
    // every save (measured 37 → 26 µs and 8 → 4 KB of WAL per save with the plain follow_up_at column instead).
    private const string Indexes = """
        CREATE INDEX IF NOT EXISTS ix_complaint_case_customer ON complaint_case(customer_id, status);
        CREATE INDEX IF NOT EXISTS ix_complaint_case_conversation ON complaint_case(conversation_id, status);
        CREATE INDEX IF NOT EXISTS ix_complaint_case_sku ON complaint_case(sku, status);
        CREATE INDEX IF NOT EXISTS ix_complaint_case_created ON complaint_case(created_at);
        -- Follow-ups still needing the dispatcher only (CaseFollowUp.PendingAt, kept in step with the document by every write).
        CREATE INDEX IF NOT EXISTS ix_complaint_case_follow_up_at ON complaint_case(follow_up_at, number) WHERE follow_up_at IS NOT NULL;
        -- The per-turn lookups of open cases, over open cases only and in the order asked for: the newest open case is
        -- the index's last entry and a SKU's count stops at its cap, however many (closed) cases the store holds.
        -- The queries repeat the WHERE text exactly, which is what lets SQLite use a partial index.
        CREATE INDEX IF NOT EXISTS ix_complaint_case_customer_open ON complaint_case(customer_id, created_at, number) WHERE status NOT IN ('Resolved', 'Closed');
        CREATE INDEX IF NOT EXISTS ix_complaint_case_conversation_open ON complaint_case(conversation_id, created_at, number) WHERE status NOT IN ('Resolved', 'Closed');
        CREATE INDEX IF NOT EXISTS ix_complaint_case_sku_open ON complaint_case(sku, number) WHERE status NOT IN ('Resolved', 'Closed');
        -- The retention sweep (DeleteClosedBeforeAsync) runs in the writer's transaction: it must not read every case.
        CREATE INDEX IF NOT EXISTS ix_complaint_case_closed ON complaint_case(updated_at) WHERE status = 'Closed';
        """;

    /// <summary>
    /// Stores made before 2026-12-08 kept the follow-up's time only in the document, indexed by an expression over it:
    /// the column is added and filled from the document, and that index dropped, in one transaction (another process
    /// opening the same old file at once waits for it, then finds the column).
    /// </summary>
    private const string AddFollowUpColumn = """
        ALTER TABLE complaint_case ADD COLUMN follow_up_at INTEGER;
        UPDATE complaint_case SET follow_up_at = json_extract(json, '$.followUp.pendingAt')
            WHERE json_extract(json, '$.followUp.pendingAt') IS NOT NULL;
        DROP INDEX IF EXISTS ix_complaint_case_follow_up;
        """;

    private static void CreateSchema(SqliteConnection connection)
    {
        Run(connection, Tables);
        if (!HasFollowUpColumn(connection))
        {
            using var tx = connection.BeginTransaction(); // IMMEDIATE: one process migrates, the other waits and re-checks
            if (!HasFollowUpColumn(connection)) Run(connection, AddFollowUpColumn, tx);
            tx.Commit();
        }
        Run(connection, Indexes);
    }

    private static bool HasFollowUpColumn(SqliteConnection connection)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM pragma_table_info('complaint_case') WHERE name = 'follow_up_at'";
        return Convert.ToInt32(cmd.ExecuteScalar()) > 0;
    }

    private static void Run(SqliteConnection connection, string sql, SqliteTransaction? tx = null)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        cmd.ExecuteNonQuery();
    }

    private readonly SqliteDatabase _db;
    private readonly TimeProvider _clock;
    /// <summary>
    /// The indexed columns of each case object this store read, created or saved, as stored. SQLite rewrites the
    /// entries of every index on a column an UPDATE names, changed or not: a save that named all of them rewrote nine
    /// index entries each time (in a test of this table 79 µs and 32 KB into the WAL per save, against 37 µs and 8 KB
    /// naming only version, updated_at and json). A save whose indexed columns are as stored names only those.
    /// </summary>
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<Case, IndexedColumns> _stored = new();
    private readonly TimeZoneInfo _zone;
    /// <summary>The cases each open turn has saved (<see cref="TurnWrites"/>); an entry goes with its turn.</summary>
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<SqliteTurnScope, TurnWrites> _turns = new();

    public SqliteCaseStore(SqliteDatabase db, TimeProvider? clock = null, TimeZoneInfo? shopZone = null)
    {
        _db = db;
        _clock = clock ?? TimeProvider.System;
        _zone = shopZone ?? TimeZoneInfo.Utc;
        _db.EnsureSchema(nameof(SqliteCaseStore), CreateSchema);
    }

    public async Task<Case> CreateAsync(Case draft, CancellationToken ct = default)
    {
        var now = _clock.GetUtcNow();
        var day = TimeZoneInfo.ConvertTime(now, _zone);
        var c = CaseJson.Copy(draft);
        CaseStoreRules.Initialise(c, now);
        const string next = """
            INSERT INTO complaint_case_counter(day, last) VALUES ($day, 1)
            ON CONFLICT(day) DO UPDATE SET last = last + 1 RETURNING last;
            """;
        (string, object?) dayArg = ("$day", day.ToString("yyyyMMdd"));
        if (await TurnWritesAsync(ct) is { } turn)
        {
            try
            {
                // The number now, in the turn's transaction; the row itself when the turn ends (with what the turn changed).
                var seq = await _db.WriteAsync(async (conn, tx) => Convert.ToInt32(await Prepared(conn, next, tx, dayArg).ExecuteScalarAsync(ct)), ct, oneStatement: true);
                c.Number = CaseNumbers.Format(day, seq);
                turn.Rows[c.Number] = new TurnRow { Version = c.Version, Unwritten = c };
            }
            finally
            {
                turn.Gate.Release();
            }
            CaseTurnCache.Current?.Put(c);
            return c;
        }
        // The number comes from the counter inside the write, so the row's JSON is serialised there.
        var created = await _db.WriteAsync(async (conn, tx) =>
        {
            var seq = Convert.ToInt32(await Prepared(conn, next, tx, dayArg).ExecuteScalarAsync(ct));
            c.Number = CaseNumbers.Format(day, seq);
            await InsertRowAsync(conn, tx, c, ct);
            return c;
        }, ct);
        _stored.AddOrUpdate(created, IndexedColumns.Of(created));
        CaseTurnCache.Current?.Put(created);
        return created;
    }

    /// <summary>Inside a turn, the turn's object for this number (<see cref="CaseTurnCache"/>); otherwise a fresh read.</summary>
    public async Task<Case?> GetAsync(string number, CancellationToken ct = default)
    {
        var turn = CaseTurnCache.Current;
        if (turn is not null && turn.TryGet(number, out var cached)) return cached;
        var list = await SelectPreparedAsync("WHERE number = $n", ct, ("$n", number));
        var c = list.FirstOrDefault();
        if (c is not null) turn?.Put(c);
        return c;
    }

    public async Task SaveAsync(Case @case, CancellationToken ct = default)
    {
        if (@case.UpdatedAt == default) @case.UpdatedAt = _clock.GetUtcNow();
        var expected = @case.Version;
        if (await TurnWritesAsync(ct) is { } turn)
        {
            try
            {
                await KeepForTheTurnsEndAsync(turn, @case, expected, ct);
            }
            catch
            {
                CaseTurnCache.Current?.Forget(@case.Number); // a retry must read what the other writer stored
                throw;
            }
            finally
            {
                turn.Gate.Release();
            }
            CaseTurnCache.Current?.Put(@case);
            return;
        }
        @case.Version = expected + 1;
        var columns = IndexedColumns.Of(@case);
        int updated;
        try
        {
            updated = await UpdateRowAsync(@case, expected, _stored.TryGetValue(@case, out var stored) ? stored : null, ct);
        }
        catch
        {
            @case.Version = expected; // nothing was stored
            CaseTurnCache.Current?.Forget(@case.Number);
            throw;
        }
        if (updated == 0)
        {
            @case.Version = expected;
            CaseTurnCache.Current?.Forget(@case.Number); // a retry must read what the other writer stored
            throw new CaseConflictException(@case.Number);
        }
        _stored.AddOrUpdate(@case, columns);
        CaseTurnCache.Current?.Put(@case);
    }

    /// <summary>
    /// A save inside a turn: checked now as the UPDATE would check it (the version the row has, or will have once the
    /// turn's earlier saves are written), written once when the turn ends. The turn's first save of a case reads the row's
    /// version in the turn's transaction, which takes the file's writer for the turn: from then until the commit nobody
    /// else can change the row, so the turn's later saves of it cannot conflict with another writer.
    /// </summary>
    private async Task KeepForTheTurnsEndAsync(TurnWrites turn, Case @case, int expected, CancellationToken ct)
    {
        if (!turn.Rows.TryGetValue(@case.Number, out var row))
        {
            var stored = await _db.WriteAsync(async (conn, tx) => await Prepared(conn, "SELECT version FROM complaint_case WHERE number = $n", tx,
                ("$n", @case.Number)).ExecuteScalarAsync(ct) is long v ? (int?)v : null, ct, oneStatement: true);
            if (stored != expected) throw new CaseConflictException(@case.Number);
            row = new TurnRow { Version = expected, StoredVersion = expected, Stored = true, StoredColumns = _stored.TryGetValue(@case, out var columns) ? columns : null };
            turn.Rows[@case.Number] = row;
        }
        else if (row.Version != expected)
        {
            throw new CaseConflictException(@case.Number); // a stale copy: saved meanwhile in this turn
        }
        @case.Version = expected + 1;
        row.Version = @case.Version;
        row.Unwritten = @case;
    }

    /// <summary>
    /// The turn's case writes when this runs inside a turn on this file (its gate taken: release it), else null. The first
    /// call of a turn arranges for its kept-back saves to be written just before it commits.
    /// </summary>
    private async ValueTask<TurnWrites?> TurnWritesAsync(CancellationToken ct)
    {
        if (_db.CurrentTurn is not { } scope) return null;
        var turn = _turns.GetValue(scope, s =>
        {
            var w = new TurnWrites();
            s.BeforeCommit(() => WriteKeptBackAsync(w, turnEnds: true, CancellationToken.None));
            return w;
        });
        await turn.Gate.WaitAsync(ct);
        if (!turn.Ended && scope.IsOpen) return turn;
        turn.Gate.Release(); // committing: write at once, in the turn's transaction while it is still open
        return null;
    }

    /// <summary>Before a query inside a turn: writes the saves the turn kept back, so the query sees them as before.</summary>
    private async Task WriteKeptBackAsync(CancellationToken ct, Func<TurnWrites, bool>? needed = null)
    {
        if (_db.CurrentTurn is not { } scope || !_turns.TryGetValue(scope, out var turn)) return;
        if (needed is not null)
        {
            await turn.Gate.WaitAsync(ct);
            try { if (!needed(turn)) return; }
            finally { turn.Gate.Release(); }
        }
        await WriteKeptBackAsync(turn, turnEnds: false, ct);
    }

    private async Task WriteKeptBackAsync(TurnWrites turn, bool turnEnds, CancellationToken ct)
    {
        await turn.Gate.WaitAsync(ct);
        try
        {
            if (turnEnds) turn.Ended = true;
            foreach (var (number, row) in turn.Rows)
            {
                if (row.Unwritten is not { } c) continue;
                var columns = IndexedColumns.Of(c);
                if (!row.Stored)
                {
                    await _db.WriteAsync((conn, tx) => InsertRowAsync(conn, tx, c, ct), ct, oneStatement: true);
                    row.Stored = true;
                }
                else if (await UpdateRowAsync(c, row.StoredVersion, row.StoredColumns, ct) == 0)
                {
                    throw new CaseConflictException(number); // cannot happen while the turn holds the writer
                }
                row.StoredVersion = c.Version;
                row.StoredColumns = columns;
                row.Unwritten = null;
                _stored.AddOrUpdate(c, columns);
            }
        }
        finally
        {
            turn.Gate.Release();
        }
    }

    private Task<int> InsertRowAsync(SqliteConnection conn, SqliteTransaction tx, Case c, CancellationToken ct)
        => ExecutePreparedAsync(conn, """
            INSERT INTO complaint_case(number, version, conversation_id, customer_id, status, sku, created_at, updated_at, json, follow_up_at)
            VALUES ($n, $v, $conv, $cust, $status, $sku, $created, $updated, CAST($json AS TEXT), $follow);
            """, tx, ct, Columns(c));

    /// <summary>Writes <paramref name="c"/> over the row at version <paramref name="expected"/>; returns the rows changed (0: a conflict).</summary>
    private Task<int> UpdateRowAsync(Case c, int expected, IndexedColumns? stored, CancellationToken ct)
    {
        // Serialised here, not on the writer: the writer's time is shared by every turn.
        if (stored is not null && stored == IndexedColumns.Of(c))
        {
            (string, object?)[] args =
            [
                ("$n", c.Number), ("$v", c.Version), ("$updated", c.UpdatedAt.ToUnixTimeMilliseconds()),
                ("$json", CaseJson.SerializeToUtf8(c)), ("$expected", expected),
            ];
            return _db.WriteAsync((conn, tx) => ExecutePreparedAsync(conn, """
                UPDATE complaint_case SET version = $v, updated_at = $updated, json = CAST($json AS TEXT)
                WHERE number = $n AND version = $expected;
                """, tx, ct, args), ct, oneStatement: true);
        }
        var all = Columns(c).Append(("$expected", (object?)expected)).ToArray();
        return _db.WriteAsync((conn, tx) => ExecutePreparedAsync(conn, """
            UPDATE complaint_case SET version = $v, conversation_id = $conv, customer_id = $cust, status = $status,
                sku = $sku, updated_at = $updated, json = CAST($json AS TEXT), follow_up_at = $follow
            WHERE number = $n AND version = $expected;
            """, tx, ct, all), ct, oneStatement: true);
    }

    public async Task<Case?> FindOpenAsync(string? customerId, string? channelId, string? conversationId, CancellationToken ct = default)
    {
        if (customerId is not null)
        {
            var byCustomer = await SelectPreparedAsync("WHERE customer_id = $c AND status NOT IN ('Resolved', 'Closed') ORDER BY created_at DESC, number DESC LIMIT 1", ct, ("$c", customerId));
            if (byCustomer.Count > 0) return byCustomer[0];
        }
        if (conversationId is null) return null;
        // The channel lives in the case document; ids shared across channels are rare, so filtering here is cheap.
        var byConversation = await SelectPreparedAsync("WHERE conversation_id = $c AND status NOT IN ('Resolved', 'Closed') ORDER BY created_at DESC, number DESC", ct, ("$c", conversationId));
        return byConversation.FirstOrDefault(c => c.ChannelId == channelId);
    }

    public Task<IReadOnlyList<Case>> QueryAsync(CaseQuery q, CancellationToken ct = default)
    {
        var where = new List<string>();
        var args = new List<(string, object?)>();
        if (q.Statuses is { Count: > 0 })
        {
            var names = q.Statuses.Select((s, i) => { args.Add(($"$s{i}", s.ToString())); return $"$s{i}"; });
            where.Add($"status IN ({string.Join(",", names)})");
        }
        if (q.CustomerId is not null) { where.Add("customer_id = $cust"); args.Add(("$cust", q.CustomerId)); }
        if (q.ConversationId is not null) { where.Add("conversation_id = $conv"); args.Add(("$conv", q.ConversationId)); }
        if (q.Since is not null) { where.Add("created_at >= $since"); args.Add(("$since", q.Since.Value.ToUnixTimeMilliseconds())); }
        args.Add(("$limit", q.Limit));
        var sql = (where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "") + " ORDER BY created_at DESC, number DESC LIMIT $limit";
        return SelectAsync(sql, ct, args.ToArray());
    }

    public async Task<int> CountOpenBySkuAsync(string sku, string? exceptNumber = null, int atMost = int.MaxValue, CancellationToken ct = default)
    {
        // Only a kept-back save that moves another case into or out of this count must be written first (the flow asks
        // this about its own case, excepted, between two saves of it).
        await WriteKeptBackAsync(ct, turn => turn.Rows.Any(r => r.Value.Unwritten is { } c && r.Key != exceptNumber
            && (!r.Value.Stored || r.Value.StoredColumns is not { } was || OpenOnSku(was.Status, was.Sku) != OpenOnSku(c.Status, c.ProductSku))));
        await using var lease = await _db.RentReaderAsync(ct);
        var cmd = Prepared(lease.Connection,
            "SELECT COUNT(*) FROM (SELECT 1 FROM complaint_case WHERE sku = $sku AND status NOT IN ('Resolved', 'Closed') AND number <> $except LIMIT $most)", lease.Transaction,
            ("$sku", sku), ("$except", exceptNumber ?? ""), ("$most", atMost));
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(ct));
    }

    public async Task<CaseStatistics> GetStatisticsAsync(CaseStatisticsQuery query, CancellationToken ct = default)
    {
        await using var conn = await _db.OpenAsync(ct);
        return await SqliteCaseStatistics.ComputeAsync(conn, query, ct);
    }

    public async Task<IReadOnlyList<ProductComplaintCount>> CountByProductSinceAsync(DateTimeOffset since, int atLeast, CancellationToken ct = default)
    {
        await using var conn = await _db.OpenAsync(ct);
        return await SqliteCaseStatistics.CountByProductAsync(conn, since, atLeast, ct);
    }

    public Task<IReadOnlyList<Case>> DueFollowUpsAsync(DateTimeOffset now, int limit, CancellationToken ct = default)
        => SelectAsync("WHERE follow_up_at <= $now ORDER BY follow_up_at, number LIMIT $limit",
            ct, ("$now", CaseFollowUp.Key(now)), ("$limit", limit));

    // The stored phone's digits (no spaces, dashes, plus or brackets), compared by their ending.
    private const string PhoneDigitsSql = "replace(replace(replace(replace(replace(json_extract(json, '$.contactPhone'), ' ', ''), '-', ''), '+', ''), '(', ''), ')', '')";

    public Task<IReadOnlyList<Case>> FindForCustomerAsync(CustomerKey key, int limit = 1000, CancellationToken ct = default)
    {
        var where = key.Kind switch
        {
            CustomerKeyKind.CustomerId => "customer_id = $k",
            CustomerKeyKind.OrderNumber => "upper(json_extract(json, '$.orderNumber')) = upper($k)",
            _ => $"{PhoneDigitsSql} LIKE '%' || $k",
        };
        var value = key.Kind == CustomerKeyKind.Phone ? CustomerKey.PhoneDigits(key.Value) : key.Value;
        return SelectAsync($"WHERE {where} ORDER BY created_at, number LIMIT $limit", ct, ("$k", value), ("$limit", limit));
    }

    public async Task<int> DeleteAsync(IReadOnlyCollection<string> numbers, CancellationToken ct = default)
    {
        if (numbers.Count == 0) return 0;
        await ForgetTurnRowsAsync(ct);
        return await _db.WriteAsync(async (conn, tx) =>
        {
            var deleted = 0;
            foreach (var n in numbers.Distinct())
                deleted += await ExecutePreparedAsync(conn, "DELETE FROM complaint_case WHERE number = $n", tx, ct, ("$n", n));
            return deleted;
        }, ct);
    }

    public async Task<int> DeleteClosedBeforeAsync(DateTimeOffset cutoff, CancellationToken ct = default)
    {
        await ForgetTurnRowsAsync(ct);
        return await _db.WriteAsync((conn, tx) => ExecutePreparedAsync(conn, "DELETE FROM complaint_case WHERE status = 'Closed' AND updated_at < $cutoff",
            tx, ct, ("$cutoff", cutoff.ToUnixTimeMilliseconds())), ct);
    }

    /// <summary>
    /// Before a delete inside a turn: writes what the turn kept back and forgets its rows, so a later save of a deleted
    /// case reads the row again (and conflicts, as it would have) instead of being written over nothing at the commit.
    /// </summary>
    private async Task ForgetTurnRowsAsync(CancellationToken ct)
    {
        if (_db.CurrentTurn is not { } scope || !_turns.TryGetValue(scope, out var turn)) return;
        await WriteKeptBackAsync(turn, turnEnds: false, ct);
        await turn.Gate.WaitAsync(ct);
        turn.Rows.Clear();
        turn.Gate.Release();
    }

    /// <summary>Whether a case with these columns counts for <see cref="CountOpenBySkuAsync"/>, and on which SKU.</summary>
    private static string? OpenOnSku(CaseStatus status, string? sku) => status is CaseStatus.Resolved or CaseStatus.Closed ? null : sku ?? "";

    private async Task<IReadOnlyList<Case>> SelectAsync(string tail, CancellationToken ct, params (string, object?)[] args)
    {
        await WriteKeptBackAsync(ct);
        await using var lease = await _db.RentReaderAsync(ct);
        await using var cmd = Command(lease.Connection, "SELECT json, version FROM complaint_case " + tail, lease.Transaction, args);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await ReadCasesAsync(r, ct);
    }

    /// <summary>The per-turn lookups (fixed <paramref name="tail"/>): a rented reader and a prepared statement.</summary>
    private async Task<IReadOnlyList<Case>> SelectPreparedAsync(string tail, CancellationToken ct, params (string, object?)[] args)
    {
        await WriteKeptBackAsync(ct);
        await using var lease = await _db.RentReaderAsync(ct);
        var cmd = Prepared(lease.Connection, "SELECT json, version FROM complaint_case " + tail, lease.Transaction, args);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await ReadCasesAsync(r, ct);
    }

    private async Task<IReadOnlyList<Case>> ReadCasesAsync(SqliteDataReader r, CancellationToken ct)
    {
        var list = new List<Case>();
        while (await r.ReadAsync(ct))
        {
            var c = CaseJson.Deserialize(r.GetString(0));
            c.Version = r.GetInt32(1);
            // The columns are written from the document in the same statement, so the document tells what they hold.
            _stored.AddOrUpdate(c, IndexedColumns.Of(c));
            list.Add(c);
        }
        return list;
    }

    /// <summary>
    /// What one turn did to the cases it saved. A turn's flow saves a case up to three times (facts, analysis, status);
    /// each save serialised the whole document and ran an UPDATE. Inside a turn a save is checked at once and written
    /// once, just before the turn commits (or before a query of the turn that must see it). One turn at a time per entry:
    /// <see cref="Gate"/>.
    /// </summary>
    private sealed class TurnWrites
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        public readonly Dictionary<string, TurnRow> Rows = new(StringComparer.Ordinal);
        /// <summary>The turn is committing: a later save writes at once.</summary>
        public bool Ended;
    }

    private sealed class TurnRow
    {
        /// <summary>The version the case has with the turn's saves so far (written or kept back).</summary>
        public int Version;
        /// <summary>The version in the row (false <see cref="Stored"/>: created in this turn, not inserted yet).</summary>
        public int StoredVersion;
        public bool Stored;
        /// <summary>The indexed columns in the row, when known.</summary>
        public IndexedColumns? StoredColumns;
        /// <summary>The latest saved object, not written yet.</summary>
        public Case? Unwritten;
    }

    /// <summary>The columns of a case row that indexes are built on (besides its number and created_at, never changed).</summary>
    private sealed record IndexedColumns(string ConversationId, string? CustomerId, CaseStatus Status, string? Sku, long? FollowUpAt)
    {
        public static IndexedColumns Of(Case c) => new(c.ConversationId, c.CustomerId, c.Status, c.ProductSku, c.FollowUp?.PendingAt);
    }

    // The document is bound as UTF-8 bytes and stored as TEXT (CAST): a string would be serialised as UTF-8, turned
    // into UTF-16, and turned back into UTF-8 by the binding.
    private static (string, object?)[] Columns(Case c) =>
    [
        ("$n", c.Number), ("$v", c.Version), ("$conv", c.ConversationId), ("$cust", c.CustomerId),
        ("$status", c.Status.ToString()), ("$sku", c.ProductSku),
        ("$created", c.CreatedAt.ToUnixTimeMilliseconds()), ("$updated", c.UpdatedAt.ToUnixTimeMilliseconds()),
        ("$json", CaseJson.SerializeToUtf8(c)), ("$follow", c.FollowUp?.PendingAt),
    ];
}

using System.Text.RegularExpressions;
using Npgsql;

namespace ComplaintBot.Bot.Stores;

/// <summary>
/// The shared PostgreSQL database of all bot instances: the data source, the schema name and the idempotent DDL.
/// Each store awaits <see cref="EnsureSchemaAsync"/> before its first statement, so stores also work outside the host.
/// </summary>
public sealed partial class PostgresDatabase
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _created;

    public PostgresDatabase(NpgsqlDataSource dataSource, string schema)
    {
        if (!IdentifierPattern().IsMatch(schema))
            throw new ArgumentException($"Schema name '{schema}' must match {IdentifierPattern()} (it is spliced into SQL).", nameof(schema));
        DataSource = dataSource;
        Schema = schema;
    }

    public NpgsqlDataSource DataSource { get; }

    public string Schema { get; }

    // Per database (not static): tests run several "instances" in one process, each with its own turns.
    private readonly AsyncLocal<PostgresTurnScope?> _turn = new();

    /// <summary>The open turn this code runs in (see <see cref="PostgresTurnScope"/>), or null.</summary>
    public PostgresTurnScope? CurrentTurn => _turn.Value is { IsOpen: true } t ? t : null;

    /// <summary>Opens a turn's connection and transaction; <see cref="Enter"/> makes it the current one.</summary>
    public async Task<PostgresTurnScope> BeginTurnAsync(CancellationToken ct)
    {
        await EnsureSchemaAsync(ct);
        return await PostgresTurnScope.BeginAsync(DataSource, ct);
    }

    /// <summary>
    /// Makes <paramref name="turn"/> current for the rest of the calling async method and what it awaits. Synchronous on
    /// purpose: an async-local set inside an async method would be undone when that method returns.
    /// </summary>
    public void Enter(PostgresTurnScope turn) => _turn.Value = turn;

    /// <summary>
    /// A connection for one store operation: the current turn's (its statements then commit with the turn) or, outside
    /// a turn, a pooled one. Never hold two leases at once in one flow: inside a turn the second would wait for the first.
    /// </summary>
    public async ValueTask<PostgresLease> LeaseAsync(CancellationToken ct)
    {
        await EnsureSchemaAsync(ct);
        if (CurrentTurn is { } turn)
        {
            await turn.EnterAsync(ct);
            if (turn.IsOpen) return new PostgresLease(turn.Connection, turn);
            turn.Exit(); // it ended while we waited
        }
        return new PostgresLease(await DataSource.OpenConnectionAsync(ct), null);
    }

    /// <summary>A schema-qualified, quoted table name for SQL text.</summary>
    public string Table(string name) => $"\"{Schema}\".\"{name}\"";

    public async Task EnsureSchemaAsync(CancellationToken ct = default)
    {
        if (_created) return;
        await _gate.WaitAsync(ct);
        try
        {
            if (_created) return;
            await using var conn = await DataSource.OpenConnectionAsync(ct);
            await using var tx = await conn.BeginTransactionAsync(ct);
            // Several instances start at once: CREATE ... IF NOT EXISTS alone still races on the catalogs, so
            // serialize the DDL on an advisory lock derived from the schema name.
            await using (var lockCmd = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext(@s))", conn, tx))
            {
                lockCmd.Parameters.AddWithValue("s", "complaintbot-ddl:" + Schema);
                await lockCmd.ExecuteNonQueryAsync(ct);
            }
            await using (var ddl = new NpgsqlCommand(Ddl(), conn, tx))
                await ddl.ExecuteNonQueryAsync(ct);
            await tx.CommitAsync(ct);
            _created = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// An index created only when missing. CREATE INDEX IF NOT EXISTS locks its table before it looks, so an instance
    /// starting while another's turn has written to the table (and holds its transaction) would wait for that turn.
    /// </summary>
    private string Index(string name, string table, string definition)
        => $"DO $$ BEGIN IF to_regclass('\"{Schema}\".\"{name}\"') IS NULL THEN CREATE INDEX \"{name}\" ON {Table(table)} {definition}; END IF; END $$;";

    // json (not jsonb) keeps the text exactly as written, so a value reads back byte for byte.
    private string Ddl() => $"""
        CREATE SCHEMA IF NOT EXISTS "{Schema}";
        CREATE TABLE IF NOT EXISTS {Table("state")} (
            key        text PRIMARY KEY,
            value      json NOT NULL,
            etag       text NOT NULL,
            updated_at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE IF NOT EXISTS {Table("transcript_counters")} (
            conversation_id text PRIMARY KEY,
            last_sequence   bigint NOT NULL);
        CREATE TABLE IF NOT EXISTS {Table("transcripts")} (
            conversation_id text NOT NULL,
            sequence        bigint NOT NULL,
            at              timestamptz NOT NULL,
            activity        json NOT NULL,
            PRIMARY KEY (conversation_id, sequence));
        CREATE TABLE IF NOT EXISTS {Table("case_counters")} (
            day  text PRIMARY KEY,
            last integer NOT NULL);
        CREATE TABLE IF NOT EXISTS {Table("cases")} (
            number          text PRIMARY KEY,
            version         integer NOT NULL,
            conversation_id text NOT NULL,
            customer_id     text,
            status          text NOT NULL,
            sku             text,
            created_at      timestamptz NOT NULL,
            updated_at      timestamptz NOT NULL,
            doc             json NOT NULL,
            follow_up_at    bigint);
        -- Stores made before 2026-12-08 kept the follow-up's time only in the document, under an expression index that
        -- had every case save parse the document: add the column, fill it from the documents, drop that index.
        DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                           WHERE table_schema = '{Schema}' AND table_name = 'cases' AND column_name = 'follow_up_at') THEN
                ALTER TABLE {Table("cases")} ADD COLUMN follow_up_at bigint;
                UPDATE {Table("cases")} SET follow_up_at = {PostgresCaseStore.FollowUpPendingInDocument}
                    WHERE {PostgresCaseStore.FollowUpPendingInDocument} IS NOT NULL;
            END IF;
            IF to_regclass('"{Schema}"."cases_follow_up"') IS NOT NULL THEN DROP INDEX "{Schema}"."cases_follow_up"; END IF;
        END $$;
        {Index("cases_customer", "cases", $"(customer_id, status)")}
        {Index("cases_conversation", "cases", $"(conversation_id, status)")}
        {Index("cases_sku", "cases", $"(sku, status)")}
        {Index("cases_created", "cases", $"(created_at)")}
        {Index("cases_follow_up_at", "cases", $"(follow_up_at, number) WHERE follow_up_at IS NOT NULL")}
        -- Open cases only, in the order the per-turn lookups ask for (see SqliteCaseStore): flat with the store's size.
        {Index("cases_customer_open", "cases", $"(customer_id, created_at, number) WHERE status NOT IN ('Resolved', 'Closed')")}
        {Index("cases_conversation_open", "cases", $"(conversation_id, created_at, number) WHERE status NOT IN ('Resolved', 'Closed')")}
        {Index("cases_sku_open", "cases", $"(sku, number) WHERE status NOT IN ('Resolved', 'Closed')")}
        -- The retention sweeps delete by age: found by index, not by reading every row.
        {Index("cases_closed", "cases", $"(updated_at) WHERE status = 'Closed'")}
        {Index("transcripts_at", "transcripts", $"(at)")}
        CREATE TABLE IF NOT EXISTS {Table("handoff_entries")} (
            conversation_id text PRIMARY KEY,
            owner           text NOT NULL,
            priority        integer NOT NULL,
            escalated_at    timestamptz NOT NULL,
            version         bigint NOT NULL,
            doc             json NOT NULL);
        {Index("handoff_queue", "handoff_entries", $"(owner, priority DESC, escalated_at)")}
        CREATE TABLE IF NOT EXISTS {Table("data_protection_keys")} (
            name       text PRIMARY KEY,
            xml        text NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE IF NOT EXISTS {Table("notification_spill")} (
            id         bigserial PRIMARY KEY,
            payload    text NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now());
        """;

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex IdentifierPattern();

    internal static bool IsIdentifier(string name) => IdentifierPattern().IsMatch(name);
}

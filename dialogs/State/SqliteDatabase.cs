using System.Collections.Concurrent;
using System.Threading.Channels;
using ComplaintBot.Dialogs.Runtime;
using Microsoft.Data.Sqlite;

namespace ComplaintBot.Dialogs.State;

/// <summary>
/// One embedded SQLite file shared by the state store, the transcript store, the case store, the hand-off store and
/// the demo shop: the host registers one instance per file, so the process has exactly one writer connection.
/// WAL lets readers run beside the one writer; busy_timeout makes a writer from another process wait.
///
/// Readers take pooled connections (cheap to open). Writes of this process go through <see cref="WriteAsync{T}"/>:
/// a single writer loop with its own connection drains the queue and runs every waiting write in ONE transaction
/// (group commit), each inside its own savepoint, so one write's conflict rolls back only that write. Concurrent
/// turns therefore queue in memory and share a commit instead of sleeping in SQLite's busy handler, which under
/// load turned p99 latency into seconds.
/// </summary>
public sealed class SqliteDatabase : IDisposable
{
    private const int MaxBatch = 256;
    private const int MaxIdleReaders = 16;

    private readonly string _connectionString;
    private readonly string _readerConnectionString;
    private readonly ConcurrentBag<ReaderConnection> _idleReaders = new();
    private int _idleReaderCount;
    private volatile bool _disposed;
    private bool _writerTraced;
    private readonly int _busyTimeoutMs;
    private readonly object _initGate = new();
    private readonly HashSet<string> _initialized = new(StringComparer.Ordinal);
    private readonly Channel<IWriteRequest> _writes = Channel.CreateUnbounded<IWriteRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writerLoop;
    private SqliteConnection? _writer;

    static SqliteDatabase()
    {
        // The part of the process's memory that the GC's figures do not show: page caches, statements, schemas.
        BotTelemetry.Meter.CreateObservableGauge("complaintbot.sqlite.memory", static () => SQLitePCL.raw.sqlite3_memory_used(),
            "By", "Memory SQLite holds in this process (every file and connection): page caches, prepared statements, schemas.");
    }

    public SqliteDatabase(string path, int busyTimeoutMs = 5000)
    {
        Path = System.IO.Path.GetFullPath(path);
        var dir = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        // Customers' data: owner-only, created so before SQLite opens it (its -wal/-shm copy the mode).
        PrivateFiles.EnsureOwnerOnly(Path);
        _busyTimeoutMs = busyTimeoutMs;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = Math.Max(1, busyTimeoutMs / 1000),
        }.ToString();
        // The rented readers are kept open by this class (so their prepared statements survive), not by the pool.
        _readerConnectionString = new SqliteConnectionStringBuilder(_connectionString) { Pooling = false }.ToString();

        using (var connection = new SqliteConnection(_connectionString))
        {
            connection.Open();
            // WAL is a property of the file: set once, it sticks for every later connection.
            Execute(connection, "PRAGMA journal_mode=WAL;");
        }
        _writerLoop = Task.Run(WriterLoopAsync);
    }

    public string Path { get; }

    /// <summary>
    /// Diagnostics and tests: called with the text of every SQL statement that any connection of this database runs
    /// (readers and the writer, including BEGIN/SAVEPOINT/COMMIT). Readers are hooked when opened while it is set; the writer always is.
    /// </summary>
    public Action<string>? StatementObserver { get; set; }

    /// <summary>
    /// One of this database's reader connections, open, for a read that runs on every turn; dispose the lease to give
    /// it back. Its statements stay prepared between leases (use <see cref="SqliteCommands.Prepared"/> on it, and do
    /// not dispose those commands). At most <c>MaxIdleReaders</c> wait idle; more are closed when given back.
    /// </summary>
    public async ValueTask<ReaderLease> RentReaderAsync(CancellationToken ct = default)
    {
        // A turn that has written reads on its own connection, so it sees its uncommitted changes.
        if (CurrentTurn is { } turn && await turn.TryEnterForReadAsync(ct)) return new ReaderLease(turn);
        if (_idleReaders.TryTake(out var reader))
        {
            Interlocked.Decrement(ref _idleReaderCount);
        }
        else
        {
            var connection = new SqliteConnection(_readerConnectionString);
            await connection.OpenAsync(ct).ConfigureAwait(false);
            reader = new ReaderConnection(connection);
        }
        reader.Traced = SyncTrace(reader.Connection, reader.Traced);
        return new ReaderLease(this, reader);
    }

    private void Return(ReaderConnection reader)
    {
        if (_disposed || Interlocked.Increment(ref _idleReaderCount) > MaxIdleReaders)
        {
            if (!_disposed) Interlocked.Decrement(ref _idleReaderCount);
            reader.Connection.Dispose();
            return;
        }
        _idleReaders.Add(reader);
        if (_disposed) CloseIdleReaders(); // raced with Dispose
    }

    private void CloseIdleReaders()
    {
        while (_idleReaders.TryTake(out var idle)) idle.Connection.Dispose();
    }

    /// <summary>
    /// A rented reader connection (<see cref="RentReaderAsync"/>), or inside a turn that has written, the turn's own
    /// connection: pass <see cref="Transaction"/> to every command. Disposing it gives the connection back.
    /// </summary>
    public readonly struct ReaderLease : IDisposable, IAsyncDisposable
    {
        private readonly SqliteDatabase? _db;
        private readonly ReaderConnection? _reader;
        private readonly SqliteTurnScope? _turn;

        internal ReaderLease(SqliteDatabase db, ReaderConnection reader)
        {
            _db = db;
            _reader = reader;
        }

        internal ReaderLease(SqliteTurnScope turn) => _turn = turn;

        public SqliteConnection Connection => _turn?.Connection ?? _reader!.Connection;

        /// <summary>The turn's transaction when reading on the turn's connection, else null.</summary>
        public SqliteTransaction? Transaction => _turn?.Transaction;

        public void Dispose()
        {
            if (_turn is not null) _turn.ExitRead();
            else _db!.Return(_reader!);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }

    internal sealed class ReaderConnection(SqliteConnection connection)
    {
        public SqliteConnection Connection { get; } = connection;
        public bool Traced { get; set; }
    }

    /// <summary>
    /// An open pooled connection for reading; dispose it to return it to the pool. Writes go through
    /// <see cref="WriteAsync{T}"/>. No pragmas per open: in WAL a reader does not wait for the writer, and where it
    /// must (a checkpoint), Microsoft.Data.Sqlite retries busy errors itself up to the command timeout.
    /// </summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken ct = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        if (StatementObserver is not null) Observe(connection);
        return connection;
    }

    private async Task<SqliteConnection> OpenWriterAsync()
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        _writerTraced = false;
        // synchronous=NORMAL is the recommended WAL setting: durable across process crashes, far fewer fsyncs.
        // busy_timeout: another process (or another handle in tests) may hold the file's write lock.
        Execute(connection, $"PRAGMA busy_timeout={_busyTimeoutMs}; PRAGMA synchronous=NORMAL;");
        return connection;
    }

    // Per database (not static): tests run several hosts in one process, each with its own turns.
    private readonly AsyncLocal<SqliteTurnScope?> _turn = new();

    /// <summary>The open turn this code runs in (<see cref="SqliteTurnScope"/>), or null.</summary>
    public SqliteTurnScope? CurrentTurn => _turn.Value is { IsOpen: true } t ? t : null;

    /// <summary>
    /// Starts a turn's transaction and makes it current for the rest of the calling async method and what it awaits.
    /// Synchronous on purpose: an async-local set inside an async method would be undone when that method returns.
    /// </summary>
    public SqliteTurnScope BeginTurn()
    {
        var turn = new SqliteTurnScope(this);
        _turn.Value = turn;
        return turn;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a savepoint and completes once it is stored: inside a turn in the turn's
    /// transaction (committed with the turn), otherwise in the writer's shared transaction, committed before this
    /// completes. An exception from <paramref name="work"/> (e.g. <see cref="StorageConflictException"/>) undoes that
    /// work only and is rethrown to the caller. Use the given transaction on every command.
    /// With <paramref name="oneStatement"/> (work that changes the file with a single statement, and throws, if at all,
    /// only when that statement failed or changed nothing) the savepoint is left out: SQLite undoes a failed statement
    /// by itself, so the savepoint's two statements bought nothing (most of a turn's writes are one statement).
    /// </summary>
    public Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken ct = default, bool oneStatement = false)
        => CurrentTurn is { } turn ? turn.WriteAsync(work, ct, oneStatement) : EnqueueWriteAsync(work, ct, oneStatement);

    /// <summary>
    /// Like <see cref="WriteAsync{T}"/> but committed at once even inside a turn, while that turn has not written yet
    /// (e.g. the customer's message, kept even when the turn fails). Once the turn holds the writer it joins the turn:
    /// waiting for the writer would wait for the turn itself.
    /// </summary>
    public Task<T> WriteOnItsOwnAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken ct = default, bool oneStatement = false)
        => CurrentTurn is { HoldsWriter: true } turn ? turn.WriteAsync(work, ct, oneStatement) : EnqueueWriteAsync(work, ct, oneStatement);

    internal Task<T> EnqueueWriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken ct, bool oneStatement = false)
    {
        var request = new WriteRequest<T>(work, ct, oneStatement);
        if (!_writes.Writer.TryWrite(request)) throw new ObjectDisposedException(nameof(SqliteDatabase));
        return request.Task;
    }

    /// <summary>Queues behind the writes already waiting, then lends the writer connection to a turn until it releases it.</summary>
    internal Task<SqliteConnection> HandOverWriterAsync(WriterHandover handover)
    {
        if (!_writes.Writer.TryWrite(handover)) throw new ObjectDisposedException(nameof(SqliteDatabase));
        return handover.Granted;
    }

    /// <summary>
    /// <paramref name="work"/> in a savepoint of <paramref name="tx"/>: released on success; on an error rolled back to it
    /// (the rest of the transaction stays) and rethrown. Errors that leave the file unusable (I/O, corrupt, full, not a
    /// database) are rethrown as they are and reported through <paramref name="broken"/>. With <paramref name="oneStatement"/>
    /// no savepoint (see <see cref="WriteAsync{T}"/>).
    /// </summary>
    internal static async Task<T> InSavepointAsync<T>(SqliteConnection connection, SqliteTransaction tx,
        Func<SqliteConnection, SqliteTransaction, Task<T>> work, Action? broken = null, bool oneStatement = false)
    {
        if (oneStatement)
        {
            try
            {
                return await work(connection, tx).ConfigureAwait(false);
            }
            catch (SqliteException e) when (e.SqliteErrorCode is 10 or 11 or 13 or 26) // IO, corrupt, full, not a db
            {
                broken?.Invoke();
                throw;
            }
        }
        // The text SqliteTransaction.Save/Release/Rollback would run, as prepared commands of the writer connection.
        const string save = "SAVEPOINT \"write\";";
        const string release = "RELEASE SAVEPOINT \"write\";";
        const string rollback = "ROLLBACK TO SAVEPOINT \"write\";";
        SqliteCommands.Prepared(connection, save, tx).ExecuteNonQuery();
        try
        {
            var result = await work(connection, tx).ConfigureAwait(false);
            SqliteCommands.Prepared(connection, release, tx).ExecuteNonQuery();
            return result;
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 10 or 11 or 13 or 26) // IO, corrupt, full, not a db
        {
            broken?.Invoke();
            throw;
        }
        catch
        {
            SqliteCommands.Prepared(connection, rollback, tx).ExecuteNonQuery();
            SqliteCommands.Prepared(connection, release, tx).ExecuteNonQuery();
            throw;
        }
    }

    /// <summary>Runs <paramref name="ddl"/> once per process for <paramref name="name"/> (idempotent CREATE ... IF NOT EXISTS).</summary>
    public void EnsureSchema(string name, string ddl) => EnsureSchema(name, connection => Execute(connection, ddl));

    /// <summary>
    /// Runs <paramref name="create"/> once per process for <paramref name="name"/> on a connection of its own: for a
    /// schema that also upgrades what older versions made (it must be idempotent, and safe beside another process).
    /// </summary>
    public void EnsureSchema(string name, Action<SqliteConnection> create)
    {
        lock (_initGate)
        {
            if (_initialized.Contains(name)) return;
            using var connection = new SqliteConnection(_connectionString);
            connection.Open();
            Execute(connection, $"PRAGMA busy_timeout={_busyTimeoutMs};");
            create(connection);
            _initialized.Add(name);
        }
    }

    /// <summary>Finishes the queued writes, then closes the writer connection.</summary>
    public void Dispose()
    {
        if (!_writes.Writer.TryComplete()) return;
        try { _writerLoop.Wait(TimeSpan.FromSeconds(30)); } catch (AggregateException) { }
        _writer?.Dispose();
        _writer = null;
        _disposed = true;
        CloseIdleReaders();
    }

    private async Task WriterLoopAsync()
    {
        var batch = new List<IWriteRequest>(MaxBatch);
        var reader = _writes.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            WriterHandover? handover = null;
            while (batch.Count < MaxBatch && reader.TryRead(out var request))
            {
                // A turn's transaction takes the writer in queue order: what was queued before it commits first.
                if (request is WriterHandover h) { handover = h; break; }
                batch.Add(request);
            }
            if (batch.Count > 0) await CommitBatchAsync(batch).ConfigureAwait(false);
            if (handover is not null) await LendWriterAsync(handover).ConfigureAwait(false);
        }
    }

    private async Task CommitBatchAsync(List<IWriteRequest> batch)
    {
        try
        {
            _writer ??= await OpenWriterAsync().ConfigureAwait(false);
            _writerTraced = SyncTrace(_writer, _writerTraced);
            using var tx = _writer.BeginTransaction(); // IMMEDIATE: takes the file's write lock up front
            foreach (var request in batch) await request.RunAsync(_writer, tx).ConfigureAwait(false);
            tx.Commit();
            foreach (var request in batch) request.Complete();
        }
        catch (Exception ex)
        {
            // BEGIN, a savepoint or COMMIT failed: nothing of this batch is stored.
            foreach (var request in batch) request.Fail(ex);
            _writer?.Dispose();
            _writer = null;
        }
    }

    /// <summary>The turn's transaction runs on the writer connection; the loop waits until the turn has committed or rolled back.</summary>
    private async Task LendWriterAsync(WriterHandover handover)
    {
        try
        {
            _writer ??= await OpenWriterAsync().ConfigureAwait(false);
            _writerTraced = SyncTrace(_writer, _writerTraced);
        }
        catch (Exception ex)
        {
            handover.Fail(ex);
            _writer?.Dispose();
            _writer = null;
            return;
        }
        if (!handover.Grant(_writer)) return; // the turn stopped waiting (cancelled)
        if (await handover.Released.ConfigureAwait(false))
        {
            _writer.Dispose();
            _writer = null;
        }
    }

    // A pooled connection keeps its hook after it is returned; the hook reads the current observer each time.
    private void Observe(SqliteConnection connection)
        => SQLitePCL.raw.sqlite3_trace(connection.Handle, static (db, sql) => ((SqliteDatabase)db).StatementObserver?.Invoke(sql), this);

    /// <summary>
    /// Hooks a long-lived connection (the writer, a rented reader) while an observer is set and unhooks it when none
    /// is: a hooked connection has SQLite expand every statement's text, which costs on every statement.
    /// </summary>
    private bool SyncTrace(SqliteConnection connection, bool traced)
    {
        var want = StatementObserver is not null;
        if (want == traced) return traced;
        if (want) Observe(connection);
        else SQLitePCL.raw.sqlite3_trace(connection.Handle, (SQLitePCL.strdelegate_trace?)null, null);
        return want;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private interface IWriteRequest
    {
        Task RunAsync(SqliteConnection connection, SqliteTransaction tx);
        void Complete();
        void Fail(Exception batchError);
    }

    /// <summary>A turn's request for the writer connection (<see cref="SqliteTurnScope"/>); released when the turn ends.</summary>
    internal sealed class WriterHandover : IWriteRequest
    {
        private readonly TaskCompletionSource<SqliteConnection> _granted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<bool> _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenRegistration _cancel;

        public WriterHandover(CancellationToken ct) => _cancel = ct.Register(() => _granted.TrySetCanceled(ct));

        public Task<SqliteConnection> Granted => _granted.Task;

        /// <summary>Completes with true when the turn found the connection broken (the loop then opens a new one).</summary>
        public Task<bool> Released => _released.Task;

        public bool Grant(SqliteConnection writer)
        {
            _cancel.Dispose();
            return _granted.TrySetResult(writer);
        }

        public void Release(bool broken) => _released.TrySetResult(broken);

        public void Fail(Exception error) => _granted.TrySetException(error);

        Task IWriteRequest.RunAsync(SqliteConnection connection, SqliteTransaction tx) => Task.CompletedTask;
        void IWriteRequest.Complete() { }
        void IWriteRequest.Fail(Exception batchError) => Fail(batchError);
    }

    private sealed class WriteRequest<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken ct, bool oneStatement) : IWriteRequest
    {
        // Continuations must not run on the writer loop.
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;
        private Exception? _error;

        public Task<T> Task => _done.Task;

        public async Task RunAsync(SqliteConnection connection, SqliteTransaction tx)
        {
            if (ct.IsCancellationRequested)
            {
                _error = new OperationCanceledException(ct);
                return;
            }
            try
            {
                _result = await InSavepointAsync(connection, tx, work, oneStatement: oneStatement).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not SqliteException { SqliteErrorCode: 10 or 11 or 13 or 26 }) // the batch fails
            {
                _error = ex;
            }
        }

        public void Complete()
        {
            if (_error is null) _done.TrySetResult(_result!);
            else _done.TrySetException(_error);
        }

        public void Fail(Exception batchError) => _done.TrySetException(_error ?? batchError);
    }
}

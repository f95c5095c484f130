using Microsoft.Data.Sqlite;

namespace ComplaintBot.Dialogs.State;

/// <summary>
/// One turn's transaction on the SQLite file (begun by <see cref="Turns.SqliteTurnMiddleware"/>, the counterpart of the
/// PostgreSQL turn scope). Every write the turn makes through <see cref="SqliteDatabase.WriteAsync{T}"/> (case, dialog
/// state with its delivery record, replies in the transcript, hand-off entry) runs in it, each in a savepoint of its
/// own (a write of one statement needs none), and they commit together when the turn ends or roll back together when it fails: a crash mid-turn leaves no
/// orphan case and uses up no case number.
///
/// SQLite has one writer per file, so the transaction holds the process's writer connection: it is taken at the turn's
/// first write (not at the start: reading, NLU and the dialog run beside other turns) and given back at the commit.
/// Meanwhile other turns' writes queue in memory. Once the turn has written, its reads use the same connection, so it
/// reads what it wrote; before that they use the pooled readers. One statement at a time: leases queue on a gate.
/// </summary>
public sealed class SqliteTurnScope : IAsyncDisposable
{
    private readonly SqliteDatabase _db;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly AfterCommitActions _afterCommit = new();
    private readonly List<Func<Task>> _beforeCommit = new();
    private SqliteDatabase.WriterHandover? _handover;
    private SqliteConnection? _connection;
    private SqliteTransaction? _transaction;
    private bool _broken;
    private volatile bool _closed;

    internal SqliteTurnScope(SqliteDatabase db) => _db = db;

    /// <summary>False once committed or rolled back: work the turn left running then writes on its own.</summary>
    public bool IsOpen => !_closed;

    /// <summary>True from the turn's first write: its transaction holds the file's writer until the turn ends.</summary>
    public bool HoldsWriter => _transaction is not null;

    /// <summary>The activity the turn is for: its transcript entry is committed at once (see <see cref="SqliteTranscriptStore"/>).</summary>
    public Schema.Activity? Incoming { get; set; }

    /// <summary>Runs <paramref name="action"/> once the turn has committed (e.g. wake subscribers that re-read the store); dropped on rollback.</summary>
    public void AfterCommit(Func<Task> action)
    {
        _afterCommit.Add(action);
    }

    /// <summary>
    /// Runs <paramref name="action"/> when the turn ends well, inside its transaction just before the commit (e.g. write a
    /// case the turn saved several times, once); an action that fails rolls the turn back. Dropped on rollback.
    /// </summary>
    public void BeforeCommit(Func<Task> action)
    {
        lock (_beforeCommit) _beforeCommit.Add(action);
    }

    internal async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken ct, bool oneStatement = false)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (!_closed)
            {
                if (_transaction is null) await TakeWriterAsync(ct);
                return await SqliteDatabase.InSavepointAsync(_connection!, _transaction!, work, () => _broken = true, oneStatement);
            }
        }
        finally
        {
            _gate.Release();
        }
        return await _db.EnqueueWriteAsync(work, ct, oneStatement); // the turn ended while this waited
    }

    /// <summary>The turn's connection for a read once it has written (null before: read from a pooled reader).</summary>
    internal async ValueTask<bool> TryEnterForReadAsync(CancellationToken ct)
    {
        if (_transaction is null || _closed) return false;
        await _gate.WaitAsync(ct);
        if (_transaction is not null && !_closed) return true;
        _gate.Release();
        return false;
    }

    internal SqliteConnection Connection => _connection!;

    internal SqliteTransaction Transaction => _transaction!;

    internal void ExitRead() => _gate.Release();

    private async Task TakeWriterAsync(CancellationToken ct)
    {
        var handover = new SqliteDatabase.WriterHandover(ct);
        _connection = await _db.HandOverWriterAsync(handover);
        _handover = handover;
        try
        {
            _transaction = _connection.BeginTransaction(); // BEGIN IMMEDIATE
        }
        catch
        {
            _handover = null;
            handover.Release(broken: true);
            throw;
        }
    }

    /// <summary>Commits what the turn wrote (nothing to do when it wrote nothing), then runs the after-commit actions.</summary>
    public async Task CommitAsync()
    {
        while (true)
        {
            Func<Task>[] before;
            lock (_beforeCommit) { before = _beforeCommit.ToArray(); _beforeCommit.Clear(); }
            if (before.Length == 0) break;
            if (_closed) return;
            foreach (var action in before) await action();
        }
        await _gate.WaitAsync();
        try
        {
            if (_closed) return;
            if (_transaction is not null)
            {
                try
                {
                    _transaction.Commit();
                }
                catch
                {
                    _broken = true;
                    throw;
                }
            }
        }
        finally
        {
            Close();
            _gate.Release();
        }
        await _afterCommit.RunAsync();
    }

    /// <summary>Undoes everything the turn wrote.</summary>
    public async Task RollbackAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_closed) return;
            try { _transaction?.Rollback(); }
            catch (SqliteException) { _broken = true; /* the connection is reopened; SQLite rolled back what it could not commit */ }
        }
        finally
        {
            Close();
            _gate.Release();
        }
    }

    private void Close()
    {
        _closed = true;
        _transaction?.Dispose(); // rolls back if neither Commit nor Rollback completed
        _transaction = null;
        _handover?.Release(_broken);
        _handover = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_closed) await RollbackAsync();
    }
}

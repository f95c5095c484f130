using ComplaintBot.Dialogs.State;
using Npgsql;

namespace ComplaintBot.Bot.Stores;

/// <summary>
/// One turn's connection and transaction (opened by <see cref="PostgresTurnLock"/>). Every store statement the turn
/// runs goes through it (<see cref="PostgresDatabase.LeaseAsync"/>), so
/// - a turn uses exactly one pooled connection, whatever the stores do: the turn never waits for a second connection
///   while holding one, so a small pool queues turns instead of deadlocking, and the number of connections an instance
///   uses is bounded by its pool;
/// - everything the turn changes (cases, conversation state with its delivery record, transcript, hand-off entry,
///   notifications to other instances) commits together or not at all: a crash mid-turn leaves no orphan case.
/// One statement at a time: the connection is not shared concurrently, so leases queue on a gate.
/// </summary>
public sealed class PostgresTurnScope : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly AfterCommitActions _afterCommit = new();
    private volatile bool _closed;

    private PostgresTurnScope(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        Connection = connection;
        Transaction = transaction;
    }

    public NpgsqlConnection Connection { get; }
    public NpgsqlTransaction Transaction { get; }

    /// <summary>False once committed or rolled back: work the turn left running falls back to pooled connections.</summary>
    public bool IsOpen => !_closed;

    /// <summary>The activity the turn is for (set by the turn lock).</summary>
    internal Dialogs.Schema.Activity? Incoming { get; set; }

    /// <summary>The conversation the transcript store logged <see cref="Incoming"/> to in this transaction, if it did.</summary>
    internal string? IncomingLoggedTo { get; set; }

    internal static async Task<PostgresTurnScope> BeginAsync(NpgsqlDataSource source, CancellationToken ct)
    {
        var connection = await source.OpenConnectionAsync(ct);
        try
        {
            return new PostgresTurnScope(connection, await connection.BeginTransactionAsync(ct));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    internal Task EnterAsync(CancellationToken ct) => _gate.WaitAsync(ct);

    internal void Exit() => _gate.Release();

    /// <summary>Runs <paramref name="action"/> once the turn has committed (e.g. wake local subscribers that re-read the store).</summary>
    public void AfterCommit(Func<Task> action)
    {
        _afterCommit.Add(action);
    }

    internal async Task CommitAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await Transaction.CommitAsync(ct);
        }
        finally
        {
            _closed = true;
            _gate.Release();
        }
        await _afterCommit.RunAsync();
    }

    internal async Task RollbackAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (!_closed) await Transaction.RollbackAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException) { /* connection gone: rolled back by the server */ }
        finally
        {
            _closed = true;
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_closed) await RollbackAsync();
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }
}

/// <summary>
/// A connection for one store operation (<see cref="PostgresDatabase.LeaseAsync"/>): inside a turn the turn's own
/// connection and transaction, otherwise a pooled connection of its own. Dispose it to give it back.
/// </summary>
public sealed class PostgresLease : IAsyncDisposable
{
    private readonly PostgresTurnScope? _turn;
    private int _savepoints;

    internal PostgresLease(NpgsqlConnection connection, PostgresTurnScope? turn)
    {
        Connection = connection;
        _turn = turn;
    }

    public NpgsqlConnection Connection { get; }

    /// <summary>The turn's transaction, or null outside a turn.</summary>
    public NpgsqlTransaction? Transaction => _turn?.Transaction;

    public bool InTurn => _turn is not null;

    public NpgsqlCommand Command(string sql = "") => new(sql, Connection, Transaction);

    /// <summary>
    /// Runs several statements all-or-nothing: in a turn inside a savepoint (a failure undoes only this work and leaves
    /// the turn's transaction usable), otherwise in a transaction of its own that commits here.
    /// </summary>
    public async Task<T> AtomicAsync<T>(Func<NpgsqlTransaction, Task<T>> work, CancellationToken ct)
    {
        if (_turn is not null)
        {
            var name = "store_" + ++_savepoints;
            await _turn.Transaction.SaveAsync(name, ct);
            T result;
            try
            {
                result = await work(_turn.Transaction);
            }
            catch
            {
                await _turn.Transaction.RollbackAsync(name, CancellationToken.None);
                throw;
            }
            await _turn.Transaction.ReleaseAsync(name, ct);
            return result;
        }
        await using var tx = await Connection.BeginTransactionAsync(ct);
        var value = await work(tx);
        await tx.CommitAsync(ct);
        return value;
    }

    public async ValueTask DisposeAsync()
    {
        if (_turn is not null) _turn.Exit();
        else await Connection.DisposeAsync();
    }
}

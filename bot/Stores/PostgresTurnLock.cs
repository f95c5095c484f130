using ComplaintBot.Dialogs.Turns;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using IMiddleware = ComplaintBot.Dialogs.Turns.IMiddleware;

namespace ComplaintBot.Bot.Stores;

/// <summary>
/// Runs each turn in one database transaction on one connection (<see cref="PostgresTurnScope"/>): every store
/// statement of the turn uses it and it commits when the turn ends, so the turn's changes are stored together or not
/// at all, and a turn needs one pooled connection, never two.
///
/// With <see cref="PostgresStoreOptions.SerializeTurnsAcrossInstances"/> the transaction also holds a per-conversation
/// advisory lock (<c>pg_advisory_xact_lock</c>, released on commit, rollback or a dropped connection, so a crashed
/// instance cannot leave it held): a load balancer that spreads one customer's quick messages over two instances then
/// queues them instead of failing the second with an ETag conflict. Waiters inside this process queue on an in-memory
/// lock first, so an instance holds at most one connection per busy conversation.
///
/// A turn started inside a turn (a proactive message to another conversation, a re-entrant one to the same) joins the
/// outer turn's transaction instead of taking a second connection.
/// </summary>
public sealed class PostgresTurnLock(PostgresDatabase db, IOptions<PostgresStoreOptions> options, PostgresTranscriptStore? transcripts = null) : IMiddleware
{
    private readonly ConversationLockScope _scope = new();
    private readonly KeyedAsyncLock _local = new();
    private readonly bool _serialize = options.Value.SerializeTurnsAcrossInstances;
    private readonly int _timeoutMs = checked(Math.Max(1, options.Value.TurnLockTimeoutSeconds) * 1000);

    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken ct)
    {
        var key = _scope.KeyToAcquire(turnContext.Activity);
        if (db.CurrentTurn is not null)
        {
            // Nested: same connection, same transaction; the lock (if another conversation's) is held until the outer commit.
            if (key is not null && _serialize)
            {
                await using var lease = await db.LeaseAsync(ct);
                await LockAsync(lease.Connection, lease.Transaction!, key, ct);
                _scope.Enter(key);
            }
            await next(ct);
            return;
        }

        using (key is null ? null : await _local.AcquireAsync(key, ct))
        {
            await using var turn = await db.BeginTurnAsync(ct);
            db.Enter(turn);
            turn.Incoming = turnContext.Activity;
            if (key is not null)
            {
                if (_serialize) await LockAsync(turn.Connection, turn.Transaction, key, ct);
                _scope.Enter(key);
            }
            try
            {
                await next(ct);
            }
            catch
            {
                await turn.RollbackAsync();
                await RelogIncomingAsync(turn);
                throw;
            }
            // Durable before the channel answers: the adapter responds only after the pipeline has returned.
            await turn.CommitAsync(CancellationToken.None);
        }
    }

    private async Task LockAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string key, CancellationToken ct)
    {
        await using var lockCmd = new NpgsqlCommand(
            $"SET LOCAL lock_timeout = {_timeoutMs}; SELECT pg_advisory_xact_lock(hashtext(@space), hashtext(@key))", connection, tx);
        lockCmd.Parameters.Add(new NpgsqlParameter("space", NpgsqlDbType.Text) { Value = "turn:" + db.Schema });
        lockCmd.Parameters.Add(new NpgsqlParameter("key", NpgsqlDbType.Text) { Value = key });
        await lockCmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// A failed turn stores nothing, but what the customer said must stay in the conversation (the client waits for
    /// its echo, the agent reads it): log it again outside the rolled-back transaction.
    /// </summary>
    private async Task RelogIncomingAsync(PostgresTurnScope turn)
    {
        if (transcripts is null || turn.IncomingLoggedTo is not { } conversationId || turn.Incoming is not { } incoming) return;
        try { await transcripts.AppendAsync(conversationId, incoming, CancellationToken.None); }
        catch (Exception e) when (e is NpgsqlException or TimeoutException) { /* the database is gone too; the turn's error is reported */ }
    }
}

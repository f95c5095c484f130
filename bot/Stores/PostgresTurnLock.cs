using ComplaintBot.Dialogs.Turns;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using IMiddleware = ComplaintBot.Dialogs.Turns.IMiddleware;

namespace ComplaintBot.Bot.Stores;

/// <summary>
/// Serializes the turns of one conversation across every instance sharing the database, not only inside one
/// process: a load balancer that spreads one customer's quick messages over two instances then queues them
/// instead of failing the second with an ETag conflict. The turn holds a transaction-scoped advisory lock
/// (released on commit, rollback or a dropped connection, so a crashed instance cannot leave it held).
/// Waiters inside this process queue on an in-memory lock first, so each instance holds at most one
/// connection per busy conversation.
/// </summary>
public sealed class PostgresTurnLock(PostgresDatabase db, IOptions<PostgresStoreOptions> options) : IMiddleware
{
    private readonly ConversationLockScope _scope = new();
    private readonly KeyedAsyncLock _local = new();
    private readonly int _timeoutMs = checked(Math.Max(1, options.Value.TurnLockTimeoutSeconds) * 1000);

    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken ct)
    {
        if (_scope.KeyToAcquire(turnContext.Activity) is not { } key)
        {
            await next(ct);
            return;
        }

        using (await _local.AcquireAsync(key, ct))
        {
            await using var conn = await db.DataSource.OpenConnectionAsync(ct);
            await using var tx = await conn.BeginTransactionAsync(ct);
            await using (var lockCmd = new NpgsqlCommand(
                $"SET LOCAL lock_timeout = {_timeoutMs}; SELECT pg_advisory_xact_lock(hashtext(@space), hashtext(@key))", conn, tx))
            {
                lockCmd.Parameters.Add(new NpgsqlParameter("space", NpgsqlDbType.Text) { Value = "turn:" + db.Schema });
                lockCmd.Parameters.Add(new NpgsqlParameter("key", NpgsqlDbType.Text) { Value = key });
                await lockCmd.ExecuteNonQueryAsync(ct);
            }

            _scope.Enter(key);
            try
            {
                await next(ct);
            }
            finally
            {
                // Ending the transaction releases the lock; if the connection is already gone, so is the lock.
                try { await tx.CommitAsync(CancellationToken.None); }
                catch (NpgsqlException) { }
            }
        }
    }
}

using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ComplaintBot.Dialogs.State;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace ComplaintBot.Bot.Stores;

/// <summary>
/// <see cref="INotificationBus"/> across bot instances through PostgreSQL LISTEN/NOTIFY. All topics share one channel;
/// the topic travels in a small JSON envelope. Local subscribers are served directly (they do not depend on the
/// database round trip); the instance's own notifications coming back from the server are skipped. One dedicated
/// connection listens and reconnects with back-off. Notifications sent while it is disconnected are lost, which
/// the contract allows: payloads are ids and receivers re-read the store.
/// </summary>
public sealed class PostgresNotificationBus : BackgroundService, INotificationBus
{
    /// <summary>PostgreSQL rejects NOTIFY payloads of 8000 bytes or more; larger envelopes go through a table.</summary>
    internal const int MaxNotifyBytes = 7999;

    private static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(30);

    private readonly PostgresDatabase _db;
    private readonly ILogger<PostgresNotificationBus> _logger;
    private readonly InProcessNotificationBus _local = new();
    private readonly string _origin = Guid.NewGuid().ToString("N");
    private readonly string _channel;
    private readonly TimeSpan _maxBackoff;
    private readonly object _gate = new();
    private int _generation;
    private TaskCompletionSource _nextListen = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PostgresNotificationBus(PostgresDatabase db, IOptions<PostgresStoreOptions> options, ILogger<PostgresNotificationBus> logger)
    {
        _db = db;
        _logger = logger;
        _channel = options.Value.NotificationChannel;
        if (!PostgresDatabase.IsIdentifier(_channel))
            throw new ArgumentException($"Notification channel '{_channel}' must be a lower-case SQL identifier.");
        _maxBackoff = TimeSpan.FromSeconds(Math.Max(1, options.Value.ListenReconnectMaxSeconds));
    }

    /// <summary>How many times the listening connection has issued LISTEN (1 after start, +1 per reconnect).</summary>
    public int ListenGeneration { get { lock (_gate) return _generation; } }

    /// <summary>Completes once LISTEN generation <paramref name="generation"/> or later is active.</summary>
    public Task WhenListeningAsync(int generation = 1)
    {
        lock (_gate) return _generation >= generation ? Task.CompletedTask : WaitForGeneration(generation);
    }

    /// <summary>Backend process id of the listening connection (0 when disconnected); lets tests cut it.</summary>
    internal int ListenerProcessId { get; private set; }

    public async Task PublishAsync(string topic, string payload, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentNullException.ThrowIfNull(payload);
        // Inside a turn, subscribers are woken once the turn has committed: they re-read the store and must find what
        // the turn wrote. NOTIFY itself is transactional, so other instances hear it at the same moment.
        if (_db.CurrentTurn is { } turn) turn.AfterCommit(() => _local.PublishAsync(topic, payload));
        else await _local.PublishAsync(topic, payload, ct);

        await using var lease = await _db.LeaseAsync(ct);
        var envelope = JsonSerializer.Serialize(new Envelope(topic, payload, _origin, null));
        if (Encoding.UTF8.GetByteCount(envelope) <= MaxNotifyBytes)
        {
            await using var cmd = lease.Command("SELECT pg_notify(@channel, @envelope)");
            cmd.Parameters.Add(new NpgsqlParameter("channel", NpgsqlDbType.Text) { Value = _channel });
            cmd.Parameters.Add(new NpgsqlParameter("envelope", NpgsqlDbType.Text) { Value = envelope });
            await cmd.ExecuteNonQueryAsync(ct);
            return;
        }

        // Too big for NOTIFY: park the payload in a row and notify its id, in one statement so both commit together.
        // Old rows are swept here too; receivers fetch within moments of the notification.
        var spill = _db.Table("notification_spill");
        await using var big = lease.Command($"""
            WITH sweep AS (DELETE FROM {spill} WHERE created_at < now() - interval '1 hour'),
                 parked AS (INSERT INTO {spill} (payload) VALUES (@payload) RETURNING id)
            SELECT pg_notify(@channel, json_build_object('t', @topic::text, 'o', @origin::text, 's', id)::text) FROM parked
            """);
        big.Parameters.Add(new NpgsqlParameter("payload", NpgsqlDbType.Text) { Value = payload });
        big.Parameters.Add(new NpgsqlParameter("channel", NpgsqlDbType.Text) { Value = _channel });
        big.Parameters.Add(new NpgsqlParameter("topic", NpgsqlDbType.Text) { Value = topic });
        big.Parameters.Add(new NpgsqlParameter("origin", NpgsqlDbType.Text) { Value = _origin });
        await big.ExecuteNonQueryAsync(ct);
    }

    public IDisposable Subscribe(string topic, Func<string, Task> handler) => _local.Subscribe(topic, handler);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _db.EnsureSchemaAsync(stoppingToken);
                await using var conn = await _db.DataSource.OpenConnectionAsync(stoppingToken);
                conn.Notification += OnNotification;
                await using (var listen = new NpgsqlCommand($"LISTEN \"{_channel}\"", conn))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                ListenerProcessId = conn.ProcessID;
                var reconnected = MarkListening() > 1;
                if (reconnected)
                {
                    // Whatever other instances published while we were deaf is lost: tell local subscribers to re-read
                    // now instead of at their next keep-alive tick (issue 17.5).
                    _logger.LogInformation("PostgreSQL notification listener is back; subscribers re-read the store");
                    await _local.PublishAsync(NotificationTopics.Resync, "listener reconnected", CancellationToken.None);
                }
                backoff = TimeSpan.FromMilliseconds(250);

                while (true)
                {
                    // A silent network drop never wakes WaitAsync; an idle ping makes it fail so we reconnect.
                    if (!await conn.WaitAsync(PingInterval, stoppingToken))
                    {
                        await using var ping = new NpgsqlCommand("SELECT 1", conn);
                        await ping.ExecuteNonQueryAsync(stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                ListenerProcessId = 0;
                _logger.LogWarning(e, "PostgreSQL notification listener lost; reconnecting in {Delay}", backoff);
                try { await Task.Delay(backoff, stoppingToken); }
                catch (OperationCanceledException) { break; }
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _maxBackoff.Ticks));
            }
        }
        ListenerProcessId = 0;
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        Envelope? envelope;
        try { envelope = JsonSerializer.Deserialize<Envelope>(e.Payload); }
        catch (JsonException) { envelope = null; }
        if (envelope is null || string.IsNullOrEmpty(envelope.Topic))
        {
            _logger.LogWarning("Ignoring a foreign notification on channel {Channel}", e.Channel);
            return;
        }
        if (envelope.Origin == _origin) return;   // already delivered locally at publish time

        if (envelope.SpillId is not long id)
        {
            _ = _local.PublishAsync(envelope.Topic, envelope.Payload ?? "");
            return;
        }
        // Never query on the listening connection from inside its own notification callback.
        _ = Task.Run(async () =>
        {
            try
            {
                await using var cmd = _db.DataSource.CreateCommand($"SELECT payload FROM {_db.Table("notification_spill")} WHERE id = @id");
                cmd.Parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Bigint) { Value = id });
                if (await cmd.ExecuteScalarAsync() is string payload)
                    await _local.PublishAsync(envelope.Topic, payload);
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "Could not fetch the large notification {Id} on {Topic}", id, envelope.Topic);
            }
        });
    }

    private int MarkListening()
    {
        TaskCompletionSource done;
        int generation;
        lock (_gate)
        {
            generation = ++_generation;
            done = _nextListen;
            _nextListen = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        done.TrySetResult();
        return generation;
    }

    private async Task WaitForGeneration(int generation)
    {
        while (true)
        {
            Task next;
            lock (_gate)
            {
                if (_generation >= generation) return;
                next = _nextListen.Task;
            }
            await next;
        }
    }

    private sealed record Envelope(
        [property: JsonPropertyName("t")] string Topic,
        [property: JsonPropertyName("p")] string? Payload,
        [property: JsonPropertyName("o")] string? Origin,
        [property: JsonPropertyName("s")] long? SpillId);
}

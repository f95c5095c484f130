namespace ComplaintBot.Dialogs.State;

/// <summary>
/// Fire-and-forget notifications between parts of the bot, and between bot instances when scaled out
/// (PostgreSQL LISTEN/NOTIFY). Payloads are small (ids, not documents): receivers re-read the store.
/// </summary>
public interface INotificationBus
{
    Task PublishAsync(string topic, string payload, CancellationToken ct = default);

    /// <summary>Handlers run off the publisher's thread; dispose to unsubscribe.</summary>
    IDisposable Subscribe(string topic, Func<string, Task> handler);
}

/// <summary>Topics every bus may publish on its own.</summary>
public static class NotificationTopics
{
    /// <summary>
    /// Published locally when notifications from other instances may have been missed (the cross-instance listener
    /// reconnected): subscribers that wait for a topic should re-read the store now.
    /// </summary>
    public const string Resync = "bus:resync";
}

/// <summary>
/// Single-process bus: the default with SQLite. Given the SQLite file, a message published inside a turn that has
/// written is delivered when that turn commits (and dropped if it rolls back): receivers re-read the store, and would
/// not see the turn's changes before.
/// </summary>
public sealed class InProcessNotificationBus(SqliteDatabase? turns = null) : INotificationBus
{
    private readonly object _gate = new();
    private readonly Dictionary<string, List<Func<string, Task>>> _handlers = new();

    public Task PublishAsync(string topic, string payload, CancellationToken ct = default)
    {
        if (turns?.CurrentTurn is { HoldsWriter: true } turn)
        {
            turn.AfterCommit(() => Deliver(topic, payload));
            return Task.CompletedTask;
        }
        return Deliver(topic, payload);
    }

    private Task Deliver(string topic, string payload)
    {
        Func<string, Task>[] targets;
        lock (_gate) targets = _handlers.TryGetValue(topic, out var list) ? list.ToArray() : Array.Empty<Func<string, Task>>();
        foreach (var handler in targets)
            _ = Task.Run(async () =>
            {
                try { await handler(payload); }
                catch { /* a failing subscriber must not break the publisher */ }
            }, CancellationToken.None);
        return Task.CompletedTask;
    }

    public IDisposable Subscribe(string topic, Func<string, Task> handler)
    {
        lock (_gate)
        {
            if (!_handlers.TryGetValue(topic, out var list)) _handlers[topic] = list = new();
            list.Add(handler);
        }
        return new Subscription(() => { lock (_gate) _handlers[topic].Remove(handler); });
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;
        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}

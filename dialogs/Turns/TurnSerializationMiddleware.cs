namespace ComplaintBot.Dialogs.Turns;

/// <summary>
/// Runs the turns of one conversation one after another inside this process (a keyed async lock, removed when
/// idle), so two quick messages from a customer never race on the conversation state. Across instances the
/// ETag check on save is what protects. Re-entrant: a proactive turn started from inside a turn of the same
/// conversation passes straight through instead of deadlocking.
/// </summary>
public sealed class TurnSerializationMiddleware : IMiddleware
{
    private readonly KeyedAsyncLock _locks = new();
    private readonly ConversationLockScope _scope = new();

    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken ct)
    {
        if (_scope.KeyToAcquire(turnContext.Activity) is not { } key)
        {
            await next(ct);
            return;
        }
        using (await _locks.AcquireAsync(key, ct))
        {
            _scope.Enter(key);
            await next(ct);
        }
    }

    /// <summary>How many conversations currently hold or wait for the lock (for tests and diagnostics).</summary>
    public int ActiveKeys => _locks.Count;
}

/// <summary>One SemaphoreSlim per key, reference-counted so idle keys don't accumulate.</summary>
public sealed class KeyedAsyncLock
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    public int Count
    {
        get { lock (_entries) return _entries.Count; }
    }

    public async Task<IDisposable> AcquireAsync(string key, CancellationToken ct = default)
    {
        Entry entry;
        lock (_entries)
        {
            if (!_entries.TryGetValue(key, out entry!)) _entries[key] = entry = new Entry();
            entry.RefCount++;
        }
        try
        {
            await entry.Semaphore.WaitAsync(ct);
        }
        catch
        {
            Release(key, entry, signal: false);
            throw;
        }
        return new Releaser(this, key, entry);
    }

    private void Release(string key, Entry entry, bool signal)
    {
        lock (_entries)
        {
            if (--entry.RefCount == 0) _entries.Remove(key);
        }
        if (signal) entry.Semaphore.Release();
    }

    private sealed class Entry
    {
        public readonly SemaphoreSlim Semaphore = new(1, 1);
        public int RefCount;
    }

    private sealed class Releaser(KeyedAsyncLock owner, string key, Entry entry) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) owner.Release(key, entry, signal: true);
        }
    }
}

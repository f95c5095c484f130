using System.Collections.Concurrent;

namespace ComplaintBot.Bot.Hosting;

/// <summary>
/// Fixed-window request counters per key (a conversation, a client address): each key's window starts with its first
/// request. Used instead of ASP.NET Core's <c>PartitionedRateLimiter</c>, whose heartbeat walked every partition ten
/// times a second (at 1,000 Direct Line customers, a thousand conversations) and which allocated a key string and a
/// lease per request; here a check of a known key allocates nothing, and ended windows are dropped once per window.
/// </summary>
internal sealed class FixedWindowCounters<TKey> where TKey : notnull
{
    private sealed class Window
    {
        public long StartTicks;
        public int Count;
    }

    private readonly ConcurrentDictionary<TKey, Window> _windows = new();
    private long _nextSweepTicks;

    /// <summary>Keys counted now (those seen within about the last two windows).</summary>
    public int Tracked => _windows.Count;

    /// <summary>Counts one request of <paramref name="key"/>: null when it is within the limit, else how long until its window ends.</summary>
    public TimeSpan? TryAcquire(TKey key, WindowLimit limit, long nowTicks)
    {
        var length = limit.Window.Ticks;
        var sweepAt = Volatile.Read(ref _nextSweepTicks);
        if (nowTicks >= sweepAt && Interlocked.CompareExchange(ref _nextSweepTicks, nowTicks + length, sweepAt) == sweepAt) Sweep(nowTicks, length);

        var window = _windows.GetOrAdd(key, static (_, start) => new Window { StartTicks = start }, nowTicks);
        lock (window)
        {
            if (nowTicks - window.StartTicks >= length) (window.StartTicks, window.Count) = (nowTicks, 0);
            if (window.Count < limit.PermitLimit)
            {
                window.Count++;
                return null;
            }
            return TimeSpan.FromTicks(window.StartTicks + length - nowTicks);
        }
    }

    // Once per window: a key whose window has ended would start afresh anyway, so it is dropped. (A check racing the
    // sweep on such a key may count into a window that is then dropped: one request more at most.)
    private void Sweep(long now, long length)
    {
        foreach (var (key, window) in _windows)
        {
            bool ended;
            lock (window) ended = now - window.StartTicks >= length;
            if (ended) _windows.TryRemove(KeyValuePair.Create(key, window));
        }
    }
}

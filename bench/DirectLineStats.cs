using System.Collections.Concurrent;

namespace ComplaintBot.Bench;

/// <summary>Sockets held now and at most, failed starts, and reply latencies per customer, for <see cref="DirectLineRun"/>.</summary>
public sealed class DirectLineStats(int customers)
{
    private readonly List<double>[] _latencies = Enumerable.Range(0, customers).Select(_ => new List<double>(64)).ToArray();
    private readonly int[] _errors = new int[customers];
    private readonly ConcurrentDictionary<string, int> _failures = new();
    private int _open, _maxOpen, _opened, _failed;

    public int Open => Volatile.Read(ref _open);
    public int MaxOpen => Volatile.Read(ref _maxOpen);
    public int Opened => Volatile.Read(ref _opened);
    public int Failed => Volatile.Read(ref _failed);

    public void SocketOpened()
    {
        Interlocked.Increment(ref _opened);
        var now = Interlocked.Increment(ref _open);
        int max;
        while (now > (max = Volatile.Read(ref _maxOpen)) && Interlocked.CompareExchange(ref _maxOpen, now, max) != max) { }
    }

    public void SocketClosed() => Interlocked.Decrement(ref _open);

    public void ConnectFailed(string reason)
    {
        Interlocked.Increment(ref _failed);
        _failures.AddOrUpdate(reason.Length > 120 ? reason[..120] : reason, 1, (_, n) => n + 1);
    }

    public void Record(int customer, double ms, bool ok)
    {
        if (ok) _latencies[customer].Add(ms);
        else _errors[customer]++;
    }

    public string Report(TimeSpan measured, int heldAtEnd)
    {
        var all = _latencies.SelectMany(l => l).Order().ToArray();
        var lines = new List<string>
        {
            $"sockets:        {heldAtEnd} open at the end of the window, at most {MaxOpen}; {Opened} opened in all, {Failed} starts failed",
            $"messages:       {all.Length} answered in {measured.TotalSeconds:F1} s ({all.Length / measured.TotalSeconds:F0}/s), {_errors.Sum()} failed or unanswered within 30 s",
            $"reply ms:       p50 {LoadStats.Percentile(all, 0.50):F1}  p90 {LoadStats.Percentile(all, 0.90):F1}  p99 {LoadStats.Percentile(all, 0.99):F1}  max {(all.Length == 0 ? double.NaN : all[^1]):F1}  (post → first reply on the socket)",
        };
        lines.AddRange(_failures.OrderByDescending(f => f.Value).Take(5).Select(f => $"  failed start ×{f.Value}: {f.Key}"));
        return string.Join('\n', lines);
    }
}

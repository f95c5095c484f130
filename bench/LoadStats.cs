namespace ComplaintBot.Bench;

/// <summary>Latencies per customer (no lock on the hot path), merged for the report.</summary>
public sealed class LoadStats(int customers)
{
    private readonly List<double>[] _latencies = Enumerable.Range(0, customers).Select(_ => new List<double>(4096)).ToArray();
    private readonly int[] _errors = new int[customers];
    private int _conversations;

    public void Record(int customer, double ms, bool ok)
    {
        _latencies[customer].Add(ms);
        if (!ok) _errors[customer]++;
    }

    public void ConversationDone() => Interlocked.Increment(ref _conversations);

    /// <param name="serverCpu">The server process's CPU time over the measured window, when known.</param>
    public string Report(TimeSpan measured, TimeSpan? serverCpu = null)
    {
        var all = _latencies.SelectMany(l => l).Order().ToArray();
        var errors = _errors.Sum();
        double P(double q) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)Math.Ceiling(q * all.Length) - 1)];
        return $"""
            turns:          {all.Length} in {measured.TotalSeconds:F1} s ({_conversations} conversations completed)
            turns/s:        {all.Length / measured.TotalSeconds:F0}
            latency ms:     p50 {P(0.50):F1}  p90 {P(0.90):F1}  p99 {P(0.99):F1}  max {(all.Length == 0 ? double.NaN : all[^1]):F1}
            errors:         {errors}
            """ + (serverCpu is { } cpu && all.Length > 0
            ? $"\nserver CPU:     {cpu.TotalMilliseconds / all.Length:F3} ms/turn ({cpu.TotalSeconds:F1} s)"
            : "");
    }
}

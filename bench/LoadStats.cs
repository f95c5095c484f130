namespace ComplaintBot.Bench;

/// <summary>Latencies per customer and script step (no lock on the hot path), merged into a <see cref="LoadResult"/>.</summary>
public sealed class LoadStats(int customers, int steps)
{
    private readonly List<double>[] _latencies = Enumerable.Range(0, customers).Select(_ => new List<double>(4096)).ToArray();
    private readonly List<double>[,] _byStep = CreateByStep(customers, steps);
    private readonly int[] _errors = new int[customers];
    private int _conversations;

    public void Record(int customer, int step, double ms, bool ok)
    {
        _latencies[customer].Add(ms);
        _byStep[customer, step].Add(ms);
        if (!ok) _errors[customer]++;
    }

    public void ConversationDone() => Interlocked.Increment(ref _conversations);

    /// <param name="serverCpu">The server process's CPU time over the measured window, when known.</param>
    public LoadResult Result(TimeSpan measured, TimeSpan? serverCpu = null)
    {
        var all = _latencies.SelectMany(l => l).Order().ToArray();
        var perStep = Enumerable.Range(0, _byStep.GetLength(1))
            .Select(s => Percentile(Enumerable.Range(0, _byStep.GetLength(0)).SelectMany(c => _byStep[c, s]).Order().ToArray(), 0.50))
            .ToArray();
        return new LoadResult(all.Length, measured.TotalSeconds, _conversations, _errors.Sum(),
            Percentile(all, 0.50), Percentile(all, 0.90), Percentile(all, 0.99), all.Length == 0 ? double.NaN : all[^1],
            serverCpu is { } cpu && all.Length > 0 ? cpu.TotalMilliseconds / all.Length : null, perStep);
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    public static double Percentile(double[] sorted, double q)
        => sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static List<double>[,] CreateByStep(int customers, int steps)
    {
        var lists = new List<double>[customers, steps];
        for (var c = 0; c < customers; c++)
            for (var s = 0; s < steps; s++) lists[c, s] = new List<double>(1024);
        return lists;
    }
}

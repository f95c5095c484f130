namespace ComplaintBot.Bench;

/// <summary>
/// What one measured window yielded. <see cref="CpuMsPerTurn"/> is the server process's CPU time over the window
/// divided by the turns (null when the server is not a local process we know); <see cref="StepP50Ms"/> is the median
/// latency of each script step (turn 1, 2, …), to see which request grows with the store.
/// </summary>
public sealed record LoadResult(
    int Turns, double Seconds, int Conversations, int Errors,
    double P50Ms, double P90Ms, double P99Ms, double MaxMs,
    double? CpuMsPerTurn, IReadOnlyList<double> StepP50Ms)
{
    public double TurnsPerSecond => Seconds > 0 ? Turns / Seconds : 0;

    public string Describe() => $"""
        turns:          {Turns} in {Seconds:F1} s ({Conversations} conversations completed)
        turns/s:        {TurnsPerSecond:F0}
        latency ms:     p50 {P50Ms:F1}  p90 {P90Ms:F1}  p99 {P99Ms:F1}  max {MaxMs:F1}
        p50 per step:   {string.Join("  ", StepP50Ms.Select((ms, i) => $"{i + 1}: {ms:F1}"))}
        errors:         {Errors}
        """ + (CpuMsPerTurn is { } cpu ? $"\nserver CPU:     {cpu:F3} ms/turn" : "");
}

namespace ComplaintBot.Bench;

/// <summary>What the bench does: the first command-line word (none = <see cref="Load"/>).</summary>
public enum BenchMode
{
    /// <summary>One server (<c>--url</c> or <c>--start-bot</c>), one language.</summary>
    Load,
    /// <summary>Ours, the peer and the no-op ceiling side by side, en and zh, as a table with the ratios.</summary>
    Compare,
    /// <summary>One conversation per language against ours and the peer, printed, to check the script walks each flow.</summary>
    Trace,
    /// <summary>Fill a SQLite store with N conversations and cases of the real shape.</summary>
    Seed,
    /// <summary>The load against a bot on an empty store, then on the seeded one; turns/s and RSS.</summary>
    StoreSize,
    /// <summary>N concurrent Direct Line WebSocket customers held; reply p99 on the socket.</summary>
    DirectLine,
    /// <summary>Internal: serve the no-op baseline (started by <see cref="Compare"/> as a child process).</summary>
    NoOpServer,
}

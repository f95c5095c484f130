using ComplaintBot.Dialogs.Turns;

namespace ComplaintBot.Dialogs.Cases;

/// <summary>
/// The cases of one turn, read once: inside a turn (<see cref="CaseTurnScopeMiddleware"/>) a case store hands every
/// reader of a number the same <see cref="Case"/> object, read from the database the first time only, and a save
/// keeps it as the current one. Before this, one customer message read the same case up to six times, each a query
/// and a JSON parse. Outside a turn (dashboard, agent endpoints, the follow-up dispatcher) nothing is cached.
///
/// A save that fails (a conflict: someone else saved the case meanwhile) drops the number, so a retry reads the
/// database again instead of the stale object. The cache ends with the turn: it never serves another turn.
/// </summary>
public sealed class CaseTurnCache
{
    private static readonly AsyncLocal<CaseTurnCache?> Ambient = new();
    private readonly Dictionary<string, Case> _cases = new(StringComparer.Ordinal);
    private bool _closed;

    /// <summary>The cache of the turn this code runs in, or null outside a turn.</summary>
    public static CaseTurnCache? Current => Ambient.Value is { _closed: false } c ? c : null;

    /// <summary>Starts a turn's cache; a turn started inside another (re-entrant proactive turn) shares the outer one.</summary>
    public static IDisposable Begin()
    {
        if (Current is not null) return NoScope.Instance;
        var cache = new CaseTurnCache();
        Ambient.Value = cache;
        return new Scope(cache);
    }

    public bool TryGet(string number, out Case c)
    {
        lock (_cases) return _cases.TryGetValue(number, out c!);
    }

    /// <summary>Makes <paramref name="c"/> the turn's object for its number (after a read, a create or a save).</summary>
    public void Put(Case c)
    {
        if (string.IsNullOrEmpty(c.Number)) return;
        lock (_cases) _cases[c.Number] = c;
    }

    public void Forget(string number)
    {
        lock (_cases) _cases.Remove(number);
    }

    private sealed class Scope(CaseTurnCache cache) : IDisposable
    {
        // Closing (not just un-setting) also stops work the turn left running from using it afterwards.
        public void Dispose() => cache._closed = true;
    }

    private sealed class NoScope : IDisposable
    {
        public static readonly NoScope Instance = new();
        public void Dispose() { }
    }
}

/// <summary>Opens a <see cref="CaseTurnCache"/> around the rest of the turn.</summary>
public sealed class CaseTurnScopeMiddleware : IMiddleware
{
    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken ct)
    {
        using (CaseTurnCache.Begin()) await next(ct);
    }
}

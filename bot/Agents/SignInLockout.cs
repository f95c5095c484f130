using System.Collections.Concurrent;
using ComplaintBot.Bot.Hosting;
using Microsoft.Extensions.Options;

namespace ComplaintBot.Bot.Agents;

/// <summary>
/// Locks an account id after <see cref="RateLimitOptions.SignInFailuresBeforeLockout"/> wrong passwords in a row, for
/// <see cref="RateLimitOptions.SignInLockout"/>. Checked before the password is hashed, so guessing at a locked account
/// costs no CPU. Ids that do not exist lock the same way (a lockout must not tell which ids are real). In memory per
/// instance: a restart forgives, and each instance of a scale-out counts on its own (the per-IP limit still applies).
/// </summary>
public sealed class SignInLockout(IOptions<RateLimitOptions> options, TimeProvider clock)
{
    /// <summary>Beyond this many tracked ids, entries whose lock or failures have lapsed are dropped.</summary>
    private const int PruneAbove = 10_000;

    private sealed record Entry(int Failures, DateTimeOffset? LockedUntil, DateTimeOffset LastFailure);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long <paramref name="id"/> stays locked; null when it may try now.</summary>
    public TimeSpan? LockedFor(string? id)
    {
        if (id is null || !_entries.TryGetValue(id, out var e) || e.LockedUntil is not { } until) return null;
        var left = until - clock.GetUtcNow();
        return left > TimeSpan.Zero ? left : null;
    }

    public void Failed(string? id)
    {
        if (id is null) return;
        var o = options.Value;
        var now = clock.GetUtcNow();
        _entries.AddOrUpdate(id,
            _ => Next(new Entry(0, null, now), o, now),
            (_, e) => Next(e.LockedUntil is { } u && u <= now ? new Entry(0, null, now) : e, o, now));
        if (_entries.Count > PruneAbove) Prune(now, o);
    }

    public void Succeeded(string? id)
    {
        if (id is not null) _entries.TryRemove(id, out _);
    }

    private static Entry Next(Entry e, RateLimitOptions o, DateTimeOffset now)
    {
        var failures = e.Failures + 1;
        return failures >= o.SignInFailuresBeforeLockout
            ? new Entry(0, now + o.SignInLockout, now)
            : new Entry(failures, null, now);
    }

    private void Prune(DateTimeOffset now, RateLimitOptions o)
    {
        foreach (var (id, e) in _entries)
            if ((e.LockedUntil is { } u ? u : e.LastFailure + o.SignInLockout) <= now) _entries.TryRemove(id, out _);
    }
}

using System.Collections.Immutable;
using ComplaintBot.Dialogs.Schema;

namespace ComplaintBot.Dialogs.Turns;

/// <summary>
/// What a per-conversation turn lock needs before it locks: the turn's key (<c>{channelId}/{conversationId}</c>)
/// and whether this async flow already holds it. A proactive turn started from inside a turn of the same
/// conversation must pass straight through, or it would wait for its own caller. One instance per lock: each lock
/// tracks only what it holds itself.
/// </summary>
public sealed class ConversationLockScope
{
    private readonly AsyncLocal<ImmutableHashSet<string>?> _held = new();

    /// <summary>The key to lock for this turn; null when there is nothing to lock (no conversation, or already held here).</summary>
    public string? KeyToAcquire(Activity activity)
    {
        if (activity.Conversation?.Id is not { } conversationId) return null;
        var key = $"{activity.ChannelId}/{conversationId}";
        return _held.Value?.Contains(key) == true ? null : key;
    }

    /// <summary>
    /// Marks <paramref name="key"/> held for the rest of this async flow. Call it from the async method that holds the
    /// lock, after acquiring it: the turns below see the mark, the caller no longer does once that method returns.
    /// </summary>
    public void Enter(string key) => _held.Value = (_held.Value ?? ImmutableHashSet.Create<string>(StringComparer.Ordinal)).Add(key);
}

namespace ComplaintBot.Dialogs.Handoff;

/// <summary>
/// Conversation ownership and the agent queue. Every change is a compare-and-set on <see cref="HandoffEntry.Version"/>,
/// so when two agents take the same conversation at once exactly one succeeds.
/// </summary>
public interface IHandoffStore
{
    Task<HandoffEntry?> GetAsync(string conversationId, CancellationToken ct = default);

    /// <summary>Creates the entry or replaces it when its version still matches; returns false on a lost race.</summary>
    /// <remarks>On success <paramref name="entry"/>.Version is the new version.</remarks>
    Task<bool> TrySaveAsync(HandoffEntry entry, CancellationToken ct = default);

    /// <summary>Conversations with one of these owners (null = all non-bot), most urgent first, then longest waiting.</summary>
    Task<IReadOnlyList<HandoffEntry>> ListAsync(HandoffListFilter filter, CancellationToken ct = default);

    /// <summary>How many conversations wait for an agent (owner queued), counted by the store: no entry is read.</summary>
    Task<int> QueueLengthAsync(CancellationToken ct = default);

    /// <summary>1-based place in the queue of a waiting conversation; 0 when it is not waiting.</summary>
    Task<int> QueuePositionAsync(string conversationId, CancellationToken ct = default);

    /// <summary>Erasure: removes the conversation's entry; returns how many rows went (0 or 1).</summary>
    Task<int> DeleteAsync(string conversationId, CancellationToken ct = default);
}

/// <param name="OnlyOwners">Owners to include (exact values; "agent:*" matches every agent). Null = everything but the bot.</param>
/// <param name="EscalatedBefore">Only entries escalated before this instant (timeout sweep).</param>
/// <param name="CallbacksOnly">Only entries owing the customer a promised call back, whoever owns them.</param>
/// <param name="PendingApprovalsOnly">Only entries with a remedy waiting for a lead, whoever owns them (the bot included, unless <paramref name="OnlyOwners"/> says otherwise).</param>
/// <param name="CustomerId">Only entries of this signed-in customer, whoever owns them (privacy export and erasure: a conversation handed over without a case is found by it).</param>
public sealed record HandoffListFilter(IReadOnlyCollection<string>? OnlyOwners = null, DateTimeOffset? EscalatedBefore = null, int Limit = 200, bool PendingApprovalsOnly = false,
    bool CallbacksOnly = false, string? CustomerId = null)
{
    public static readonly HandoffListFilter Callbacks = new(CallbacksOnly: true);
    public static readonly HandoffListFilter Approvals = new(PendingApprovalsOnly: true);
    public static readonly HandoffListFilter Queue = new(new[] { ConversationOwner.Queued });
    public static HandoffListFilter OfCustomer(string customerId) => new(CustomerId: customerId, Limit: 1000);
    public static readonly HandoffListFilter Console = new(new[] { ConversationOwner.Queued, ConversationOwner.AgentPrefix + "*" });
}

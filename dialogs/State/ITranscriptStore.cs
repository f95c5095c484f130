using ComplaintBot.Dialogs.Schema;

namespace ComplaintBot.Dialogs.State;

/// <summary>
/// A conversation as an append-only log of activities, in and out (Rasa's tracker idea). Sequence numbers are
/// per conversation, start at 1 and never repeat; Direct Line uses them as watermarks and the agent console
/// shows the transcript from here.
/// </summary>
public interface ITranscriptStore
{
    /// <returns>The sequence number given to the activity.</returns>
    Task<long> AppendAsync(string conversationId, Activity activity, CancellationToken ct = default);

    /// <summary>Appends several activities of one conversation in this order, as one write where the store can.</summary>
    /// <returns>Their sequence numbers, in the same order.</returns>
    async Task<IReadOnlyList<long>> AppendManyAsync(string conversationId, IReadOnlyList<Activity> activities, CancellationToken ct = default)
    {
        var sequences = new long[activities.Count];
        for (var i = 0; i < activities.Count; i++) sequences[i] = await AppendAsync(conversationId, activities[i], ct);
        return sequences;
    }

    /// <summary>Entries with sequence greater than <paramref name="afterSequence"/>, oldest first.</summary>
    Task<IReadOnlyList<TranscriptEntry>> ReadAsync(string conversationId, long afterSequence = 0, int max = 500, CancellationToken ct = default);

    /// <summary>Erasure: deletes the conversation's whole transcript; returns how many entries went.</summary>
    Task<int> DeleteConversationAsync(string conversationId, CancellationToken ct = default);

    /// <summary>Retention: deletes entries stored before <paramref name="cutoff"/>, in every conversation; returns how many.</summary>
    Task<int> DeleteBeforeAsync(DateTimeOffset cutoff, CancellationToken ct = default);
}

public sealed record TranscriptEntry(long Sequence, DateTimeOffset At, Activity Activity);

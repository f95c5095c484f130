namespace ComplaintBot.Dialogs.Handoff;

/// <summary>What hand-off records on the complaint case (status escalated with priority and reason, remedies, resolution, CSAT).</summary>
public interface IHandoffCaseSink
{
    Task EscalatedAsync(string caseNumber, string reason, string trigger, int priority, CancellationToken ct = default);
    Task RemedyAppliedAsync(string caseNumber, string kind, decimal amount, string agentId, CancellationToken ct = default);
    /// <param name="reference">The conversation, so the case's follow-up can be scheduled there (null: no follow-up).</param>
    Task ResolvedAsync(string caseNumber, string actor, string? note, CancellationToken ct = default, Schema.ConversationReference? reference = null);
    Task CsatAsync(string caseNumber, int score, CancellationToken ct = default);
}

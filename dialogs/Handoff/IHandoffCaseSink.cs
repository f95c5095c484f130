namespace ComplaintBot.Dialogs.Handoff;

/// <summary>What hand-off records on the complaint case (status escalated with priority and reason, remedies, resolution, CSAT).</summary>
public interface IHandoffCaseSink
{
    Task EscalatedAsync(string caseNumber, string reason, string trigger, int priority, CancellationToken ct = default);
    /// <summary>
    /// The agent opens the complaint case of a conversation handed over without one: a complaint with the agent's
    /// <paramref name="description"/>, escalated and with the agent, as if the bot had registered it before the hand-off.
    /// </summary>
    Task<Cases.Case> OpenedByAgentAsync(HandoffEntry entry, string description, string agentId, CancellationToken ct = default);
    /// <summary>Records an agent's remedy and its steps (owner, deadline) on the case.</summary>
    /// <returns>The case and the steps this remedy adds, for the written confirmation; null when there is no such case.</returns>
    Task<(Cases.Case Case, IReadOnlyList<Cases.ActionStep> Steps)?> RemedyAppliedAsync(string caseNumber, Policy.RemedyOption remedy, string agentId,
        string locale, CancellationToken ct = default);
    /// <summary>The order's amount on the case (what a refund without its own amount refunds); null when unknown.</summary>
    Task<decimal?> OrderAmountAsync(string caseNumber, CancellationToken ct = default);
    /// <summary>Where the case stands; null when there is no such case.</summary>
    Task<Cases.CaseStatus?> StatusAsync(string caseNumber, CancellationToken ct = default);
    /// <param name="reference">The conversation, so the case's follow-up can be scheduled there (null: no follow-up).</param>
    Task ResolvedAsync(string caseNumber, string actor, string? note, CancellationToken ct = default, Schema.ConversationReference? reference = null);
    /// <summary>The customer cancelled or started over while waiting for an agent: the case closes with <paramref name="note"/>.</summary>
    Task LeftQueueAsync(string caseNumber, string note, CancellationToken ct = default);
    Task CsatAsync(string caseNumber, int score, CancellationToken ct = default);
    /// <summary>
    /// Takes a lifecycle transition on the case (take-over, call-back promise, hand-back); ignored when the case's state
    /// does not allow it (e.g. the customer withdrew the complaint meanwhile).
    /// </summary>
    Task TransitionAsync(string caseNumber, Cases.CaseTransition transition, string actor, string? note = null, CancellationToken ct = default);
}

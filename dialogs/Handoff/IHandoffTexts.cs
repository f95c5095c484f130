namespace ComplaintBot.Dialogs.Handoff;

/// <summary>
/// Customer-facing hand-off messages, rendered from prompts/ by the one prompt renderer (template names are
/// <see cref="HandoffTemplates"/>). A seam only so the hand-off logic does not depend on how templates are loaded.
/// </summary>
public interface IHandoffTexts
{
    string Render(string template, string locale, IReadOnlyDictionary<string, object?> variables);
}

/// <summary>Template names under prompts/{locale}/.</summary>
public static class HandoffTemplates
{
    public const string TakingOver = "handoff_taking_over";
    public const string StillWaiting = "handoff_still_waiting";
    public const string AgentJoined = "handoff_agent_joined";
    public const string CallbackPromise = "handoff_callback_promise";
    public const string OutsideHours = "handoff_outside_hours";
    public const string HandedBack = "handoff_handed_back";
    public const string CsatQuestion = "handoff_csat_question";
    public const string CsatThanks = "handoff_csat_thanks";
    public const string RemedyApplied = "handoff_remedy_applied";
    /// <summary>Canned agent replies; the template yields one reply per line.</summary>
    public const string QuickReplies = "agent_quick_replies";
}

/// <summary>Notification-bus topics the agent console listens to (payloads are JSON, small).</summary>
public static class HandoffTopics
{
    /// <summary>Payload: the conversation id whose queue entry changed (escalated, taken, handed back, timed out).</summary>
    public const string QueueChanged = "handoff.queue";
    /// <summary>Payload: <see cref="ConversationMessage"/> JSON — a customer message (or agent/bot reply) on a conversation agents watch.</summary>
    public const string Message = "handoff.message";
}

/// <summary>One message relayed to the agent console.</summary>
public sealed record ConversationMessage(string ConversationId, string Role, string? Text, IReadOnlyList<RelayedAttachment> Attachments, DateTimeOffset At, string? AgentId = null);

public sealed record RelayedAttachment(string? ContentType, string? ContentUrl, string? Name);

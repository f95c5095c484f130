namespace ComplaintBot.Dialogs.Handoff;

/// <summary>
/// Customer-facing hand-off messages, rendered from prompts/ by the one prompt renderer (template names are
/// <see cref="HandoffTemplates"/>). A seam only so the hand-off logic does not depend on how templates are loaded.
/// </summary>
public interface IHandoffTexts
{
    string Render(string template, string locale, IReadOnlyDictionary<string, object?> variables);
}

/// <summary>Template keys ("family.name": prompts/{locale}/handoff.yaml and agent.yaml).</summary>
public static class HandoffTemplates
{
    public const string TakingOver = "handoff.taking_over";
    public const string StillWaiting = "handoff.still_waiting";
    /// <summary>The waiting customer cancelled or started over: out of the queue.</summary>
    public const string LeftQueue = "handoff.left_queue";
    public const string AgentJoined = "handoff.agent_joined";
    public const string CallbackPromise = "handoff.callback_promise";
    public const string OutsideHours = "handoff.outside_hours";
    /// <summary>No case: off hours, a call back to the signed-in customer's contact at opening time.</summary>
    public const string OutsideHoursNoCase = "handoff.outside_hours_no_case";
    /// <summary>No case and no contact: off hours, and no call back promised (nobody could keep it).</summary>
    public const string OutsideHoursNoCallback = "handoff.outside_hours_no_callback";
    /// <summary>No case: nobody took it in time, a call back to the signed-in customer's contact.</summary>
    public const string CallbackPromiseNoCase = "handoff.callback_promise_no_case";
    /// <summary>No case and no contact: nobody took it in time, and no call back promised.</summary>
    public const string NoAgentNoCallback = "handoff.no_agent_no_callback";
    /// <summary>The agent opened a complaint case for a conversation handed over without one.</summary>
    public const string CaseOpened = "handoff.case_opened";
    /// <summary>A conversation without a case closed by the agent (or the contact centre).</summary>
    public const string Closed = "handoff.closed";
    public const string HandedBack = "handoff.handed_back";
    public const string CsatQuestion = "handoff.csat_question";
    public const string CsatThanks = "handoff.csat_thanks";
    public const string RemedyApplied = "handoff.remedy_applied";
    /// <summary>Canned agent replies; the template yields one reply per line.</summary>
    public const string QuickReplies = "agent.quick_replies";
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

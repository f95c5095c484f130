namespace ComplaintBot.Dialogs.Handoff;

/// <summary>Hand-off timing and authority; bound from the <c>Agents</c> section of appsettings.json (the console accounts live there too).</summary>
public sealed class HandoffOptions
{
    public const string Section = "Agents";

    /// <summary>No agent took an escalated conversation within this time → callback promise, the bot continues.</summary>
    public TimeSpan QueueTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>
    /// A contact centre that accepted a conversation (<c>handoff.status</c> accepted) and sent neither completed nor failed
    /// within this time: the customer is promised a call back and the bot answers again, as after <see cref="QueueTimeout"/>.
    /// </summary>
    public TimeSpan ExternalTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the background service looks for conversations waiting longer than <see cref="QueueTimeout"/>.</summary>
    public TimeSpan QueueSweepInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Average time an agent needs per waiting conversation; expected wait = place in queue × this.</summary>
    public TimeSpan AverageHandleTime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The first human answer after escalation is due within this; the queue shows a countdown.</summary>
    public TimeSpan FirstResponseSla { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Compensation (CNY) an agent may grant alone; above it only a supervisor may (up to <see cref="SupervisorAuthority"/>).</summary>
    public decimal AgentAuthority { get; set; } = 50m;
    public decimal SupervisorAuthority { get; set; } = 500m;
}

namespace ComplaintBot.Bot.Agents;

/// <summary>The <c>Agents</c> section of appsettings.json: who may sign in to the agent console, and hand-off timing.</summary>
public sealed class AgentOptions
{
    public const string Section = "Agents";

    /// <summary>Agents and supervisors. Passwords are stored only as hashes (see <see cref="AgentPasswordHasher"/>).</summary>
    public List<AgentAccount> Accounts { get; set; } = new();

    /// <summary>Adds demo/demo (agent) and lead/lead (supervisor) — honoured only in the Development environment.</summary>
    public bool DemoAccounts { get; set; } = true;

    /// <summary>Sign-in cookie lifetime (sliding).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>No agent took an escalated conversation within this time → callback promise, the bot continues.</summary>
    public TimeSpan QueueTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>How often the background service looks for conversations waiting longer than <see cref="QueueTimeout"/>.</summary>
    public TimeSpan QueueSweepInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Average time an agent needs per waiting conversation; expected wait = place in queue × this.</summary>
    public TimeSpan AverageHandleTime { get; set; } = TimeSpan.FromMinutes(4);

    /// <summary>When people staff the console, in the shop's time zone. Outside it the customer gets a callback promise at once.</summary>
    public string ServiceHoursStart { get; set; } = "08:00";
    public string ServiceHoursEnd { get; set; } = "22:00";
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>Compensation (CNY) an agent may grant alone; above it a supervisor must apply the remedy.</summary>
    public decimal AgentAuthority { get; set; } = 50m;
    public decimal SupervisorAuthority { get; set; } = 500m;

    /// <summary>The SLA for the first human answer after escalation, shown as a countdown in the queue.</summary>
    public TimeSpan FirstResponseSla { get; set; } = TimeSpan.FromMinutes(30);
}

public sealed class AgentAccount
{
    public string Id { get; set; } = "";
    public string DisplayName { get; set; } = "";
    /// <summary><c>Agent</c> or <c>Supervisor</c>.</summary>
    public string Role { get; set; } = AgentRoles.Agent;
    public string PasswordHash { get; set; } = "";
    /// <summary>UI language of the console for this person (zh-CN or en-US).</summary>
    public string Locale { get; set; } = "zh-CN";
}

public static class AgentRoles
{
    public const string Agent = "Agent";
    public const string Supervisor = "Supervisor";
}

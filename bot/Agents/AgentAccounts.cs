namespace ComplaintBot.Bot.Agents;

/// <summary>The console accounts part of the <c>Agents</c> section (hand-off timing is bound from the same section into HandoffOptions).</summary>
public sealed class AgentAccountOptions
{
    public const string Section = "Agents";

    /// <summary>Agents and supervisors. Passwords only as hashes (<c>dotnet run --project bot -- hash-password</c>).</summary>
    public List<AgentAccount> Accounts { get; set; } = new();

    /// <summary>Adds demo/demo (agent) and lead/lead (supervisor) — honoured only in the Development environment.</summary>
    public bool DemoAccounts { get; set; } = true;

    /// <summary>Sign-in cookie lifetime (sliding).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);
}

public sealed class AgentAccount
{
    public string Id { get; set; } = "";
    public string DisplayName { get; set; } = "";
    /// <summary><c>Agent</c> or <c>Supervisor</c>.</summary>
    public string Role { get; set; } = AgentRoles.Agent;
    public string PasswordHash { get; set; } = "";
    /// <summary>Console language for this person (zh-CN or en-US); the UI can switch.</summary>
    public string Locale { get; set; } = "zh-CN";
}

public static class AgentRoles
{
    public const string Agent = "Agent";
    public const string Supervisor = "Supervisor";
}

/// <summary>Who may sign in. Demo accounts exist only when the host runs in Development.</summary>
public sealed class AgentDirectory
{
    private readonly Dictionary<string, AgentAccount> _accounts = new(StringComparer.OrdinalIgnoreCase);

    public AgentDirectory(AgentAccountOptions options, bool isDevelopment)
    {
        foreach (var a in options.Accounts.Where(a => !string.IsNullOrWhiteSpace(a.Id)))
            _accounts[a.Id] = a;
        if (isDevelopment && options.DemoAccounts)
        {
            // Fewer iterations than the CLI default: these are public demo passwords, hashed at every start.
            _accounts.TryAdd("demo", new AgentAccount { Id = "demo", DisplayName = "Demo Agent", Role = AgentRoles.Agent, PasswordHash = AgentPasswordHasher.Hash("demo", 10_000) });
            _accounts.TryAdd("lead", new AgentAccount { Id = "lead", DisplayName = "Demo Supervisor", Role = AgentRoles.Supervisor, PasswordHash = AgentPasswordHasher.Hash("lead", 10_000) });
        }
    }

    public IReadOnlyCollection<AgentAccount> Accounts => _accounts.Values;

    /// <summary>The account when id and password match; null otherwise (same work either way, so timing tells nothing).</summary>
    public AgentAccount? Verify(string? id, string? password)
    {
        var found = id is not null && _accounts.TryGetValue(id, out var a) ? a : null;
        var ok = AgentPasswordHasher.Verify(password ?? "", found?.PasswordHash ?? DummyHash.Value);
        return found is not null && ok ? found : null;
    }

    private static readonly Lazy<string> DummyHash = new(() => AgentPasswordHasher.Hash(Guid.NewGuid().ToString()));
}

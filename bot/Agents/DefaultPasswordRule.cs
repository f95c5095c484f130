using ComplaintBot.Bot.Hosting;
using Microsoft.Extensions.Options;

namespace ComplaintBot.Bot.Agents;

/// <summary>
/// Outside Development, a configured console account named like a demo account (demo, lead) must not keep the demo's
/// public password: start-up stops with one line, like any other bad setting (issue 14.11). Only those names are
/// checked, so start-up hashes at most a few passwords however many agents are configured.
/// </summary>
public sealed class DefaultPasswordRule(IHostEnvironment environment) : IValidateOptions<AgentAccountOptions>
{
    /// <summary>The demo accounts Development creates, with their public passwords.</summary>
    public static readonly IReadOnlyDictionary<string, string> DemoPasswords =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["demo"] = "demo", ["lead"] = "lead" };

    public ValidateOptionsResult Validate(string? name, AgentAccountOptions options)
    {
        if (environment.IsDevelopment()) return ValidateOptionsResult.Success;
        var failures = new List<string>();
        for (var i = 0; i < options.Accounts.Count; i++)
        {
            var a = options.Accounts[i];
            if (a?.Id is null || !DemoPasswords.ContainsKey(a.Id) || string.IsNullOrEmpty(a.PasswordHash)) continue;
            if (DemoPasswords.Values.Any(p => AgentPasswordHasher.Verify(p, a.PasswordHash)))
                failures.Add(SettingsErrors.Line($"{AgentAccountOptions.Section}:Accounts:{i}:PasswordHash", "(the demo password)",
                    $"a hash of a password other than the demo one for '{a.Id}' outside Development (dotnet run --project bot -- hash-password)"));
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

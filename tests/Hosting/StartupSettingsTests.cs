using System.Diagnostics;
using ComplaintBot.Tests.Complaints;

namespace ComplaintBot.Tests.Hosting;

/// <summary>
/// What an operator sees when a setting is wrong: the real bot process (its own build output, started as
/// `dotnet ComplaintBot.dll Key=Value`) stops before serving, with one line per bad key and no stack trace.
/// </summary>
public sealed class StartupSettingsTests
{
    private sealed record Run(int ExitCode, string Out, string Error, bool DatabaseCreated);

    private static string BotDll()
    {
        // tests/bin/<Configuration>/<tfm>/ → bot/bin/<Configuration>/<tfm>/ComplaintBot.dll, built with the tests.
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(RepoPaths.Root, "bot", "bin", tfm.Parent!.Name, tfm.Name, "ComplaintBot.dll");
        Assert.True(File.Exists(path), "bot build output not found: " + path);
        return path;
    }

    private static async Task<Run> StartAsync(params string[] settings)
    {
        var dataDir = Directory.CreateTempSubdirectory("complaintbot-settings-").FullName;
        try
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dataDir };
            start.ArgumentList.Add(BotDll());
            foreach (var s in settings.Append("Urls=http://127.0.0.1:0").Append($"Storage:Sqlite:Path={Path.Combine(dataDir, "bot.db")}"))
                start.ArgumentList.Add(s);
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            // Only a guard against a host that started anyway (it would never exit); not a timing assertion.
            using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            try { await process.WaitForExitAsync(guard.Token); }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("the bot started serving despite: " + string.Join(" ", settings));
            }
            return new Run(process.ExitCode, await stdout, await stderr, File.Exists(Path.Combine(dataDir, "bot.db")));
        }
        finally
        {
            try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { /* best effort */ }
        }
    }

    private static void AssertOneClearLine(Run run, params string[] expected)
    {
        Assert.NotEqual(0, run.ExitCode);
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(lines);
        foreach (var part in expected) Assert.Contains(part, line);
        Assert.DoesNotContain("   at ", run.Out + run.Error); // no stack trace anywhere
        Assert.DoesNotContain("Exception", run.Out + run.Error);
        Assert.False(run.DatabaseCreated, "nothing is stored by a host that refuses to start");
    }

    [Theory]
    [InlineData("ServiceHours:TimeZone=Mars/Olympus", "ServiceHours:TimeZone", "'Mars/Olympus'", "Asia/Shanghai")]
    [InlineData("Storage:Provider=Mongo", "Storage:Provider", "'Mongo'", "Sqlite, Memory, Postgres")]
    [InlineData("Agents:FirstResponseSla=-00:05:00", "Agents:FirstResponseSla", "'-00:05:00'", "above zero")]
    [InlineData("Sla:ResolutionHours:Serious=0", "Sla:ResolutionHours:Serious", "'0'", "above zero")]
    [InlineData("Dashboard:BatchAlert:Threshold=0", "Dashboard:BatchAlert:Threshold", "'0'", "above zero")]
    [InlineData("Sentiment:Escalation:AngerThreshold=75", "Sentiment:Escalation:AngerThreshold", "'75'", "at most 1")]
    [InlineData("Agents:AgentAuthority=fifty", "Agents:AgentAuthority", "'fifty'", "a number")]
    [InlineData("Sla:FirstResponseMinutes=30min", "Sla:FirstResponseMinutes", "'30min'", "a whole number")]
    [InlineData("Agents:QueueTimeout=3 minutes", "Agents:QueueTimeout", "'3 minutes'", "00:30:00")]
    [InlineData("Privacy:TranscriptRetention=-1.00:00:00", "Privacy:TranscriptRetention", "'-1.00:00:00'", "zero (keep until erased)")]
    [InlineData("Complaints:MaxVerifyAttempts=0", "Complaints:MaxVerifyAttempts", "'0'", "above zero")]
    [InlineData("Complaints:MaxOrderAttempts=three", "Complaints:MaxOrderAttempts", "'three'", "a whole number")]
    public async Task A_bad_setting_stops_start_up_with_one_line_naming_the_key_the_value_and_what_is_allowed(string setting, string key, string value, string allowed)
        => AssertOneClearLine(await StartAsync(setting), key, value, allowed);

    [Fact]
    public async Task A_follow_up_delay_shorter_than_the_combine_window_names_both_keys()
    {
        // The operator's case of issue 17.6: a 5 s delay is inside (0, 24 h]; what breaks is CombineWindow (1 h) >= Delay.
        var run = await StartAsync("FollowUp:Delay=00:00:05");
        AssertOneClearLine(run, "FollowUp:Delay", "FollowUp:CombineWindow", "'00:00:05'", "01:00:00");
        Assert.DoesNotContain("24 h", run.Error);
    }

    [Fact]
    public async Task A_postgres_pool_too_small_for_the_listener_and_a_turn_refuses_to_start()
    {
        // Issue 17.3: checked before any connection is made (the port is closed on purpose).
        var run = await StartAsync("Storage:Provider=Postgres", "Storage:Postgres:ConnectionString=Host=127.0.0.1;Port=1;Username=nobody",
            "Storage:Postgres:MaxPoolSize=2");
        AssertOneClearLine(run, "Storage:Postgres", "at least 3 connections", "MaxPoolSize");
    }

    [Fact]
    public async Task Several_bad_settings_are_reported_together_one_line_each()
    {
        var run = await StartAsync("ServiceHours:TimeZone=Nowhere/Town", "Agents:QueueTimeout=00:00:00");
        Assert.NotEqual(0, run.ExitCode);
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains(lines, l => l.Contains("ServiceHours:TimeZone") && l.Contains("Nowhere/Town"));
        Assert.Contains(lines, l => l.Contains("Agents:QueueTimeout") && l.Contains("00:00:00"));
        Assert.DoesNotContain("   at ", run.Out + run.Error);
    }

    [Theory]
    [InlineData("demo", "demo")]
    [InlineData("lead", "lead")]
    public async Task Outside_development_a_configured_demo_account_with_its_demo_password_stops_start_up(string id, string password)
    {
        var hash = ComplaintBot.Bot.Agents.AgentPasswordHasher.Hash(password, 10_000);
        AssertOneClearLine(await StartAsync($"Agents:Accounts:0:Id={id}", $"Agents:Accounts:0:PasswordHash={hash}"),
            "Agents:Accounts:0:PasswordHash", "demo password", "hash-password");
    }
}

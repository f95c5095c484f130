using System.Diagnostics;
using System.Text.Json.Nodes;
using ComplaintBot.Bot.Channels.DirectLine;
using ComplaintBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintBot.Tests.Channels.DirectLine;

/// <summary>A fact that needs Node.js on PATH; skipped visibly outside CI when it is missing.</summary>
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        if (!DirectLineConformanceTests.HasNode && !TestEnvironment.IsCi)
            Skip = "SKIPPED: node not found on PATH; the botframework-directlinejs conformance test did not run.";
    }
}

/// <summary>
/// Conformance: the official botframework-directlinejs client (npm, run under Node by Conformance/conformance.js)
/// talks to our endpoint over WebSocket and over polling: start, echo with id, bot reply, reconnect with watermark.
/// </summary>
public sealed class DirectLineConformanceTests(DirectLineTestServer fixture) : IClassFixture<DirectLineTestServer>
{
    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    public static bool HasNode => FindOnPath("node") is not null;

    private static string? FindOnPath(string name)
        => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    private static string ScriptDir()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ComplaintBot.sln"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("repository root not found"), "tests", "Channels", "DirectLine", "Conformance");
    }

    private static async Task<(int Exit, string Out, string Err)> RunAsync(string file, string args, string cwd)
    {
        var psi = new ProcessStartInfo(file, args) { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["npm_config_yes"] = "true";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(5)).Token);
        return (p.ExitCode, await stdout, await stderr);
    }

    /// <summary>npm ci once per checkout (the lock file pins botframework-directlinejs 0.15.8, ws, xhr2).</summary>
    private static async Task<string> EnsureInstalledAsync()
    {
        var dir = ScriptDir();
        await InstallGate.WaitAsync();
        try
        {
            if (!File.Exists(Path.Combine(dir, "node_modules", "botframework-directlinejs", "package.json")))
            {
                var npm = FindOnPath("npm") ?? throw new InvalidOperationException("npm not found");
                var (exit, stdout, stderr) = await RunAsync(npm, "ci --no-audit --no-fund", dir);
                Assert.True(exit == 0, $"npm ci failed: {stdout}{stderr}");
            }
        }
        finally { InstallGate.Release(); }
        return dir;
    }

    [NodeFact]
    public async Task Official_directlinejs_client_works_over_websocket() => await DriveAsync("websocket");

    [NodeFact]
    public async Task Official_directlinejs_client_works_over_polling() => await DriveAsync("polling");

    private async Task DriveAsync(string mode)
    {
        var dir = await EnsureInstalledAsync();
        using var http = fixture.Server.CreateClient();
        var (_, generated) = await http.SendAsync(HttpMethod.Post, "v3/directline/tokens/generate", DirectLineTestServer.Secret);
        var token = generated!["token"]!.GetValue<string>();
        fixture.Server.Services.GetRequiredService<DirectLineTokenService>().Validate(token, out var claims);

        var (exit, stdout, stderr) = await RunAsync(FindOnPath("node")!, $"conformance.js {fixture.Server.BaseAddress} {token} {mode}", dir);
        Assert.True(exit == 0, $"conformance script failed ({exit}):\n{stdout}\n{stderr}");

        var steps = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.StartsWith('{')).Select(l => JsonNode.Parse(l)!)
            .ToDictionary(n => n["step"]!.GetValue<string>());
        var text = $"hello from directlinejs {mode}";
        Assert.Equal(generated["conversationId"]!.GetValue<string>(), steps["online"]["conversationId"]!.GetValue<string>());
        Assert.Equal($"conformance-{text.Length}", steps["echo"]["clientActivityID"]!.GetValue<string>());
        Assert.Equal(claims!.UserId, steps["echo"]["fromId"]!.GetValue<string>());
        Assert.Equal("directline", steps["echo"]["channelId"]!.GetValue<string>());
        Assert.Equal(steps["echo"]["id"]!.GetValue<string>(), steps["reply"]["replyToId"]!.GetValue<string>());
        Assert.Equal($"You said: {text}", steps["reply"]["text"]!.GetValue<string>());
        var replayed = steps["replayed"]["texts"]!.AsArray().Select(t => t?.GetValue<string>()).ToList();
        Assert.Equal(new[] { EchoBot.Welcome, text, $"You said: {text}" }, replayed.Take(3).ToArray());
        Assert.True(steps.ContainsKey("done"));
    }
}

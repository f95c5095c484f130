using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace ComplaintBot.Bench;

/// <summary>
/// Makes the botbuilder JS peer (<c>../shared/peer-botbuilder</c>: bot.js and package.json) runnable: copies it to a
/// cache folder under the temp directory named after a hash of its files and runs <c>npm install</c> there once (the
/// npm registry must be reachable the first time). Says why when it cannot, so that the table shows the peer as not
/// run instead of a made-up figure.
/// </summary>
public static class PeerBot
{
    public static string DefaultSource => Path.GetFullPath(Path.Combine(BotLauncher.RepoRoot(), "..", "shared", "peer-botbuilder"));

    /// <returns>The installed folder, or null and the reason.</returns>
    public static async Task<(string? Dir, string? Problem)> InstallAsync(string source)
    {
        var files = new[] { "package.json", "bot.js" }.Select(f => Path.Combine(source, f)).ToArray();
        if (files.FirstOrDefault(f => !File.Exists(f)) is { } missing) return (null, $"peer not found: {missing} is missing");

        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(files.Select(File.ReadAllText)))))[..12].ToLowerInvariant();
        var dir = Path.Combine(Path.GetTempPath(), "complaintbot-bench-peer", hash);
        var done = Path.Combine(dir, ".installed");
        if (File.Exists(done)) return (dir, null);

        Directory.CreateDirectory(dir);
        foreach (var f in files) File.Copy(f, Path.Combine(dir, Path.GetFileName(f)), overwrite: true);
        Console.WriteLine($"Installing the peer's npm dependencies in {dir} (once) ...");
        var (exit, output) = await RunAsync("npm", dir, "install", "--no-audit", "--no-fund");
        if (exit != 0)
            return (null, $"npm install of the peer failed (exit {exit}): {output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim()}");
        await File.WriteAllTextAsync(done, DateTimeOffset.UtcNow.ToString("O"));
        return (dir, null);
    }

    private static async Task<(int Exit, string Output)> RunAsync(string command, string dir, params string[] args)
    {
        var start = new ProcessStartInfo(command) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["npm_config_yes"] = "true";
        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await stdout + await stderr);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, $"{command} is not on the PATH ({e.Message})");
        }
    }
}

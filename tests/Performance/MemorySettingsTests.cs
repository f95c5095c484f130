using System.Text.Json;
using ComplaintBot.Tests.Complaints;

namespace ComplaintBot.Tests.Performance;

/// <summary>
/// Issue 15 (RSS ≤ 250 MB with 100,000 cases stored): the settings that bound the bot's memory, read from what the
/// runtime reads — the bot's own build output, built with the tests.
/// </summary>
public sealed class MemorySettingsTests
{
    private static JsonElement BotRuntimeConfig()
    {
        // tests/bin/<Configuration>/<tfm>/ → bot/bin/<Configuration>/<tfm>/ComplaintBot.runtimeconfig.json
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(RepoPaths.Root, "bot", "bin", tfm.Parent!.Name, tfm.Name, "ComplaintBot.runtimeconfig.json");
        Assert.True(File.Exists(path), "bot build output not found: " + path);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }

    [Fact]
    public void The_bot_process_runs_the_workstation_garbage_collector()
    {
        // Server GC keeps a heap per core and grows it ahead of need: about 50 MB more resident under the bench on the
        // 2-core machine (docs/benchmark.md). The Web SDK turns it on unless the project says otherwise.
        var config = BotRuntimeConfig();
        Assert.True(config.TryGetProperty("System.GC.Server", out var server), "System.GC.Server not set: the Web SDK's default (server GC) applies");
        Assert.False(server.GetBoolean());
    }
}

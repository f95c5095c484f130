namespace ComplaintBot.Bench;

/// <summary>
/// <c>bench -- compare</c>: starts our bot (fresh store), the botbuilder JS peer and the no-op endpoint, then drives
/// each in turn with the same customers, warm-up and duration, per language, and prints the table with the ratios.
/// <c>bench -- trace</c>: one conversation per language against ours and the peer, printed.
/// </summary>
public static class ComparisonRun
{
    public static async Task<int> CompareAsync(BenchOptions o)
    {
        Console.WriteLine($"compare: {o.Customers} customers, {o.Warmup.TotalSeconds:F0} s warm-up + {o.Duration.TotalSeconds:F0} s measured per server and language ({string.Join(", ", o.Languages)})");
        Console.WriteLine("machine at start: " + MachineLoad.Now());
        BenchBotSettings.Print(BenchBotSettings.ForLoad);

        await using var ours = await ServerProcess.StartBotAsync(BenchBotSettings.ForLoad);
        await using var noOp = await ServerProcess.StartNoOpAsync();
        var (peer, peerProblem) = o.NoPeer ? (null, "--no-peer") : await StartPeerAsync(o.PeerSource);
        await using var peerLifetime = peer;
        if (peerProblem is not null) Console.WriteLine($"PEER NOT RUN: {peerProblem}");

        // Every server warm in every language before the first measured run, not only the one measured first:
        // .NET compiles hot methods again (tiered JIT) during its first minute, node its own way.
        Console.WriteLine($"warming each server in each language ({o.Warmup.TotalSeconds:F0} s each) ...");
        foreach (var language in o.Languages)
            foreach (var server in new[] { ours, peer, noOp })
                if (server is not null)
                    await LoadRun.RunAsync(server.MessagesUrl, ScriptFor(server, peer, language), o.Customers, o.Warmup, TimeSpan.Zero, null);

        var results = new Dictionary<string, Dictionary<string, LoadResult>> { [ours.Name] = [], [noOp.Name] = [] };
        if (peer is not null) results[peer.Name] = [];
        foreach (var language in o.Languages)
        {
            foreach (var server in new[] { ours, peer, noOp })
            {
                if (server is null) continue;
                var script = ScriptFor(server, peer, language);
                Console.WriteLine($"-- {server.Name}, {language}: {server.MessagesUrl}");
                var result = await LoadRun.RunAsync(server.MessagesUrl, script, o.Customers, o.Warmup, o.Duration, server.ProcessId);
                Console.WriteLine(result.Describe());
                results[server.Name][language] = result;
            }
        }

        Console.WriteLine();
        Console.WriteLine("machine at end: " + MachineLoad.Now());
        Console.WriteLine(ComparisonTable.Format(
            new ServerFigures(ours.Name, results[ours.Name]),
            peer is null ? ServerFigures.Skipped("botbuilder JS peer", peerProblem!) : new ServerFigures(peer.Name, results[peer.Name]),
            new ServerFigures(noOp.Name, results[noOp.Name]),
            o.Languages));
        return results.Values.Sum(r => r.Values.Sum(x => x.Errors)) == 0 ? 0 : 1;
    }

    public static async Task<int> TraceAsync(BenchOptions o)
    {
        await using var ours = await ServerProcess.StartBotAsync(BenchBotSettings.ForLoad);
        var (peer, peerProblem) = o.NoPeer ? (null, "--no-peer") : await StartPeerAsync(o.PeerSource);
        await using var peerLifetime = peer;
        if (peerProblem is not null) Console.WriteLine($"PEER NOT RUN: {peerProblem}");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        foreach (var language in o.Languages)
            foreach (var server in new[] { ours, peer })
            {
                if (server is null) continue;
                var script = ScriptFor(server, peer, language);
                Console.WriteLine($"== {server.Name}, {language}");
                foreach (var (said, replies) in await new CustomerScript(0, http, server.MessagesUrl, script, new LoadStats(1, script.Steps.Count)).TraceAsync(CancellationToken.None))
                {
                    Console.WriteLine("customer: " + said);
                    foreach (var r in replies)
                    {
                        var offered = r.SuggestedActions?.Actions.Select(a => a.Title).ToArray();
                        Console.WriteLine("     bot: " + r.Text?.ReplaceLineEndings(" ") + (offered is { Length: > 0 } ? $"  [{string.Join(" | ", offered)}]" : ""));
                    }
                }
            }
        return 0;
    }

    private static ComplaintScript ScriptFor(ServerProcess server, ServerProcess? peer, string language)
        => server == peer ? ComplaintScript.ForPeer(language) : ComplaintScript.ForComplaintBot(language);

    private static async Task<(ServerProcess? Peer, string? Problem)> StartPeerAsync(string? source)
    {
        var (dir, problem) = await PeerBot.InstallAsync(source ?? PeerBot.DefaultSource);
        if (dir is null) return (null, problem);
        try
        {
            return (await ServerProcess.StartPeerAsync(dir), null);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            return (null, "the peer did not start: " + e.Message);
        }
    }
}

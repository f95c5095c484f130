namespace ComplaintBot.Bench;

/// <summary>The bench's entry point: parses <see cref="BenchOptions"/> and runs its <see cref="BenchMode"/>.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            Console.Error.WriteLine(ex.Message);
            Console.Error.WriteLine(BenchOptions.Usage);
            return 2;
        }

        switch (options.Mode)
        {
            case BenchMode.Compare: return await ComparisonRun.CompareAsync(options);
            case BenchMode.Trace: return await ComparisonRun.TraceAsync(options);
            case BenchMode.Seed: return await StoreSeeder.SeedAsync(options);
            case BenchMode.StoreSize: return await StoreSizeRun.RunAsync(options);
            case BenchMode.DirectLine: return await DirectLineRun.RunAsync(options);
            case BenchMode.NoOpServer:
                await NoOpEndpoint.Build(options.Port).RunAsync();
                return 0;
        }

        // One server, one language: ours started here, or any server at --url.
        if (options.StartBot) BenchBotSettings.Print(BenchBotSettings.ForLoad);
        await using var bot = options.StartBot ? await ServerProcess.StartBotAsync(BenchBotSettings.ForLoad) : null;
        var url = bot?.MessagesUrl ?? options.Url;
        var language = options.Languages[0];
        Console.WriteLine($"{options.Customers} customers ({language}) against {url}: {options.Warmup.TotalSeconds:F0} s warm-up, {options.Duration.TotalSeconds:F0} s measured");
        Console.WriteLine("machine: " + MachineLoad.Now());
        var result = await LoadRun.RunAsync(url, ComplaintScript.ForComplaintBot(language), options.Customers, options.Warmup, options.Duration, bot?.ProcessId ?? options.ServerPid);
        Console.WriteLine(result.Describe());
        return 0;
    }
}

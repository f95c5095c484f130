using ComplaintBot.Bot.Hosting;
using ComplaintBot.Bot.Llm;
using ComplaintBot.Bot.Sentiment;
using ComplaintBot.Dialogs.Nlu;
using ComplaintBot.Dialogs.Orders;
using ComplaintBot.Dialogs.Policy;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Dialogs.Text;
using Microsoft.Extensions.Options;

namespace ComplaintBot.Bot.Nlu;

/// <summary>`eval-understanding`: how well a provider reads first messages, on a labelled file.</summary>
public static class UnderstandingCommands
{
    /// <summary>
    /// `--data FILE.tsv` (columns text, language, intent, category, product, wish) `[--provider rules|llm]` (default
    /// `Nlu:Provider`) `[--misses N]` (print the first N disagreements). The llm provider uses the `Llm` section of
    /// appsettings.json (and `Llm__*` environment variables); products are the demo shop's catalog.
    /// </summary>
    public static async Task<int> EvalAsync(string[] args, TextWriter output)
    {
        var opts = SentimentCommands.ParseOptions(args);
        var data = opts.TryGetValue("data", out var d) ? d : throw new ArgumentException("--data FILE.tsv is required");
        // `dotnet run --project bot` may run from the project folder: a relative path is also looked up from the repository root.
        if (!File.Exists(data) && !Path.IsPathRooted(data) && File.Exists(Path.Combine(HostPaths.ContentRoot(), data))) data = Path.Combine(HostPaths.ContentRoot(), data);
        if (!File.Exists(data)) throw new ArgumentException($"{data} does not exist");
        var config = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(HostPaths.ContentRoot(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
        var provider = opts.TryGetValue("provider", out var p) ? p : config[$"{NluOptions.Section}:{nameof(NluOptions.Provider)}"] ?? NluOptions.Rules;
        if (provider is not (NluOptions.Rules or NluOptions.Llm)) throw new ArgumentException($"--provider must be rules or llm, not '{provider}'");
        if (provider == NluOptions.Llm && !LlmSetup.Resolve(config).IsConfigured) throw new ArgumentException("--provider llm needs Llm:Endpoint in appsettings.json or Llm__Endpoint");
        var misses = opts.TryGetValue("misses", out var m) && int.TryParse(m, out var n) ? n : 0;

        // The demo shop, in a throw-away SQLite file: the catalog, and the orders an llm answer is checked against.
        var dir = Directory.CreateTempSubdirectory("cb-eval-").FullName;
        try
        {
            using var db = new SqliteDatabase(Path.Combine(dir, "shop.db"));
            var orders = new DemoOrderService(db);
            var services = new ServiceCollection().AddLogging();
            services.AddSingleton<IConfiguration>(config);
            services.AddSingleton(CreatePromptLibrary(config));
            services.AddSingleton<IOrderService>(orders);
            services.Configure<PolicyOptions>(config.GetSection(PolicyOptions.Section));
            services.AddLlm(config);
            await using var sp = services.BuildServiceProvider();
            _ = sp.GetRequiredService<IOptions<LlmOptions>>().Value; // bad Llm settings stop here, by key
            var catalog = await orders.GetCatalogAsync();
            var rows = UnderstandingEvaluation.Read(new StreamReader(data), catalog);
            var report = await UnderstandingEvaluation.RunAsync(NluSetup.Create(sp, provider), rows, catalog, DateTimeOffset.UtcNow);
            output.WriteLine($"{Path.GetFileName(data)}:");
            UnderstandingEvaluation.Write(report, output, misses);
            return 0;
        }
        catch (FormatException ex)
        {
            throw new ArgumentException($"{data}: {ex.Message}", ex);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }

    private static PromptLibrary CreatePromptLibrary(IConfiguration config)
    {
        var o = config.GetSection(PromptOptions.Section).Get<PromptOptions>() ?? new PromptOptions();
        var root = Path.IsPathRooted(o.Path) ? o.Path : Path.Combine(HostPaths.ContentRoot(), o.Path);
        if (!Directory.Exists(root)) root = Path.Combine(AppContext.BaseDirectory, o.Path);
        return new PromptLibrary(root, o.DefaultLocale, o.Currency);
    }
}

using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ComplaintBot.Dialogs.Sentiment;

namespace ComplaintBot.Bot.Sentiment;

public static class SentimentSetup
{
    /// <summary>
    /// Registers the configured <see cref="ISentimentAnalyzer"/> (lexicon by default), the lexicon itself for
    /// fallbacks, and the <see cref="IEscalationPolicy"/> bound to `Sentiment:Escalation`.
    /// </summary>
    public static IServiceCollection AddSentiment(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<SentimentOptions>(config.GetSection(SentimentOptions.Section));
        services.Configure<EscalationOptions>(config.GetSection(EscalationOptions.Section));
        services.AddSingleton<LexiconSentimentAnalyzer>(_ => new LexiconSentimentAnalyzer());
        services.TryAddSingleton(TimeProvider.System);
        // Factory: the policy has an options-object constructor for tests too, which DI would find ambiguous.
        services.AddSingleton<IEscalationPolicy>(sp => new EscalationPolicy(sp.GetRequiredService<IOptions<EscalationOptions>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ISentimentAnalyzer>(sp => CreateAnalyzer(sp, config));
        return services;
    }

    private static ISentimentAnalyzer CreateAnalyzer(IServiceProvider sp, IConfiguration config)
    {
        var options = config.GetSection(SentimentOptions.Section).Get<SentimentOptions>() ?? new SentimentOptions();
        var lexicon = sp.GetRequiredService<LexiconSentimentAnalyzer>();
        switch (options.Provider.ToLowerInvariant())
        {
            case "lexicon":
                return lexicon;
            case "local":
                var path = Hosting.HostPaths.ContentRoot() is { } root && !Path.IsPathRooted(options.ModelPath)
                    ? Path.Combine(root, options.ModelPath) : options.ModelPath;
                if (!File.Exists(path))
                {
                    sp.GetRequiredService<ILoggerFactory>().CreateLogger("Sentiment")
                        .LogWarning("Sentiment model {Path} not found; using the lexicon", path);
                    return lexicon;
                }
                return new LocalModelAnalyzer(LocalSentimentModel.Load(path), lexicon);
            default:
                throw new InvalidOperationException($"Sentiment:Provider '{options.Provider}' is not one of lexicon, local, azure, llm");
        }
    }
}

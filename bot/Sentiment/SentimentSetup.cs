using Azure.Identity;
using ComplaintBot.Bot.Hosting;
using ComplaintBot.Bot.Llm;
using ComplaintBot.Dialogs.Sentiment;
using ComplaintBot.Dialogs.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ComplaintBot.Bot.Sentiment;

public static class SentimentSetup
{
    /// <summary>
    /// Registers the configured <see cref="ISentimentAnalyzer"/> (`Sentiment:Provider`: model (default) | lexicon | azure | llm;
    /// remote ones wrapped in the lexicon fallback), the <see cref="IEscalationPolicy"/> bound to
    /// `Sentiment:Escalation`, and the
    /// <see cref="IReplyPhraser"/> (template text unchanged unless `Sentiment:PhraseReplies` is true). The llm provider and
    /// the phraser use the shared model of the `Llm` section (<see cref="LlmSetup.AddLlm"/>, called first).
    /// </summary>
    public static IServiceCollection AddSentiment(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<SentimentOptions>(config.GetSection(SentimentOptions.Section));
        services.AddCheckedOptions<EscalationOptions>(EscalationOptions.Section, (r, o) =>
        {
            r.Fraction(nameof(o.AngerThreshold), o.AngerThreshold);
            r.Fraction(nameof(o.TrendMinimumAnger), o.TrendMinimumAnger);
            r.Positive(nameof(o.TrendRisingTurns), o.TrendRisingTurns);
            r.Positive(nameof(o.Window), o.Window);
            r.Positive(nameof(o.NotUnderstoodTurns), o.NotUnderstoodTurns);
            r.Fraction(nameof(o.FrustrationDecay), o.FrustrationDecay);
            r.Positive(nameof(o.FrustrationTurns), o.FrustrationTurns);
            r.Positive(nameof(o.FrustrationSignalTurns), o.FrustrationSignalTurns);
        });
        var options = config.GetSection(SentimentOptions.Section).Get<SentimentOptions>() ?? new SentimentOptions();

        services.TryAddSingleton(TimeProvider.System);
        // Sentiment:Lexicon tunes the rule layer; absent keys keep the defaults the docs/sentiment.md figures were measured with.
        var lexiconOptions = config.GetSection(SentimentOptions.Section + ":Lexicon").Get<LexiconOptions>() ?? new LexiconOptions();
        services.AddSingleton<LexiconSentimentAnalyzer>(_ => new LexiconSentimentAnalyzer(options: lexiconOptions));
        // Factory: the policy has an options-object constructor for tests too, which DI would find ambiguous.
        services.AddSingleton<IEscalationPolicy>(sp => new EscalationPolicy(sp.GetRequiredService<IOptions<EscalationOptions>>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => CreatePromptLibrary(config));
        services.TryAddSingleton(sp => new PromiseGuard(config.GetSection(PromiseGuardOptions.Section).Get<PromiseGuardOptions>() ?? new PromiseGuardOptions()));
        services.AddHttpClient(nameof(AzureLanguageClient));

        services.AddSingleton<ISentimentAnalyzer>(sp => new MeasuredSentimentAnalyzer(CreateAnalyzer(sp, options)));
        services.AddSingleton<IReplyPhraser>(sp => options.PhraseReplies && sp.GetService<IChatClient>() is { } chat
            ? new LlmReplyPhraser(chat, sp.GetRequiredService<PromptLibrary>(), sp.GetRequiredService<PromiseGuard>(),
                FallbackSentimentAnalyzer.CreatePipeline(sp.GetRequiredService<IOptions<LlmOptions>>().Value.TimeoutMs, options.Retries), sp.GetRequiredService<ILogger<LlmReplyPhraser>>())
            : new TemplateReplyPhraser());
        return services;
    }

    private static ISentimentAnalyzer CreateAnalyzer(IServiceProvider sp, SentimentOptions options)
    {
        var lexicon = sp.GetRequiredService<LexiconSentimentAnalyzer>();
        var log = sp.GetRequiredService<ILoggerFactory>().CreateLogger("ComplaintBot.Sentiment");
        switch (options.Provider.Trim().ToLowerInvariant())
        {
            case "lexicon":
                return lexicon;
            case ModelSentimentAnalyzer.ProviderName:
            case "local": // the name of the shop-trained model before the learned model became the default
                if (string.IsNullOrWhiteSpace(options.ModelPath)) return new ModelSentimentAnalyzer(SentimentModel.Default, lexicon);
                var path = Path.IsPathRooted(options.ModelPath) ? options.ModelPath : Path.Combine(HostPaths.ContentRoot(), options.ModelPath);
                if (File.Exists(path)) return new ModelSentimentAnalyzer(SentimentModel.Load(path), lexicon);
                log.LogWarning("Sentiment model {Path} not found (train one with train-sentiment); using the lexicon", path);
                return lexicon;
            case "azure":
                var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(AzureLanguageClient));
                var credential = string.IsNullOrEmpty(options.Azure.Key) ? new DefaultAzureCredential() : null;
                var client = new AzureLanguageClient(http, options.Azure, credential);
                return new FallbackSentimentAnalyzer(new AzureSentimentAnalyzer(client, lexicon), lexicon,
                    FallbackSentimentAnalyzer.CreatePipeline(options.TimeoutMs, options.Retries), log);
            case "llm":
                var chat = sp.GetService<IChatClient>() ?? throw new InvalidOperationException("Sentiment:Provider is llm but Llm:Endpoint is not set");
                return new FallbackSentimentAnalyzer(new LlmSentimentAnalyzer(chat, sp.GetRequiredService<PromptLibrary>(), lexicon), lexicon,
                    FallbackSentimentAnalyzer.CreatePipeline(options.TimeoutMs, options.Retries), log);
            default:
                throw new InvalidOperationException($"Sentiment:Provider '{options.Provider}' is not one of model, lexicon, azure, llm");
        }
    }

    /// <summary>prompts/ under the content root, else the copy beside the binary.</summary>
    private static PromptLibrary CreatePromptLibrary(IConfiguration config)
    {
        var o = config.GetSection(PromptOptions.Section).Get<PromptOptions>() ?? new PromptOptions();
        var root = Path.IsPathRooted(o.Path) ? o.Path : Path.Combine(HostPaths.ContentRoot(), o.Path);
        if (!Directory.Exists(root)) root = Path.Combine(AppContext.BaseDirectory, o.Path);
        return new PromptLibrary(root, o.DefaultLocale, o.Currency);
    }
}

using System.ClientModel;
using ComplaintBot.Bot.Hosting;
using ComplaintBot.Bot.Llm;
using ComplaintBot.Dialogs.Complaints;
using ComplaintBot.Dialogs.Nlu;
using ComplaintBot.Dialogs.Orders;
using ComplaintBot.Dialogs.Policy;
using ComplaintBot.Dialogs.Text;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Polly;
using Polly.Retry;

namespace ComplaintBot.Bot.Nlu;

public static class NluSetup
{
    /// <summary>
    /// The <see cref="INluProvider"/> the complaint dialog reads every message with (`Nlu:Provider`): the rules, or the
    /// `Llm` section's model over the rules. `llm` without `Llm:Endpoint` stops start-up with one line.
    /// </summary>
    public static IServiceCollection AddNlu(this IServiceCollection services, IConfiguration config)
    {
        var llmConfigured = LlmSetup.Resolve(config).IsConfigured;
        services.AddCheckedOptions<NluOptions>(NluOptions.Section, (r, o) =>
        {
            r.OneOf(nameof(o.Provider), o.Provider, NluOptions.Rules, NluOptions.Llm);
            r.Require(!string.Equals(o.Provider, NluOptions.Llm, StringComparison.OrdinalIgnoreCase) || llmConfigured,
                nameof(o.Provider), o.Provider, "rules, or llm together with Llm:Endpoint");
        });
        services.AddSingleton<INluProvider>(sp => Create(sp, sp.GetRequiredService<IOptions<NluOptions>>().Value.Provider));
        return services;
    }

    /// <summary>The provider named (rules | llm) over the services of a built host or command.</summary>
    public static INluProvider Create(IServiceProvider sp, string provider)
    {
        var prompts = sp.GetRequiredService<PromptLibrary>();
        var faq = new FaqBook(prompts);
        var rules = new RulesNluProvider(new ComplaintExtractor(), new RuleIntentClassifier(faq), sp.GetRequiredService<IOptions<PolicyOptions>>().Value.AfterSalesWords);
        if (!string.Equals(provider, NluOptions.Llm, StringComparison.OrdinalIgnoreCase)) return rules;
        var llm = sp.GetRequiredService<IOptions<LlmOptions>>().Value;
        return new LlmNluProvider(sp.GetRequiredService<Kernel>(), prompts, rules, faq, sp.GetRequiredService<IOrderService>(), CreatePipeline(llm),
            sp.GetRequiredService<ILogger<LlmNluProvider>>(), sp.GetService<IOptions<ComplaintOptions>>()?.Value.OrderNumberPrefix);
    }

    /// <summary>
    /// One understanding call, its tool calls and its retries within <see cref="LlmOptions.TimeoutMs"/>; retried when
    /// the server answers 429 or 5xx or the connection fails (Semantic Kernel wraps the SDK's error in
    /// <see cref="HttpOperationException"/>).
    /// </summary>
    public static ResiliencePipeline CreatePipeline(LlmOptions options)
    {
        var builder = new ResiliencePipelineBuilder().AddTimeout(TimeSpan.FromMilliseconds(Math.Max(options.TimeoutMs, 1)));
        if (options.Retries > 0)
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.Retries,
                Delay = TimeSpan.FromMilliseconds(100),
                BackoffType = DelayBackoffType.Exponential,
                ShouldHandle = new PredicateBuilder()
                    .Handle<HttpOperationException>(e => e.StatusCode is null || Retryable((int)e.StatusCode))
                    .Handle<ClientResultException>(e => e.Status == 0 || Retryable(e.Status))
                    .Handle<HttpRequestException>(),
            });
        return builder.Build();
    }

    private static bool Retryable(int status) => status == 429 || status >= 500;
}

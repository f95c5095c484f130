using ComplaintBot.Bot.Hosting;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace ComplaintBot.Bot.Llm;

public static class LlmSetup
{
    /// <summary>
    /// The shared `Llm` section, checked at start-up, and — when it names an endpoint — the <see cref="LlmClients"/>,
    /// its <see cref="Kernel"/> and its <see cref="IChatClient"/>. Without an endpoint nothing is registered and every
    /// model use stays off. The older `Sentiment:Llm` keys still count when `Llm:Endpoint` is empty.
    /// </summary>
    public static IServiceCollection AddLlm(this IServiceCollection services, IConfiguration config)
    {
        services.AddCheckedOptions<LlmOptions>(LlmOptions.Section, (r, o) =>
        {
            r.OneOf(nameof(o.Provider), o.Provider, LlmOptions.OpenAI, LlmOptions.AzureOpenAI);
            r.Require(!o.IsConfigured || Uri.TryCreate(o.Endpoint, UriKind.Absolute, out var u) && u.Scheme is "http" or "https",
                nameof(o.Endpoint), o.Endpoint, "empty (no model) or an http(s) address such as https://api.openai.com/v1");
            r.Positive(nameof(o.TimeoutMs), o.TimeoutMs);
            r.NotNegative(nameof(o.Retries), o.Retries);
        });
        services.PostConfigure<LlmOptions>(o => ApplyLegacy(o, config));
        if (!Resolve(config).IsConfigured) return services;
        services.TryAddSingleton(sp => new LlmClients(sp.GetRequiredService<IOptions<LlmOptions>>().Value));
        services.TryAddSingleton(sp => sp.GetRequiredService<LlmClients>().Kernel);
        services.TryAddSingleton<IChatClient>(sp => sp.GetRequiredService<LlmClients>().Chat);
        return services;
    }

    /// <summary>The effective `Llm` settings from configuration (for commands and set-up decisions).</summary>
    public static LlmOptions Resolve(IConfiguration config)
    {
        var o = config.GetSection(LlmOptions.Section).Get<LlmOptions>() ?? new LlmOptions();
        ApplyLegacy(o, config);
        return o;
    }

    /// <summary>`Sentiment:Llm:{Endpoint,Model,Key,TimeoutMs}` from before the shared section, used only when `Llm:Endpoint` is empty.</summary>
    private static void ApplyLegacy(LlmOptions o, IConfiguration config)
    {
        if (o.IsConfigured) return;
        var legacy = config.GetSection("Sentiment:Llm");
        if (string.IsNullOrWhiteSpace(legacy["Endpoint"])) return;
        o.Endpoint = legacy["Endpoint"]!;
        if (!string.IsNullOrWhiteSpace(legacy["Model"])) o.Model = legacy["Model"]!;
        if (legacy["Key"] is { Length: > 0 } key) o.Key = key;
        if (int.TryParse(legacy["TimeoutMs"], out var ms)) o.TimeoutMs = ms;
    }
}

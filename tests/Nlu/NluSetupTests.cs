using ComplaintBot.Bot.Llm;
using ComplaintBot.Bot.Nlu;
using ComplaintBot.Dialogs.Nlu;
using ComplaintBot.Dialogs.Orders;
using ComplaintBot.Dialogs.Policy;
using ComplaintBot.Dialogs.Text;
using ComplaintBot.Tests.Complaints;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ComplaintBot.Tests.Nlu;

/// <summary>`Nlu:Provider` over the repository's appsettings.json picks the reader of messages; `llm` needs `Llm:Endpoint`.</summary>
public sealed class NluSetupTests : IDisposable
{
    private readonly ComplaintHarness _shop = new();
    public void Dispose() => _shop.Dispose();

    private ServiceProvider Build(Dictionary<string, string?> overrides)
    {
        var config = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepoPaths.Root, "appsettings.json"))
            .AddInMemoryCollection(overrides)
            .Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IConfiguration>(config);
        services.AddSingleton(RepoPaths.Prompts);
        services.AddSingleton<IOrderService>(_shop.Orders);
        services.Configure<PolicyOptions>(config.GetSection(PolicyOptions.Section));
        services.AddLlm(config);
        services.AddNlu(config);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Shipped_settings_read_messages_with_the_rules_and_call_no_model()
    {
        using var sp = Build([]);
        Assert.IsType<RulesNluProvider>(sp.GetRequiredService<INluProvider>());
        Assert.Null(sp.GetService<LlmClients>());
        Assert.False(sp.GetRequiredService<IOptions<LlmOptions>>().Value.IsConfigured);
    }

    [Fact]
    public void Llm_provider_with_an_endpoint_is_the_semantic_kernel_provider()
    {
        using var sp = Build(new() { ["Nlu:Provider"] = "llm", ["Llm:Endpoint"] = "http://127.0.0.1:9/v1" });
        Assert.IsType<LlmNluProvider>(sp.GetRequiredService<INluProvider>());
    }

    [Fact]
    public void Llm_provider_without_an_endpoint_is_a_bad_setting()
    {
        using var sp = Build(new() { ["Nlu:Provider"] = "llm" });
        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<NluOptions>>().Value);
        Assert.Contains("Nlu:Provider", ex.Message);
    }

    [Theory]
    [InlineData("Llm:Provider", "anthropic")]
    [InlineData("Llm:TimeoutMs", "0")]
    [InlineData("Llm:Endpoint", "not a url")]
    public void Bad_Llm_values_are_reported_by_key(string key, string value)
    {
        using var sp = Build(new() { [key] = value });
        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<LlmOptions>>().Value);
        Assert.Contains(key, ex.Message);
    }
}

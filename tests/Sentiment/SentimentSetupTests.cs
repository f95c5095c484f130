using ComplaintBot.Bot.Llm;
using Microsoft.Extensions.Options;
using ComplaintBot.Bot.Sentiment;
using ComplaintBot.Dialogs.Sentiment;
using ComplaintBot.Tests.Support;
using ComplaintBot.Tests.Complaints;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ComplaintBot.Tests.Sentiment;

/// <summary>AddSentiment builds what the `Sentiment` section asks for, over the repository's real appsettings.json.</summary>
public class SentimentSetupTests
{
    private static ServiceProvider Build(Dictionary<string, string?> overrides)
    {
        var config = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepoPaths.Root, "appsettings.json"))
            .AddInMemoryCollection(overrides)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Prompts:Path"] = Path.Combine(RepoPaths.Root, "prompts") })
            .Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IConfiguration>(config);
        services.AddLlm(config);
        services.AddSentiment(config);
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task Default_configuration_is_the_learned_model_with_template_replies()
    {
        using var sp = Build([]);
        var analyzer = sp.GetRequiredService<ISentimentAnalyzer>();
        Assert.Equal("model", analyzer.Name);
        Assert.IsType<TemplateReplyPhraser>(sp.GetRequiredService<IReplyPhraser>());
        Assert.IsType<EscalationPolicy>(sp.GetRequiredService<IEscalationPolicy>());
        Assert.True((await analyzer.AnalyzeAsync("转人工", "zh-CN")).AsksForHuman);
    }

    [Fact]
    public void Escalation_thresholds_come_from_appsettings()
    {
        var o = RepoPaths.Options<EscalationOptions>(EscalationOptions.Section);
        Assert.Equal(0.75, o.AngerThreshold);
        Assert.Equal(6, o.Window);
        Assert.Equal(3, o.NotUnderstoodTurns);
        Assert.Contains("gold", o.HighTiers);
    }

    [Fact]
    public async Task Llm_provider_and_phraser_use_the_configured_endpoint_and_fall_back_when_it_fails()
    {
        await using var server = await LocalHttpServer.StartAsync();
        server.Respond = (_, _) => Task.FromResult(Results.StatusCode(502));
        using var sp = Build(new()
        {
            ["Sentiment:Provider"] = "llm",
            ["Sentiment:PhraseReplies"] = "true",
            ["Sentiment:Retries"] = "0",
            // The fallback under test is the 502; a generous timeout keeps a slow first request on a loaded
            // machine from falling back before it reaches the server (that failed one run).
            ["Sentiment:TimeoutMs"] = "60000",
            ["Llm:TimeoutMs"] = "60000",
            ["Llm:Endpoint"] = server.BaseUrl + "/v1",
            ["Llm:Key"] = "sk-local",
        });
        var analyzer = sp.GetRequiredService<ISentimentAnalyzer>();
        Assert.Equal("llm", analyzer.Name);
        Assert.IsType<LlmReplyPhraser>(sp.GetRequiredService<IReplyPhraser>());

        var r = await analyzer.AnalyzeAsync("气死我了", "zh-CN");
        Assert.Equal("lexicon", r.Provider);
        Assert.Contains(server.Requests, q => q.Path == "/v1/chat/completions");
    }

    [Fact]
    public async Task Older_Sentiment_Llm_keys_still_configure_the_shared_model_when_the_Llm_section_has_none()
    {
        await using var server = await LocalHttpServer.StartAsync();
        server.Respond = (_, _) => Task.FromResult(Results.StatusCode(502));
        using var sp = Build(new()
        {
            ["Sentiment:Provider"] = "llm",
            ["Sentiment:Retries"] = "0",
            ["Sentiment:TimeoutMs"] = "60000",
            ["Sentiment:Llm:TimeoutMs"] = "60000",
            ["Sentiment:Llm:Endpoint"] = server.BaseUrl + "/legacy/v1",
            ["Sentiment:Llm:Key"] = "sk-legacy",
        });
        Assert.Equal(server.BaseUrl + "/legacy/v1", sp.GetRequiredService<IOptions<LlmOptions>>().Value.Endpoint);
        Assert.Equal("lexicon", (await sp.GetRequiredService<ISentimentAnalyzer>().AnalyzeAsync("气死我了", "zh-CN")).Provider);
        Assert.Contains(server.Requests, q => q.Path == "/legacy/v1/chat/completions" && q.Authorization == "Bearer sk-legacy");
    }

    [Fact]
    public async Task Azure_provider_calls_the_configured_endpoint_with_the_key()
    {
        await using var server = await LocalHttpServer.StartAsync();
        string? key = null;
        server.Respond = (http, _) =>
        {
            key = http.Request.Headers["Ocp-Apim-Subscription-Key"];
            return Task.FromResult(Results.Json(new
            {
                kind = "SentimentAnalysisResults",
                results = new
                {
                    documents = new[] { new { id = "0", sentiment = "neutral", confidenceScores = new { positive = 0.1, neutral = 0.8, negative = 0.1 }, sentences = Array.Empty<object>() } },
                    errors = Array.Empty<object>(), modelVersion = "x",
                },
            }));
        };
        using var sp = Build(new()
        {
            ["Sentiment:Provider"] = "azure",
            ["Sentiment:Azure:Endpoint"] = server.BaseUrl,
            ["Sentiment:Azure:Key"] = "azure-key",
        });
        var r = await sp.GetRequiredService<ISentimentAnalyzer>().AnalyzeAsync("where is my parcel", "en-US");
        Assert.Equal("azure", r.Provider);
        Assert.Equal(SentimentLabel.Neutral, r.Label);
        Assert.Equal("azure-key", key);
    }

    [Fact]
    public async Task Lexicon_rule_weights_come_from_the_sentiment_lexicon_section()
    {
        const string text = "You people are useless, fix it now!";
        using var defaults = Build(new() { ["Sentiment:Provider"] = "lexicon" });
        using var scaledDown = Build(new() { ["Sentiment:Provider"] = "lexicon", ["Sentiment:Lexicon:EnglishAngerScale"] = "0.2" });
        var usual = await defaults.GetRequiredService<ISentimentAnalyzer>().AnalyzeAsync(text, "en-US");
        var calmer = await scaledDown.GetRequiredService<ISentimentAnalyzer>().AnalyzeAsync(text, "en-US");
        Assert.True(usual.Anger > 0.3, $"default anger {usual.Anger}");
        Assert.True(calmer.Anger < usual.Anger, $"configured {calmer.Anger} vs default {usual.Anger}");
    }

    [Fact]
    public void Model_provider_with_a_missing_model_file_uses_the_lexicon()
    {
        using var sp = Build(new() { ["Sentiment:Provider"] = "model", ["Sentiment:ModelPath"] = "/nonexistent/model.cbsm" });
        Assert.Equal("lexicon", sp.GetRequiredService<ISentimentAnalyzer>().Name);
    }

    [Fact]
    public void Unknown_provider_is_a_configuration_error()
    {
        using var sp = Build(new() { ["Sentiment:Provider"] = "magic" });
        Assert.Throws<InvalidOperationException>(() => sp.GetRequiredService<ISentimentAnalyzer>());
    }
}

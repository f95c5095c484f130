using ComplaintBot.Dialogs.Sentiment;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ComplaintBot.Bot.Sentiment;

/// <summary>
/// Runs a remote provider (Azure, LLM) under a Polly timeout + retry pipeline; any failure, invalid answer or
/// timeout yields the lexicon's result for this turn instead, so sentiment never fails a turn.
/// </summary>
public sealed class FallbackSentimentAnalyzer(ISentimentAnalyzer primary, LexiconSentimentAnalyzer fallback, ResiliencePipeline pipeline, ILogger log) : ISentimentAnalyzer
{
    public string Name => primary.Name;

    public async ValueTask<SentimentResult> AnalyzeAsync(string text, string? locale, CancellationToken ct = default)
    {
        try
        {
            return await pipeline.ExecuteAsync(async token => await primary.AnalyzeAsync(text, locale, token), ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; }
        catch (Exception ex)
        {
            log.LogWarning("Sentiment provider {Provider} failed ({Error}); using the lexicon for this turn", primary.Name, ex.Message);
            return fallback.Analyze(text);
        }
    }

    /// <summary>Total timeout around retries of transient failures; invalid answers are not retried.</summary>
    public static ResiliencePipeline CreatePipeline(int timeoutMs, int retries)
    {
        var builder = new ResiliencePipelineBuilder().AddTimeout(TimeSpan.FromMilliseconds(Math.Max(timeoutMs, 1)));
        if (retries > 0)
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = retries,
                Delay = TimeSpan.FromMilliseconds(100),
                BackoffType = DelayBackoffType.Exponential,
                ShouldHandle = new PredicateBuilder().Handle<HttpRequestException>().Handle<System.ClientModel.ClientResultException>()
                    .Handle<TimeoutRejectedException>(),
            });
        return builder.Build();
    }
}

using System.Diagnostics;
using ComplaintBot.Dialogs.Runtime;

namespace ComplaintBot.Dialogs.Sentiment;

/// <summary>Wraps the configured analyzer with a span and the latency histogram, whichever provider it is.</summary>
public sealed class MeasuredSentimentAnalyzer(ISentimentAnalyzer inner) : ISentimentAnalyzer
{
    public string Name => inner.Name;

    public async ValueTask<SentimentResult> AnalyzeAsync(string text, string? locale, CancellationToken ct = default)
    {
        var started = Stopwatch.GetTimestamp();
        using var span = BotTelemetry.StartSpan("sentiment.analyze");
        span?.SetTag("complaintbot.sentiment.provider", inner.Name);
        try
        {
            return await inner.AnalyzeAsync(text, locale, ct);
        }
        catch (Exception ex)
        {
            span.Fail(ex);
            throw;
        }
        finally
        {
            BotTelemetry.AnalyzerDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("provider", inner.Name));
        }
    }
}

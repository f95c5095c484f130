using System.Diagnostics;
using ComplaintBot.Dialogs.Runtime;
using Microsoft.Extensions.AI;

namespace ComplaintBot.Bot.Sentiment;

/// <summary>Every language-model call, whatever uses it, gets a client span and the LLM latency histogram.</summary>
public sealed class MeasuredChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        using var span = BotTelemetry.StartSpan("llm.chat", ActivityKind.Client);
        var outcome = "ok";
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken);
        }
        catch (Exception ex)
        {
            outcome = ex is OperationCanceledException ? "timeout" : "error";
            span.Fail(ex);
            throw;
        }
        finally
        {
            BotTelemetry.LlmDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }
}

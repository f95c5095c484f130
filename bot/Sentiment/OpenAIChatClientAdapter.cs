using System.ClientModel;
using System.ClientModel.Primitives;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAIChat = OpenAI.Chat;

namespace ComplaintBot.Bot.Sentiment;

/// <summary>
/// Microsoft.Extensions.AI's <see cref="IChatClient"/> over the OpenAI 2.15 SDK's ChatClient (the
/// Microsoft.Extensions.AI.OpenAI package isn't on this feed). Covers what the bot uses: system/user/assistant
/// text, temperature, max tokens, JSON response format, streaming text. Works with any OpenAI-compatible endpoint.
/// </summary>
public sealed class OpenAIChatClientAdapter : IChatClient
{
    private readonly OpenAIChat.ChatClient _client;
    private readonly string _model;
    private readonly Uri? _endpoint;

    public OpenAIChatClientAdapter(OpenAIChat.ChatClient client, string model, Uri? endpoint = null)
    {
        _client = client;
        _model = model;
        _endpoint = endpoint;
    }

    /// <summary>SDK retries are off: the caller's Polly pipeline owns retries and the timeout.</summary>
    public static OpenAIChatClientAdapter Create(LlmOptions options)
    {
        var endpoint = new Uri(options.Endpoint);
        var sdkOptions = new OpenAIClientOptions
        {
            Endpoint = endpoint,
            RetryPolicy = new ClientRetryPolicy(0),
            NetworkTimeout = TimeSpan.FromMilliseconds(Math.Max(options.TimeoutMs, 1)),
        };
        var key = string.IsNullOrEmpty(options.Key) ? "unused" : options.Key;
        return new OpenAIChatClientAdapter(new OpenAIChat.ChatClient(options.Model, new ApiKeyCredential(key), sdkOptions), options.Model, endpoint);
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = await _client.CompleteChatAsync(ToOpenAI(messages, options), ToOpenAI(options), cancellationToken);
        var completion = result.Value;
        var text = string.Concat(completion.Content.Where(p => p.Kind == OpenAIChat.ChatMessageContentPartKind.Text).Select(p => p.Text));
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            ResponseId = completion.Id,
            ModelId = completion.Model,
            CreatedAt = completion.CreatedAt,
            FinishReason = completion.FinishReason switch
            {
                OpenAIChat.ChatFinishReason.Stop => ChatFinishReason.Stop,
                OpenAIChat.ChatFinishReason.Length => ChatFinishReason.Length,
                OpenAIChat.ChatFinishReason.ContentFilter => ChatFinishReason.ContentFilter,
                OpenAIChat.ChatFinishReason.ToolCalls => ChatFinishReason.ToolCalls,
                _ => null,
            },
            RawRepresentation = completion,
        };
        if (completion.Usage is { } usage)
            response.Usage = new UsageDetails { InputTokenCount = usage.InputTokenCount, OutputTokenCount = usage.OutputTokenCount, TotalTokenCount = usage.TotalTokenCount };
        return response;
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var update in _client.CompleteChatStreamingAsync(ToOpenAI(messages, options), ToOpenAI(options), cancellationToken))
        {
            var text = string.Concat(update.ContentUpdate.Where(p => p.Kind == OpenAIChat.ChatMessageContentPartKind.Text).Select(p => p.Text));
            yield return new ChatResponseUpdate(ChatRole.Assistant, text) { ModelId = update.Model, ResponseId = update.CompletionId, RawRepresentation = update };
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        if (serviceKey is not null) return null;
        if (serviceType == typeof(ChatClientMetadata)) return new ChatClientMetadata("openai", _endpoint, _model);
        if (serviceType.IsInstanceOfType(_client)) return _client;
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose() { }

    private static List<OpenAIChat.ChatMessage> ToOpenAI(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var list = new List<OpenAIChat.ChatMessage>();
        if (!string.IsNullOrEmpty(options?.Instructions)) list.Add(new OpenAIChat.SystemChatMessage(options.Instructions));
        foreach (var m in messages)
        {
            var text = m.Text;
            if (m.Role == ChatRole.System) list.Add(new OpenAIChat.SystemChatMessage(text));
            else if (m.Role == ChatRole.Assistant) list.Add(new OpenAIChat.AssistantChatMessage(text));
            else if (m.Role == ChatRole.User) list.Add(new OpenAIChat.UserChatMessage(text));
            else throw new NotSupportedException($"Chat role '{m.Role}' is not supported by this adapter");
        }
        return list;
    }

    private static OpenAIChat.ChatCompletionOptions ToOpenAI(ChatOptions? options)
    {
        var o = new OpenAIChat.ChatCompletionOptions();
        if (options is null) return o;
        if (options.Temperature is { } t) o.Temperature = t;
        if (options.TopP is { } p) o.TopP = p;
        if (options.MaxOutputTokens is { } max) o.MaxOutputTokenCount = max;
        if (options.Seed is { } seed)
        {
#pragma warning disable OPENAI001
            o.Seed = seed;
#pragma warning restore OPENAI001
        }
        if (options.StopSequences is { Count: > 0 } stops) foreach (var s in stops) o.StopSequences.Add(s);
        if (options.ResponseFormat is ChatResponseFormatJson) o.ResponseFormat = OpenAIChat.ChatResponseFormat.CreateJsonObjectFormat();
        return o;
    }
}

using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.AI.OpenAI;
using Azure.Identity;
using ComplaintBot.Bot.Sentiment;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using OpenAI;

namespace ComplaintBot.Bot.Llm;

/// <summary>
/// The configured model, built once: the OpenAI (or Azure OpenAI) client, a Semantic Kernel <see cref="Kernel"/> with
/// that provider's chat connector (understanding, with tool calls), and the same client as a Microsoft.Extensions.AI
/// <see cref="IChatClient"/> (<c>AsIChatClient()</c>; sentiment and reply phrasing). The SDK's own retries are off:
/// each use owns its retries and timeout (a Polly pipeline) so a slow model costs one bounded wait per turn.
/// </summary>
public sealed class LlmClients
{
    public OpenAIClient Client { get; }
    public Kernel Kernel { get; }
    public IChatClient Chat { get; }

    public LlmClients(LlmOptions options)
    {
        var endpoint = new Uri(options.Endpoint);
        var azure = string.Equals(options.Provider, LlmOptions.AzureOpenAI, StringComparison.OrdinalIgnoreCase);
        var timeout = TimeSpan.FromMilliseconds(Math.Max(options.TimeoutMs, 1));
        var builder = Kernel.CreateBuilder();
        if (azure)
        {
            var azureOptions = new AzureOpenAIClientOptions { RetryPolicy = new ClientRetryPolicy(0), NetworkTimeout = timeout };
            var client = string.IsNullOrEmpty(options.Key)
                ? new AzureOpenAIClient(endpoint, new DefaultAzureCredential(), azureOptions)
                : new AzureOpenAIClient(endpoint, new ApiKeyCredential(options.Key), azureOptions);
            builder.AddAzureOpenAIChatCompletion(options.Model, client);
            Client = client;
        }
        else
        {
            var sdkOptions = new OpenAIClientOptions { Endpoint = endpoint, RetryPolicy = new ClientRetryPolicy(0), NetworkTimeout = timeout };
            // A local OpenAI-compatible server often needs no key; the SDK insists on one.
            Client = new OpenAIClient(new ApiKeyCredential(string.IsNullOrEmpty(options.Key) ? "unused" : options.Key), sdkOptions);
            builder.AddOpenAIChatCompletion(options.Model, Client);
        }
        Kernel = builder.Build();
        Chat = new MeasuredChatClient(Client.GetChatClient(options.Model).AsIChatClient());
    }
}

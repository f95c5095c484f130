using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Azure.Core;
using Azure.Identity;
using ComplaintBot.Dialogs.Schema;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace ComplaintBot.Bot.Channels.BotFramework;

/// <summary>
/// Calls the channel's Connector REST API (reference/bot-framework-rest-connector-api-reference.md): send, reply,
/// update and delete activities, with a client-credentials token and retries on 429/5xx/network errors.
/// </summary>
public sealed class ConnectorClient
{
    public const string HttpClientName = "BotFramework.Connector";

    /// <summary>DI key of the <see cref="TokenCredential"/> used for outbound calls (replace it to test without Entra).</summary>
    public const string CredentialKey = "BotFramework.Connector";

    private readonly IHttpClientFactory _httpClients;
    private readonly IServiceProvider _services;
    private readonly BotFrameworkOptions _options;
    private readonly ILogger<ConnectorClient> _log;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private TokenCredential? _credential;

    public ConnectorClient(IHttpClientFactory httpClients, IServiceProvider services, IOptions<BotFrameworkOptions> options, ILogger<ConnectorClient> log)
    {
        _httpClients = httpClients;
        _services = services;
        _options = options.Value;
        _log = log;
        _pipeline = BuildPipeline(_options.ConnectorRetry, log);
    }

    /// <summary>POST to /activities/{replyToId} when the activity answers one, else to /activities.</summary>
    public async Task<ResourceResponse> SendAsync(Activity activity, CancellationToken ct)
    {
        var path = Conversation(activity) + "/activities" + (string.IsNullOrEmpty(activity.ReplyToId) ? "" : "/" + Uri.EscapeDataString(activity.ReplyToId));
        return await CallAsync(HttpMethod.Post, activity.ServiceUrl, path, activity, ct);
    }

    public async Task<ResourceResponse> UpdateAsync(Activity activity, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(activity.Id)) throw new ArgumentException("An activity to update needs its id.", nameof(activity));
        var path = Conversation(activity) + "/activities/" + Uri.EscapeDataString(activity.Id);
        return await CallAsync(HttpMethod.Put, activity.ServiceUrl, path, activity, ct);
    }

    public async Task DeleteAsync(ConversationReference reference, string activityId, CancellationToken ct)
    {
        var path = $"v3/conversations/{Uri.EscapeDataString(reference.Conversation?.Id ?? throw new ArgumentException("No conversation to delete from."))}/activities/{Uri.EscapeDataString(activityId)}";
        await CallAsync(HttpMethod.Delete, reference.ServiceUrl, path, null, ct);
    }

    private static string Conversation(Activity a)
        => "v3/conversations/" + Uri.EscapeDataString(a.Conversation?.Id ?? throw new ArgumentException("The activity has no conversation id."));

    /// <summary>The channel's base address from an activity's serviceUrl (absolute http or https), or null.</summary>
    public static Uri? ServiceUri(string? serviceUrl)
        => !string.IsNullOrWhiteSpace(serviceUrl) && Uri.TryCreate(serviceUrl.TrimEnd('/') + "/", UriKind.Absolute, out var uri)
           && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri : null;

    private async Task<ResourceResponse> CallAsync(HttpMethod method, string? serviceUrl, string path, Activity? body, CancellationToken ct)
    {
        var baseUri = ServiceUri(serviceUrl) ?? throw new InvalidOperationException("The activity has no usable serviceUrl to send to.");
        var uri = new Uri(baseUri, path);
        var payload = body is null ? null : JsonSerializer.SerializeToUtf8Bytes(body, ActivityJson.Options);
        var http = _httpClients.CreateClient(HttpClientName);

        using var response = await _pipeline.ExecuteAsync(async token =>
        {
            // A request message can be sent once only, so every attempt builds its own (and gets a fresh token).
            using var request = new HttpRequestMessage(method, uri);
            if (payload is not null)
            {
                request.Content = new ByteArrayContent(payload);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            }
            var bearer = await GetTokenAsync(token);
            if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            return await http.SendAsync(request, token);
        }, ct);

        if (!response.IsSuccessStatusCode)
        {
            _log.LogWarning("Connector {Method} {Uri} failed with {Status}", method, uri, (int)response.StatusCode);
            throw new HttpRequestException($"The connector answered {(int)response.StatusCode} to {method} {uri.AbsolutePath}.", null, response.StatusCode);
        }

        var text = await response.Content.ReadAsStringAsync(ct);
        if (string.IsNullOrWhiteSpace(text)) return new ResourceResponse { Id = body?.Id };
        try
        {
            return JsonSerializer.Deserialize<ResourceResponse>(text, ActivityJson.Options) ?? new ResourceResponse();
        }
        catch (JsonException)
        {
            return new ResourceResponse { Id = body?.Id };
        }
    }

    private async ValueTask<string?> GetTokenAsync(CancellationToken ct)
    {
        if (!_options.AuthenticationEnabled) return null;
        _credential ??= _services.GetRequiredKeyedService<TokenCredential>(CredentialKey);
        // Azure.Identity caches the token and renews it before it expires.
        var token = await _credential.GetTokenAsync(new TokenRequestContext([_options.ConnectorScope]), ct);
        return token.Token;
    }

    /// <summary>The app's identity towards the connector, as Bot Framework's MicrosoftAppType describes it.</summary>
    public static TokenCredential CreateCredential(BotFrameworkOptions o)
    {
        if (o.IsManagedIdentity)
            return new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(o.MicrosoftAppId));
        if (o.IsSingleTenant && string.IsNullOrWhiteSpace(o.MicrosoftAppTenantId))
            throw new InvalidOperationException("Bot:MicrosoftAppTenantId is required for a SingleTenant bot.");
        return new ClientSecretCredential(o.TokenTenant, o.MicrosoftAppId, o.MicrosoftAppPassword);
    }

    private static ResiliencePipeline<HttpResponseMessage> BuildPipeline(ConnectorRetryOptions o, ILogger log)
    {
        var maxDelay = TimeSpan.FromSeconds(o.MaxDelaySeconds);
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (o.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = o.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(o.BaseDelayMilliseconds),
                MaxDelay = maxDelay,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TaskCanceledException>(ex => ex.InnerException is TimeoutException)
                    .HandleResult(r => r.StatusCode == HttpStatusCode.TooManyRequests || (int)r.StatusCode >= 500),
                // The channel knows best when it can take the message again.
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, maxDelay)),
                OnRetry = args =>
                {
                    log.LogInformation("Retrying connector call (attempt {Attempt}) after {Outcome}", args.AttemptNumber + 1,
                        args.Outcome.Exception?.GetType().Name ?? ((int?)args.Outcome.Result?.StatusCode)?.ToString());
                    return ValueTask.CompletedTask;
                },
            });
        }
        return builder.Build();
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan max)
    {
        var header = response?.Headers.RetryAfter;
        if (header is null) return null;
        var delay = header.Delta ?? (header.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        if (delay is null) return null;
        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay > max ? max : delay;
    }
}

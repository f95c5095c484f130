using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Core;

namespace ComplaintBot.Bot.Sentiment;

/// <summary>
/// Thin typed client for Azure AI Language sentiment analysis (no SDK for it on this feed):
/// `POST {endpoint}/language/:analyze-text?api-version=…` with kind SentimentAnalysis and opinion mining.
/// Sends at most 10 documents per request and at most 5,120 characters per document, as the service requires.
/// Authenticates with Ocp-Apim-Subscription-Key, or with an Entra token for https://cognitiveservices.azure.com/.default.
/// </summary>
public sealed class AzureLanguageClient
{
    public const int MaxDocumentsPerRequest = 10;
    public const int MaxCharactersPerDocument = 5120;
    public const string TokenScope = "https://cognitiveservices.azure.com/.default";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly HttpClient _http;
    private readonly AzureLanguageOptions _options;
    private readonly TokenCredential? _credential;
    private AccessToken _token;
    private readonly SemaphoreSlim _tokenLock = new(1, 1);

    public AzureLanguageClient(HttpClient http, AzureLanguageOptions options, TokenCredential? credential = null)
    {
        _http = http;
        _options = options;
        _credential = string.IsNullOrEmpty(options.Key) ? credential : null;
        if (string.IsNullOrWhiteSpace(options.Endpoint)) throw new InvalidOperationException("Sentiment:Azure:Endpoint is not set");
        if (string.IsNullOrEmpty(options.Key) && credential is null)
            throw new InvalidOperationException("Sentiment:Azure needs a Key or an Entra credential");
    }

    /// <summary>Analyzes any number of documents; results come back in input order (null where the service reported an error).</summary>
    public async Task<IReadOnlyList<AzureDocumentSentiment?>> AnalyzeAsync(IReadOnlyList<AzureDocument> documents, CancellationToken ct = default)
    {
        var results = new AzureDocumentSentiment?[documents.Count];
        for (var start = 0; start < documents.Count; start += MaxDocumentsPerRequest)
        {
            var batch = documents.Skip(start).Take(MaxDocumentsPerRequest)
                .Select((d, i) => new RequestDocument((start + i).ToString(System.Globalization.CultureInfo.InvariantCulture), Truncate(d.Text), d.Language))
                .ToList();
            var response = await SendAsync(batch, ct);
            foreach (var doc in response.Results?.Documents ?? [])
                if (int.TryParse(doc.Id, out var index) && index >= 0 && index < results.Length) results[index] = doc;
        }
        return results;
    }

    private async Task<AnalyzeResponse> SendAsync(List<RequestDocument> batch, CancellationToken ct)
    {
        var body = new AnalyzeRequest(
            "SentimentAnalysis",
            new RequestParameters(_options.ModelVersion, _options.OpinionMining),
            new AnalysisInput(batch));
        var url = $"{_options.Endpoint.TrimEnd('/')}/language/:analyze-text?api-version={Uri.EscapeDataString(_options.ApiVersion)}";
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body, options: Json) };
        if (!string.IsNullOrEmpty(_options.Key)) request.Headers.Add("Ocp-Apim-Subscription-Key", _options.Key);
        else request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(ct));
        using var response = await _http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            var detail = await response.Content.ReadAsStringAsync(ct);
            throw new HttpRequestException($"Azure AI Language returned {(int)response.StatusCode}: {Shorten(detail)}", null, response.StatusCode);
        }
        return await response.Content.ReadFromJsonAsync<AnalyzeResponse>(Json, ct)
               ?? throw new InvalidDataException("Azure AI Language returned an empty body");
    }

    private async Task<string> TokenAsync(CancellationToken ct)
    {
        if (_token.ExpiresOn > DateTimeOffset.UtcNow.AddMinutes(5)) return _token.Token;
        await _tokenLock.WaitAsync(ct);
        try
        {
            if (_token.ExpiresOn <= DateTimeOffset.UtcNow.AddMinutes(5))
                _token = await _credential!.GetTokenAsync(new TokenRequestContext([TokenScope]), ct);
            return _token.Token;
        }
        finally { _tokenLock.Release(); }
    }

    /// <summary>Cuts to the service limit without splitting a surrogate pair.</summary>
    internal static string Truncate(string text)
    {
        if (text.Length <= MaxCharactersPerDocument) return text;
        var cut = MaxCharactersPerDocument;
        if (char.IsHighSurrogate(text[cut - 1])) cut--;
        return text[..cut];
    }

    /// <summary>Azure language code for a bot locale (zh-CN → zh-hans).</summary>
    public static string? LanguageFor(string? locale, string text)
    {
        var lang = (locale ?? "").Split('-')[0].ToLowerInvariant();
        if (lang == "zh") return locale?.EndsWith("TW", StringComparison.OrdinalIgnoreCase) == true ? "zh-hant" : "zh-hans";
        if (lang.Length > 0) return lang;
        return text.Any(c => c >= 0x4E00 && c <= 0x9FFF) ? "zh-hans" : "en";
    }

    private static string Shorten(string s) => s.Length > 300 ? s[..300] + "…" : s;

    private sealed record AnalyzeRequest(string Kind, RequestParameters Parameters, AnalysisInput AnalysisInput);
    private sealed record RequestParameters(string ModelVersion, bool OpinionMining);
    private sealed record AnalysisInput(List<RequestDocument> Documents);
    private sealed record RequestDocument(string Id, string Text, string? Language);
    private sealed record AnalyzeResponse(string? Kind, AnalyzeResults? Results);
    private sealed record AnalyzeResults(List<AzureDocumentSentiment>? Documents, List<JsonElement>? Errors, string? ModelVersion);
}

public sealed record AzureDocument(string Text, string? Language);

public sealed record AzureConfidence(double Positive, double Neutral, double Negative);

public sealed record AzureDocumentSentiment(string Id, string Sentiment, AzureConfidence ConfidenceScores, List<AzureSentence>? Sentences);

public sealed record AzureSentence(string Sentiment, AzureConfidence ConfidenceScores, string? Text, List<AzureOpinionTarget>? Targets, List<AzureAssessment>? Assessments);

public sealed record AzureOpinionTarget(string Sentiment, string Text, List<AzureRelation>? Relations);

public sealed record AzureAssessment(string Sentiment, string Text, bool IsNegated);

public sealed record AzureRelation(string RelationType, string Ref);

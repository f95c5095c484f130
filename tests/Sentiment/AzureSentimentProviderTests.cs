using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using ComplaintBot.Bot.Sentiment;
using ComplaintBot.Dialogs.Sentiment;
using ComplaintBot.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace ComplaintBot.Tests.Sentiment;

/// <summary>The Azure AI Language client against a local Kestrel server that speaks the analyze-text API.</summary>
public class AzureSentimentProviderTests
{
    private static readonly LexiconSentimentAnalyzer Lexicon = new();

    /// <summary>Answers like the service: one result per document, negative when the text says 慢 or slow.</summary>
    private static Task<IResult> ServiceLike(HttpContext _, LocalHttpServer.Received r)
    {
        var body = JsonNode.Parse(r.Body)!;
        var docs = body["analysisInput"]!["documents"]!.AsArray().Select(d =>
        {
            var text = d!["text"]!.GetValue<string>();
            var negative = text.Contains("慢") || text.Contains("slow");
            return new
            {
                id = d["id"]!.GetValue<string>(),
                sentiment = negative ? "negative" : "positive",
                confidenceScores = negative ? new { positive = 0.02, neutral = 0.08, negative = 0.90 } : new { positive = 0.95, neutral = 0.04, negative = 0.01 },
                sentences = new[]
                {
                    new
                    {
                        sentiment = negative ? "negative" : "positive",
                        confidenceScores = new { positive = 0.02, neutral = 0.08, negative = 0.90 },
                        offset = 0, length = text.Length, text,
                        targets = negative
                            ? new object[] { new { sentiment = "negative", confidenceScores = new { positive = 0.01, negative = 0.99 }, offset = 0, length = 2, text = "delivery", relations = new[] { new { relationType = "assessment", @ref = "#/documents/0/sentences/0/assessments/0" } } } }
                            : [],
                        assessments = negative
                            ? new object[] { new { sentiment = "negative", confidenceScores = new { positive = 0.01, negative = 0.99 }, offset = 3, length = 4, text = "slow", isNegated = false } }
                            : [],
                    },
                },
                warnings = Array.Empty<object>(),
            };
        }).ToList();
        return Task.FromResult(Results.Json(new { kind = "SentimentAnalysisResults", results = new { documents = docs, errors = Array.Empty<object>(), modelVersion = "2022-11-01" } }));
    }

    private static AzureLanguageClient Client(LocalHttpServer server, string key = "test-key", TokenCredential? credential = null)
        => new(new HttpClient(), new AzureLanguageOptions { Endpoint = server.BaseUrl, Key = key }, credential);

    [Fact]
    public async Task Analyzer_maps_confidence_scores_opinions_and_anger()
    {
        await using var server = await LocalHttpServer.StartAsync();
        server.Respond = ServiceLike;
        var analyzer = new AzureSentimentAnalyzer(Client(server), Lexicon);

        var r = await analyzer.AnalyzeAsync("快递太慢了，气死我了", "zh-CN");

        Assert.Equal("azure", r.Provider);
        Assert.Equal(SentimentLabel.Negative, r.Label);
        Assert.Equal(0.90, r.Negative, 3);
        Assert.Contains(r.Cues, c => c.Kind == CueKind.Negative && c.Text == "delivery: slow");
        Assert.True(r.Anger > Lexicon.Analyze("快递太慢了，气死我了").Anger, "service negativity adds to the lexicon's anger");
        var sent = server.Requests.Single();
        Assert.Equal("POST", sent.Method);
        Assert.Equal("/language/:analyze-text?api-version=2023-04-01", sent.Path);
        var body = JsonNode.Parse(sent.Body)!;
        Assert.Equal("SentimentAnalysis", body["kind"]!.GetValue<string>());
        Assert.True(body["parameters"]!["opinionMining"]!.GetValue<bool>());
        Assert.Equal("zh-hans", body["analysisInput"]!["documents"]![0]!["language"]!.GetValue<string>());
    }

    [Fact]
    public async Task Negativity_alone_stays_below_the_escalation_threshold()
    {
        await using var server = await LocalHttpServer.StartAsync();
        server.Respond = ServiceLike;
        var r = await new AzureSentimentAnalyzer(Client(server), Lexicon).AnalyzeAsync("the delivery is slow", "en-US");
        Assert.Equal(SentimentLabel.Negative, r.Label);
        Assert.True(r.Anger < new EscalationOptions().AngerThreshold);
    }

    [Fact]
    public async Task More_than_ten_documents_are_sent_in_batches_of_ten_and_come_back_in_order()
    {
        await using var server = await LocalHttpServer.StartAsync();
        server.Respond = ServiceLike;
        var docs = Enumerable.Range(0, 23).Select(i => new AzureDocument(i % 2 == 0 ? $"slow parcel {i}" : $"lovely parcel {i}", "en")).ToList();

        var results = await Client(server).AnalyzeAsync(docs);

        var sizes = server.Requests.Select(r => JsonNode.Parse(r.Body)!["analysisInput"]!["documents"]!.AsArray().Count).ToList();
        Assert.Equal([10, 10, 3], sizes);
        Assert.Equal(23, results.Count);
        for (var i = 0; i < 23; i++) Assert.Equal(i % 2 == 0 ? "negative" : "positive", results[i]!.Sentiment);
    }

    [Fact]
    public async Task Documents_are_cut_to_5120_characters()
    {
        await using var server = await LocalHttpServer.StartAsync();
        server.Respond = ServiceLike;
        await Client(server).AnalyzeAsync([new AzureDocument(new string('慢', 6000), "zh-hans")]);
        var text = JsonNode.Parse(server.Requests.Single().Body)!["analysisInput"]!["documents"]![0]!["text"]!.GetValue<string>();
        Assert.Equal(AzureLanguageClient.MaxCharactersPerDocument, text.Length);
    }

    [Fact]
    public async Task Subscription_key_goes_in_the_Ocp_Apim_header_and_Entra_token_in_Authorization()
    {
        string? key = null;
        await using var server = await LocalHttpServer.StartAsync();
        server.Respond = (http, r) => { key = http.Request.Headers["Ocp-Apim-Subscription-Key"]; return ServiceLike(http, r); };
        await Client(server, key: "secret-1").AnalyzeAsync([new AzureDocument("ok", "en")]);
        Assert.Equal("secret-1", key);
        Assert.Null(server.Requests.Single().Authorization);

        var credential = new RecordingCredential();
        await using var server2 = await LocalHttpServer.StartAsync();
        server2.Respond = ServiceLike;
        var entra = Client(server2, key: "", credential: credential);
        await entra.AnalyzeAsync([new AzureDocument("ok", "en")]);
        await entra.AnalyzeAsync([new AzureDocument("ok again", "en")]);
        Assert.All(server2.Requests, r => Assert.Equal("Bearer token-1", r.Authorization));
        Assert.Equal(["https://cognitiveservices.azure.com/.default"], credential.Scopes);
        Assert.Equal(1, credential.Calls);
    }

    [Fact]
    public async Task Server_error_falls_back_to_the_lexicon_after_a_retry()
    {
        await using var server = await LocalHttpServer.StartAsync();
        server.Respond = (_, _) => Task.FromResult(Results.Problem("boom", statusCode: 500));
        var analyzer = new FallbackSentimentAnalyzer(new AzureSentimentAnalyzer(Client(server), Lexicon), Lexicon,
            FallbackSentimentAnalyzer.CreatePipeline(timeoutMs: 10_000, retries: 1), NullLogger.Instance);

        var r = await analyzer.AnalyzeAsync("你们这些骗子！", "zh-CN");

        Assert.Equal("lexicon", r.Provider);
        Assert.Equal(Lexicon.Analyze("你们这些骗子！"), r, new ResultComparer());
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Error_entry_for_the_document_falls_back_to_the_lexicon()
    {
        await using var server = await LocalHttpServer.StartAsync();
        server.Respond = (_, _) => Task.FromResult(Results.Json(new
        {
            kind = "SentimentAnalysisResults",
            results = new { documents = Array.Empty<object>(), errors = new[] { new { id = "0", error = new { code = "InvalidArgument", message = "Invalid language" } } }, modelVersion = "x" },
        }));
        var analyzer = new FallbackSentimentAnalyzer(new AzureSentimentAnalyzer(Client(server), Lexicon), Lexicon,
            FallbackSentimentAnalyzer.CreatePipeline(10_000, 0), NullLogger.Instance);
        Assert.Equal("lexicon", (await analyzer.AnalyzeAsync("hello", "xx")).Provider);
    }

    private sealed class RecordingCredential : TokenCredential
    {
        public int Calls;
        public string[] Scopes = [];
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Calls++;
            Scopes = requestContext.Scopes;
            return new AccessToken($"token-{Calls}", DateTimeOffset.UtcNow.AddHours(1));
        }
        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
            => ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }

    internal sealed class ResultComparer : IEqualityComparer<SentimentResult>
    {
        public bool Equals(SentimentResult? x, SentimentResult? y)
            => x!.Label == y!.Label && x.Anger == y.Anger && x.Negative == y.Negative && x.Cues.SequenceEqual(y.Cues);
        public int GetHashCode(SentimentResult obj) => obj.Label.GetHashCode();
    }
}

using ComplaintBot.Bot.Llm;
using System.Text.Json.Nodes;
using ComplaintBot.Bot.Sentiment;
using ComplaintBot.Dialogs.Sentiment;
using ComplaintBot.Dialogs.Text;
using ComplaintBot.Tests.Support;
using ComplaintBot.Tests.Complaints;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;

namespace ComplaintBot.Tests.Sentiment;

/// <summary>The LLM analyzer and reply phraser through the shared model's chat client (<c>AsIChatClient()</c>), against a local chat-completions server.</summary>
public class LlmProviderTests
{
    private static readonly LexiconSentimentAnalyzer Lexicon = new();

    private static Func<HttpContext, LocalHttpServer.Received, Task<IResult>> Answer(string content) => (_, _) =>
        Task.FromResult(Results.Json(new
        {
            id = "chatcmpl-test",
            @object = "chat.completion",
            created = 1_760_000_000,
            model = "test-model",
            choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop" } },
            usage = new { prompt_tokens = 42, completion_tokens = 7, total_tokens = 49 },
        }));

    private static IChatClient Chat(LocalHttpServer server, int timeoutMs = 10_000)
        => new LlmClients(new LlmOptions { Endpoint = server.BaseUrl + "/v1", Model = "test-model", Key = "sk-test", TimeoutMs = timeoutMs }).Chat;

    private static ISentimentAnalyzer Analyzer(LocalHttpServer server, int timeoutMs = 10_000)
        => new FallbackSentimentAnalyzer(new LlmSentimentAnalyzer(Chat(server, timeoutMs), RepoPaths.Prompts, Lexicon), Lexicon,
            FallbackSentimentAnalyzer.CreatePipeline(timeoutMs, 0), NullLogger.Instance);

    private const string Valid = """{"label":"negative","positive":0.05,"neutral":0.1,"negative":0.85,"anger":0.8,"threat":true,"safety":false,"human_request":false,"reasons":["liars","small claims"]}""";

    [Fact]
    public async Task Shared_chat_client_sends_chat_completions_and_maps_the_response()
    {
        await using var server = await LocalHttpServer.StartAsync();
        server.Respond = Answer("hello there");
        var response = await Chat(server).GetResponseAsync(
            [new ChatMessage(ChatRole.System, "be brief"), new ChatMessage(ChatRole.User, "hi")],
            new ChatOptions { Temperature = 0, MaxOutputTokens = 20, ResponseFormat = ChatResponseFormat.Json });

        Assert.Equal("hello there", response.Text);
        Assert.Equal("test-model", response.ModelId);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(42, response.Usage!.InputTokenCount);
        var sent = server.Requests.Single();
        Assert.Equal("/v1/chat/completions", sent.Path);
        Assert.Equal("Bearer sk-test", sent.Authorization);
        var body = JsonNode.Parse(sent.Body)!;
        Assert.Equal("test-model", body["model"]!.GetValue<string>());
        Assert.Equal("json_object", body["response_format"]!["type"]!.GetValue<string>());
        Assert.Equal("system", body["messages"]![0]!["role"]!.GetValue<string>());
        Assert.Equal("hi", body["messages"]![1]!["content"]!.ToString());
    }

    [Fact]
    public async Task Valid_json_answer_becomes_the_result()
    {
        await using var server = await LocalHttpServer.StartAsync();
        server.Respond = Answer(Valid);
        var r = await Analyzer(server).AnalyzeAsync("You liars, see you in small claims court", "en-US");

        Assert.Equal("llm", r.Provider);
        Assert.Equal(SentimentLabel.Negative, r.Label);
        Assert.Equal(0.8, r.Anger);
        Assert.Equal(0.85, r.Negative, 3);
        Assert.True(r.HasThreat);
        Assert.Contains(r.Cues, c => c.Text == "liars");
        var messages = JsonNode.Parse(server.Requests.Single().Body)!["messages"]!.AsArray();
        Assert.Contains("JSON", messages[0]!["content"]!.ToString());
        Assert.Equal("You liars, see you in small claims court", messages[1]!["content"]!.ToString());
    }

    [Fact]
    public async Task Chinese_message_uses_the_Chinese_prompt()
    {
        await using var server = await LocalHttpServer.StartAsync();
        server.Respond = Answer(Valid);
        await Analyzer(server).AnalyzeAsync("快递太慢了", "zh-CN");
        var system = JsonNode.Parse(server.Requests.Single().Body)!["messages"]![0]!["content"]!.ToString();
        Assert.Contains("顾客", system);
    }

    [Theory]
    [InlineData("I think the customer is angry")]
    [InlineData("""{"label":"negative","positive":0.1,"neutral":0.1,"negative":0.8,"anger":1.7,"threat":false,"safety":false,"human_request":false,"reasons":[]}""")]
    [InlineData("""{"label":"furious","positive":0.1,"neutral":0.1,"negative":0.8,"anger":0.9,"threat":false,"safety":false,"human_request":false,"reasons":[]}""")]
    [InlineData("""{"label":"negative","positive":0.1,"neutral":0.1,"negative":0.8,"threat":false,"safety":false,"human_request":false}""")]
    [InlineData("""{"label":"negative","positive":0.1,"neutral":0.1,"negative":0.8,"anger":0.5,"threat":false,"safety":false,"human_request":false""")]
    public async Task Invalid_answer_falls_back_to_the_lexicon(string answer)
    {
        await using var server = await LocalHttpServer.StartAsync();
        server.Respond = Answer(answer);
        var r = await Analyzer(server).AnalyzeAsync("退款太慢了！！", "zh-CN");
        Assert.Equal("lexicon", r.Provider);
        Assert.Equal(Lexicon.Analyze("退款太慢了！！").Anger, r.Anger);
    }

    [Fact]
    public async Task Timeout_falls_back_to_the_lexicon()
    {
        await using var server = await LocalHttpServer.StartAsync();
        server.Respond = async (http, _) =>
        {
            // Never answers in time; released when the client gives up.
            try { await Task.Delay(Timeout.Infinite, http.RequestAborted); } catch (OperationCanceledException) { }
            return Results.Ok();
        };
        var r = await Analyzer(server, timeoutMs: 300).AnalyzeAsync("气死我了", "zh-CN");
        Assert.Equal("lexicon", r.Provider);
        Assert.True(r.Anger > 0.5);
    }

    [Fact]
    public async Task Server_error_falls_back_to_the_lexicon()
    {
        await using var server = await LocalHttpServer.StartAsync();
        server.Respond = (_, _) => Task.FromResult(Results.StatusCode(500));
        Assert.Equal("lexicon", (await Analyzer(server).AnalyzeAsync("hello", "en-US")).Provider);
    }

    private static LlmReplyPhraser Phraser(LocalHttpServer server, int timeoutMs = 10_000)
        => new(Chat(server, timeoutMs), RepoPaths.Prompts,
            new PromiseGuard(RepoPaths.Options<PromiseGuardOptions>(PromiseGuardOptions.Section)),
            FallbackSentimentAnalyzer.CreatePipeline(timeoutMs, 0), NullLogger<LlmReplyPhraser>.Instance);

    private const string Template = "您的投诉已受理，编号 C20261124-0001。我们会在 30 分钟内给您首次答复。";
    private static readonly ReplyPhrasingContext Angry = new("zh-CN", new SentimentResult(SentimentLabel.Negative, 0, 0.1, 0.9, 0.9, [], "lexicon"));

    [Fact]
    public async Task Phraser_returns_a_safe_rewrite_and_tells_the_model_the_mood()
    {
        const string rewrite = "真的很抱歉让您久等了！您的投诉已受理，编号 C20261124-0001，我们会在 30 分钟内给您首次答复。";
        await using var server = await LocalHttpServer.StartAsync();
        server.Respond = Answer(rewrite);
        Assert.Equal(rewrite, await Phraser(server).PhraseAsync(Template, Angry));
        var messages = JsonNode.Parse(server.Requests.Single().Body)!["messages"]!.AsArray();
        Assert.Contains("angry", messages[0]!["content"]!.ToString());
        Assert.Equal(Template, messages[1]!["content"]!.ToString());
    }

    [Theory]
    [InlineData("非常抱歉！您的投诉已受理，我们会尽快答复。")]            // dropped the case number and the deadline
    [InlineData("非常抱歉！编号 C20261124-0001，我们绝对在 30 分钟内解决。")] // promise guard: 绝对
    [InlineData("")]
    public async Task Phraser_keeps_the_template_when_the_rewrite_is_unsafe(string rewrite)
    {
        await using var server = await LocalHttpServer.StartAsync();
        server.Respond = Answer(rewrite);
        Assert.Equal(Template, await Phraser(server).PhraseAsync(Template, Angry));
    }

    [Fact]
    public async Task Phraser_keeps_the_template_when_the_model_fails()
    {
        await using var server = await LocalHttpServer.StartAsync();
        server.Respond = (_, _) => Task.FromResult(Results.StatusCode(503));
        Assert.Equal(Template, await Phraser(server).PhraseAsync(Template, Angry));
    }

    [Fact]
    public async Task Default_phraser_returns_the_template_unchanged()
        => Assert.Equal(Template, await new TemplateReplyPhraser().PhraseAsync(Template, Angry));
}

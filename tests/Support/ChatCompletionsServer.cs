using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ComplaintBot.Tests.Support;

/// <summary>
/// A local server speaking the OpenAI chat-completions API (on <see cref="LocalHttpServer"/>, real Kestrel on loopback):
/// each request to <c>/v1/chat/completions</c> is answered by the next scripted step (the last one repeats), so a test
/// plays a model that calls tools, answers, fails or stalls. Requests are kept as parsed JSON.
/// </summary>
public sealed class ChatCompletionsServer : IAsyncDisposable
{
    private readonly LocalHttpServer _http;
    private readonly List<Func<HttpContext, Task<IResult>>> _steps = [];
    private int _next;

    public ConcurrentQueue<JsonNode> Requests { get; } = new();
    public string BaseUrl => _http.BaseUrl + "/v1";

    private ChatCompletionsServer(LocalHttpServer http) => _http = http;

    public static async Task<ChatCompletionsServer> StartAsync(params Func<HttpContext, Task<IResult>>[] steps)
    {
        var server = new ChatCompletionsServer(await LocalHttpServer.StartAsync());
        server._steps.AddRange(steps);
        server._http.Respond = async (http, received) =>
        {
            if (received.Path != "/v1/chat/completions") return Results.NotFound();
            server.Requests.Enqueue(JsonNode.Parse(received.Body)!);
            var i = Math.Min(Interlocked.Increment(ref server._next) - 1, server._steps.Count - 1);
            return await server._steps[i](http);
        };
        return server;
    }

    /// <summary>The assistant answers with this text.</summary>
    public static Func<HttpContext, Task<IResult>> Answer(string content) => _ => Task.FromResult(Completion(
        new JsonObject { ["role"] = "assistant", ["content"] = content }, "stop"));

    /// <summary>The assistant's JSON answer, serialized from an object.</summary>
    public static Func<HttpContext, Task<IResult>> Json(object answer) => Answer(System.Text.Json.JsonSerializer.Serialize(answer));

    /// <summary>The assistant calls one tool (function name as the kernel advertised it, arguments as JSON).</summary>
    public static Func<HttpContext, Task<IResult>> ToolCall(string name, string arguments) => _ => Task.FromResult(Completion(
        new JsonObject
        {
            ["role"] = "assistant",
            ["content"] = null,
            ["tool_calls"] = new JsonArray(new JsonObject
            {
                ["id"] = "call_" + Guid.NewGuid().ToString("N")[..8],
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = name, ["arguments"] = arguments },
            }),
        }, "tool_calls"));

    /// <summary>An HTTP error with an OpenAI-style error body.</summary>
    public static Func<HttpContext, Task<IResult>> Status(int code) => _ => Task.FromResult(Results.Json(
        new { error = new { message = "scripted failure", type = "server_error" } }, statusCode: code));

    /// <summary>Never answers; released when the client gives up.</summary>
    public static Func<HttpContext, Task<IResult>> Stall() => async http =>
    {
        try { await Task.Delay(Timeout.Infinite, http.RequestAborted); } catch (OperationCanceledException) { }
        return Results.StatusCode(499);
    };

    private static IResult Completion(JsonObject message, string finish) => Results.Text(new JsonObject
    {
        ["id"] = "chatcmpl-" + Guid.NewGuid().ToString("N")[..8],
        ["object"] = "chat.completion",
        ["created"] = 1_760_000_000,
        ["model"] = "test-model",
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = finish }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = 100, ["completion_tokens"] = 20, ["total_tokens"] = 120 },
    }.ToJsonString(), "application/json");

    public ValueTask DisposeAsync() => _http.DisposeAsync();
}

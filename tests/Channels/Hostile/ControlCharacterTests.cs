using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Tests.Agents;
using ComplaintBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintBot.Tests.Channels.Hostile;

/// <summary>Issue 14.10: control characters are removed from every string a caller sends, not only from the text.</summary>
public sealed class ControlCharacterTests : IAsyncLifetime
{
    private BotServer _server = null!;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>Every string and property name in the stored transcript of <paramref name="conversationId"/>.</summary>
    private async Task<List<string>> StoredStringsAsync(string channelId, string conversationId)
    {
        var strings = new List<string>();
        void Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (k, v) in o) { strings.Add(k); Walk(v); }
                    break;
                case JsonArray a:
                    foreach (var v in a) Walk(v);
                    break;
                case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                    strings.Add(v.GetValue<string>());
                    break;
            }
        }
        foreach (var e in await _server.Services.GetRequiredService<ITranscriptStore>().ReadAsync(ComplaintBot.Dialogs.Schema.ConversationKey.Of(channelId, conversationId), 0, 1000))
            Walk(JsonSerializer.SerializeToNode(e.Activity, ComplaintBot.Dialogs.Schema.ActivityJson.Options));
        return strings;
    }

    private static void AssertNoControlCharacters(List<string> strings, params string[] expectedCleaned)
    {
        Assert.DoesNotContain(strings, s => s.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r')));
        foreach (var e in expectedCleaned) Assert.Contains(e, strings);
    }

    [Fact]
    public async Task Names_ids_attachment_names_values_and_channel_data_from_api_messages_are_stored_without_control_characters()
    {
        using var http = _server.CreateClient();
        var body = """
            {"type":"message","text":"my mug\u0000 broke","locale":"en-US","channelId":"emulator","serviceUrl":"http://127.0.0.1:9/",
             "deliveryMode":"expectReplies","id":"act\u0007-1","conversation":{"id":"conv-ctl\u0000","name":"n\u001b[31m"},
             "from":{"id":"user\u0001-ctl","name":"Wang\u0000 Fang\u009b"},"recipient":{"id":"bot"},
             "attachments":[{"contentType":"image/png","contentUrl":"https://example.com/a.png","name":"box\u0008.png"}],
             "value":{"note\u0002":"a\u007fb","list":["x\u0003"]},"channelData":{"clientActivityID":"c\u0004d"},"futureField":"f\u0005g"}
            """;
        var r = await http.PostAsync("api/messages", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        AssertNoControlCharacters(await StoredStringsAsync("emulator", "conv-ctl"),
            "my mug broke", "Wang Fang", "user-ctl", "box.png", "note", "ab", "x", "cd", "fg", "act-1");
    }

    [Fact]
    public async Task The_user_name_given_for_a_direct_line_conversation_and_an_uploaded_file_name_are_stored_without_control_characters()
    {
        using var http = _server.CreateClient();
        var secret = await CreateSecretConversationAsync(http);
        var (conversationId, token) = secret;

        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Convert.FromBase64String(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="));
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"file\"", FileNameStar = "crushed\u0007box.png" };
        form.Add(file);
        var upload = new HttpRequestMessage(HttpMethod.Post, $"v3/directline/conversations/{conversationId}/upload") { Content = form };
        upload.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(upload)).StatusCode);

        AssertNoControlCharacters(await StoredStringsAsync("directline", conversationId), "crushedbox.png", "Li Lei");
    }

    /// <summary>A conversation made with tokens/generate naming its user (as a shop backend holding the secret would).</summary>
    private async Task<(string ConversationId, string Token)> CreateSecretConversationAsync(HttpClient http)
    {
        var generate = new HttpRequestMessage(HttpMethod.Post, "v3/directline/tokens/generate")
        {
            Content = new StringContent("""{"user":{"id":"shop-user\u0001","name":"Li\u0000 Lei"}}""", Encoding.UTF8, "application/json"),
        };
        generate.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Secret);
        var issued = JsonNode.Parse(await (await http.SendAsync(generate)).Content.ReadAsStringAsync())!;
        return (issued["conversationId"]!.GetValue<string>(), issued["token"]!.GetValue<string>());
    }

    private const string Secret = "control-characters-test-secret";

    Task IAsyncLifetime.InitializeAsync()
    {
        _server = BotServer.Start(new Dictionary<string, string?> { ["DirectLine:Secret"] = Secret });
        return Task.CompletedTask;
    }
}

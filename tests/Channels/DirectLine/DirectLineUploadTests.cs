using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace ComplaintBot.Tests.Channels.DirectLine;

public sealed class DirectLineUploadTests(DirectLineTestServer fixture) : IClassFixture<DirectLineTestServer>
{
    private readonly HttpClient _http = fixture.Server.CreateClient();

    /// <summary>A 1×1 PNG: what a customer's photo looks like to the channel (bytes plus a type).</summary>
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private static MultipartFormDataContent Multipart(byte[] file, string type, string? text)
    {
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue(type);
        form.Add(part, "file", "damaged-box.png");
        if (text is not null)
        {
            var activity = new StringContent(new JsonObject { ["type"] = "message", ["text"] = text, ["from"] = new JsonObject { ["id"] = "ignored" } }.ToJsonString(), Encoding.UTF8);
            activity.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.microsoft.activity");
            form.Add(activity, "activity");
        }
        return form;
    }

    private async Task<(HttpResponseMessage, JsonNode?)> UploadAsync(string conversationId, string? bearer, HttpContent content)
    {
        var req = new HttpRequestMessage(HttpMethod.Post, $"v3/directline/conversations/{conversationId}/upload?userId=dl_x") { Content = content };
        if (bearer is not null) req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        var r = await _http.SendAsync(req);
        var text = await r.Content.ReadAsStringAsync();
        return (r, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    [Fact]
    public async Task An_uploaded_photo_reaches_the_bot_as_an_attachment_served_back_by_a_signed_url_or_the_token()
    {
        var (id, token, _) = await _http.StartAsync();
        var (r, body) = await UploadAsync(id, token, Multipart(Png, "image/png", "the box was crushed"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var sentId = body!["id"]!.GetValue<string>();

        var (activities, _) = await _http.GetActivitiesAsync(id, token);
        var sent = Assert.Single(activities, a => a!["id"]?.GetValue<string>() == sentId)!;
        Assert.Equal("the box was crushed", sent["text"]!.GetValue<string>());
        Assert.Contains(activities, a => a!["text"]?.GetValue<string>() == "attachments:1:image/png");
        var attachment = sent["attachments"]![0]!;
        Assert.Equal("damaged-box.png", attachment["name"]!.GetValue<string>());
        var url = attachment["contentUrl"]!.GetValue<string>();

        using var anonymous = new HttpClient();
        var signed = await anonymous.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        Assert.Equal("image/png", signed.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Png, await signed.Content.ReadAsByteArrayAsync());
        Assert.Equal("nosniff", signed.Headers.GetValues("X-Content-Type-Options").Single());

        var bare = url[..url.IndexOf('?')];
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(bare)).StatusCode);
        var tampered = url[..^1] + (url[^1] == '0' ? '1' : '0');
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(tampered)).StatusCode);
        var withToken = new HttpRequestMessage(HttpMethod.Get, bare);
        withToken.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.SendAsync(withToken)).StatusCode);

        var (_, otherToken, _) = await _http.StartAsync();
        var cross = new HttpRequestMessage(HttpMethod.Get, bare);
        cross.Headers.Authorization = new AuthenticationHeaderValue("Bearer", otherToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.SendAsync(cross)).StatusCode);
    }

    [Fact]
    public async Task A_single_file_body_upload_makes_a_message_with_that_attachment()
    {
        var (id, token, _) = await _http.StartAsync();
        var content = new ByteArrayContent(Png);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        content.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = "photo.png" };
        var (r, body) = await UploadAsync(id, token, content);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var (activities, _) = await _http.GetActivitiesAsync(id, token);
        var sent = Assert.Single(activities, a => a!["id"]?.GetValue<string>() == body!["id"]!.GetValue<string>())!;
        Assert.Equal("photo.png", sent["attachments"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_upload_over_the_size_limit_gets_413_and_leaves_no_trace()
    {
        var (id, token, _) = await _http.StartAsync();
        var (before, wm) = await _http.GetActivitiesAsync(id, token);
        var big = new byte[DirectLineTestServer.MaxUploadBytes + 1];
        var (r, body) = await UploadAsync(id, token, Multipart(big, "image/png", "too big"));
        DirectLineHttp.AssertError(r, body, 413, "FileTooLarge");
        var (after, wmAfter) = await _http.GetActivitiesAsync(id, token, wm);
        Assert.Empty(after);
        Assert.Equal(wm, wmAfter);
        Assert.NotEmpty(before);
    }

    [Fact]
    public async Task An_upload_of_a_type_not_allowed_gets_415_and_leaves_no_trace()
    {
        var (id, token, _) = await _http.StartAsync();
        var (_, wm) = await _http.GetActivitiesAsync(id, token);
        var (r, body) = await UploadAsync(id, token, Multipart(Encoding.UTF8.GetBytes("<script>alert(1)</script>"), "text/html", "look"));
        DirectLineHttp.AssertError(r, body, 415, "UnsupportedMediaType");
        var (after, _) = await _http.GetActivitiesAsync(id, token, wm);
        Assert.Empty(after);
    }

    [Fact]
    public async Task Uploading_to_another_conversation_is_refused_with_403()
    {
        var (_, tokenA, _) = await _http.StartAsync();
        var (b, tokenB, _) = await _http.StartAsync();
        var (_, wm) = await _http.GetActivitiesAsync(b, tokenB);
        var (r, body) = await UploadAsync(b, tokenA, Multipart(Png, "image/png", "not mine"));
        DirectLineHttp.AssertError(r, body, 403, "Forbidden");
        var (after, _) = await _http.GetActivitiesAsync(b, tokenB, wm);
        Assert.Empty(after);
    }

    [Fact]
    public async Task A_photo_sent_the_way_web_chat_sends_it_arrives_once_with_its_uploaded_link()
    {
        // Direct Line JS posts the activity with each attachment described (contentUrl removed) plus the file itself.
        var (id, token, _) = await _http.StartAsync();
        var form = new MultipartFormDataContent();
        var activity = new StringContent(new JsonObject
        {
            ["type"] = "message",
            ["from"] = new JsonObject { ["id"] = "ignored" },
            ["attachments"] = new JsonArray(new JsonObject
            {
                ["contentType"] = "image/png", ["name"] = "damaged-box.png", ["thumbnailUrl"] = "data:image/jpeg;base64,AAAA",
            }),
        }.ToJsonString(), Encoding.UTF8);
        activity.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.microsoft.activity");
        form.Add(activity, "activity");
        var file = new ByteArrayContent(Png);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "file", "damaged-box.png");

        var (r, body) = await UploadAsync(id, token, form);

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var (activities, _) = await _http.GetActivitiesAsync(id, token);
        var sent = Assert.Single(activities, a => a!["id"]?.GetValue<string>() == body!["id"]!.GetValue<string>())!;
        var attachment = Assert.Single(sent["attachments"]!.AsArray())!;
        Assert.Equal("damaged-box.png", attachment["name"]!.GetValue<string>());
        Assert.StartsWith(fixture.Server.BaseAddress + "v3/directline/conversations/", attachment["contentUrl"]!.GetValue<string>());
        Assert.Equal("data:image/jpeg;base64,AAAA", attachment["thumbnailUrl"]!.GetValue<string>()); // Web Chat shows the customer's photo by it
        Assert.Contains(activities, a => a!["text"]?.GetValue<string>() == "attachments:1:image/png"); // the bot saw one photo
    }

    [Theory]
    [InlineData("", "image/png", 400, "BadArgument")]
    [InlineData("<html><script>alert(1)</script></html>", "image/png", 415, "UnsupportedMediaType")]
    [InlineData("GIF89a not a jpeg at all", "image/jpeg", 415, "UnsupportedMediaType")]
    public async Task An_empty_file_or_one_that_is_not_the_image_it_claims_is_refused_and_leaves_no_trace(string bytes, string type, int status, string code)
    {
        var (id, token, _) = await _http.StartAsync();
        var (_, wm) = await _http.GetActivitiesAsync(id, token);

        var (r, body) = await UploadAsync(id, token, Multipart(Encoding.UTF8.GetBytes(bytes), type, "my photo"));

        DirectLineHttp.AssertError(r, body, status, code);
        var (after, wmAfter) = await _http.GetActivitiesAsync(id, token, wm);
        Assert.Empty(after);
        Assert.Equal(wm, wmAfter);
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace ComplaintBot.Tests.Channels.DirectLine;

/// <summary>Issue 14.5: a broken multipart upload is the client's error (400 with an error body), never a 500.</summary>
public sealed class MalformedUploadTests(DirectLineTestServer fixture) : IClassFixture<DirectLineTestServer>
{
    private readonly HttpClient _http = fixture.Server.CreateClient();

    private async Task<HttpResponseMessage> UploadAsync(string conversationId, string token, string contentType, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        var req = new HttpRequestMessage(HttpMethod.Post, $"v3/directline/conversations/{conversationId}/upload") { Content = content };
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await _http.SendAsync(req);
    }

    private static async Task AssertBadRequestAsync(HttpResponseMessage r)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.BadRequest, $"{(int)r.StatusCode} {body}");
        Assert.Contains("\"error\"", body);
    }

    [Fact]
    public async Task A_content_type_that_is_not_a_media_type_is_refused_with_400()
    {
        var (id, token, _) = await _http.StartAsync();
        await AssertBadRequestAsync(await UploadAsync(id, token, "multipart/;;;===", "--x\r\n\r\n"u8.ToArray()));
    }

    [Fact]
    public async Task A_multipart_body_without_its_closing_boundary_is_refused_with_400()
    {
        var (id, token, _) = await _http.StartAsync();
        var body = Encoding.ASCII.GetBytes("--b0undary\r\nContent-Type: image/png\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\n\x89PNG");
        await AssertBadRequestAsync(await UploadAsync(id, token, "multipart/form-data; boundary=b0undary", body));
    }

    [Fact]
    public async Task Part_headers_over_16_KB_are_refused_with_400()
    {
        var (id, token, _) = await _http.StartAsync();
        var body = Encoding.ASCII.GetBytes("--b0undary\r\nContent-Type: image/png\r\nX-Padding: " + new string('p', 20_000)
            + "\r\n\r\n\x89PNG\r\n--b0undary--\r\n");
        await AssertBadRequestAsync(await UploadAsync(id, token, "multipart/form-data; boundary=b0undary", body));
    }

    [Fact]
    public async Task A_body_cut_off_inside_a_part_s_headers_is_refused_with_400()
    {
        var (id, token, _) = await _http.StartAsync();
        var cut = Encoding.ASCII.GetBytes("--b0undary\r\nContent-Type: image/png\r\nContent-Disposition: form-data; na");
        // Sent chunked (no Content-Length), as a client streaming a file it could not finish reading would.
        var content = new StreamContent(new MemoryStream(cut));
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=b0undary");
        var req = new HttpRequestMessage(HttpMethod.Post, $"v3/directline/conversations/{id}/upload") { Content = content };
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        req.Headers.TransferEncodingChunked = true;
        await AssertBadRequestAsync(await _http.SendAsync(req));
    }
}

using System.Net.Http.Headers;
using System.Text;

namespace ComplaintBot.Bench.Security;

/// <summary>
/// Requests a hostile or broken client sends, across every endpoint: malformed and ill-typed activities on both
/// channels, forged and foreign tokens, broken uploads, unauthenticated and forgery-less console calls, path tricks
/// for files on disk. Every one of them must be refused (4xx) and store nothing.
/// </summary>
public sealed class HostileCorpus(Uri baseUrl, string tokenA, string conversationA, string tokenB)
{
    public sealed record Probe(string Area, string Name, Func<HttpRequestMessage> Build);

    private static HttpContent Json(string body) => new StringContent(body, Encoding.UTF8, "application/json");

    private HttpRequestMessage Post(string path, HttpContent? content, string? bearer = null)
    {
        var r = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, path)) { Content = content };
        if (bearer is not null) r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return r;
    }

    private HttpRequestMessage Get(string path, string? bearer = null)
    {
        var r = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl, path));
        if (bearer is not null) r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return r;
    }

    private static HttpContent Multipart(string contentType, byte[] body)
    {
        var c = new ByteArrayContent(body);
        c.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return c;
    }

    /// <summary>Bodies that are not a valid activity (each also sent to Direct Line with a valid token).</summary>
    private static readonly (string Name, string Body)[] BadActivities =
    [
        ("truncated json", "{\"type\":\"message\",\"text\":"),
        ("array", "[]"),
        ("null", "null"),
        ("number", "42"),
        ("null attachment", "{\"type\":\"message\",\"text\":\"x\",\"attachments\":[null],\"conversation\":{\"id\":\"h1\"},\"from\":{\"id\":\"u\"}}"),
        ("attachments object", "{\"type\":\"message\",\"text\":\"x\",\"attachments\":{\"a\":1},\"conversation\":{\"id\":\"h2\"},\"from\":{\"id\":\"u\"}}"),
        ("text number", "{\"type\":\"message\",\"text\":123,\"conversation\":{\"id\":\"h3\"},\"from\":{\"id\":\"u\"}}"),
        ("conversation string", "{\"type\":\"message\",\"text\":\"x\",\"conversation\":\"h4\",\"from\":{\"id\":\"u\"}}"),
        ("from array", "{\"type\":\"message\",\"text\":\"x\",\"conversation\":{\"id\":\"h5\"},\"from\":[1]}"),
        ("bad timestamp", "{\"type\":\"message\",\"text\":\"x\",\"timestamp\":\"yesterday\",\"conversation\":{\"id\":\"h6\"},\"from\":{\"id\":\"u\"}}"),
        ("entities numbers", "{\"type\":\"message\",\"text\":\"x\",\"entities\":[1,2],\"conversation\":{\"id\":\"h7\"},\"from\":{\"id\":\"u\"}}"),
        ("suggested actions string", "{\"type\":\"message\",\"text\":\"x\",\"suggestedActions\":\"go\",\"conversation\":{\"id\":\"h8\"},\"from\":{\"id\":\"u\"}}"),
        ("deep nesting", "{\"type\":\"message\",\"text\":\"x\",\"conversation\":{\"id\":\"h9\"},\"from\":{\"id\":\"u\"},\"channelData\":" + new string('[', 5000) + new string(']', 5000) + "}"),
        ("huge text", "{\"type\":\"message\",\"conversation\":{\"id\":\"h10\"},\"from\":{\"id\":\"u\"},\"text\":\"" + new string('a', 2_000_000) + "\"}"),
        ("invalid utf8 escape", "{\"type\":\"message\",\"text\":\"\\ud800\",\"conversation\":{\"id\":\"h11\"},\"from\":{\"id\":\"u\"},\"attachments\":[{\"contentType\":7}]}"),
        ("empty", ""),
    ];

    public IReadOnlyList<Probe> Probes()
    {
        var list = new List<Probe>();
        foreach (var (name, body) in BadActivities)
        {
            list.Add(new("api/messages", name, () => Post("api/messages", Json(body))));
            list.Add(new("directline activities", name, () => Post($"v3/directline/conversations/{conversationA}/activities", Json(body), tokenA)));
        }
        list.Add(new("api/messages", "text/plain body", () => Post("api/messages", new StringContent("hello", Encoding.UTF8, "text/plain"))));
        list.Add(new("api/messages", "forged bearer", () => { var r = Post("api/messages", Json("{\"type\":\"message\"}")); r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."); return r; }));

        // Direct Line: no token, garbage, expired-looking, another conversation's token.
        list.Add(new("directline auth", "no token", () => Post("v3/directline/conversations", null)));
        list.Add(new("directline auth", "garbage token", () => Post("v3/directline/conversations", null, "garbage")));
        list.Add(new("directline auth", "forged token", () => Get($"v3/directline/conversations/{conversationA}/activities", "eyJhbGciOiJIUzI1NiJ9.eyJjb252IjoieCJ9.c2ln")));
        list.Add(new("directline auth", "foreign conversation", () => Get($"v3/directline/conversations/{conversationA}/activities", tokenB)));
        list.Add(new("directline auth", "foreign post", () => Post($"v3/directline/conversations/{conversationA}/activities", Json("{\"type\":\"message\",\"text\":\"hi\"}"), tokenB)));
        list.Add(new("directline auth", "refresh garbage", () => Post("v3/directline/tokens/refresh", null, "garbage")));
        list.Add(new("directline auth", "attachment bad signature", () => Get($"v3/directline/conversations/{conversationA}/attachments/x?exp=9999999999&sig=00")));
        list.Add(new("directline auth", "token from a foreign origin", () => { var r = Post("api/directline/token", null); r.Headers.Add("Origin", "https://evil.example"); return r; }));

        // Uploads with a valid token: broken multipart, wrong types, lies about the type.
        var up = $"v3/directline/conversations/{conversationA}/upload?userId=u";
        list.Add(new("directline upload", "multipart/;;;===", () => Post(up, Multipart("multipart/;;;===", "x"u8.ToArray()), tokenA)));
        list.Add(new("directline upload", "unterminated boundary", () => Post(up, Multipart("multipart/form-data; boundary=zz", Encoding.ASCII.GetBytes("--zz\r\nContent-Type: image/png\r\n\r\n\x89PNG")), tokenA)));
        list.Add(new("directline upload", "truncated body", () => Post(up, Multipart("multipart/form-data; boundary=zz", Encoding.ASCII.GetBytes("--zz\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.png\"\r\nContent-Ty")), tokenA)));
        list.Add(new("directline upload", "part headers over 16 KB", () => Post(up, Multipart("multipart/form-data; boundary=zz", Encoding.ASCII.GetBytes("--zz\r\nX-Long: " + new string('a', 20_000) + "\r\n\r\nx\r\n--zz--\r\n")), tokenA)));
        list.Add(new("directline upload", "executable type", () => Post(up, Multipart("application/x-msdownload", "MZ\x90\0"u8.ToArray()), tokenA)));
        list.Add(new("directline upload", "png that is not", () => Post(up, Multipart("image/png", "<script>alert(1)</script>"u8.ToArray()), tokenA)));
        list.Add(new("directline upload", "empty file", () => Post(up, Multipart("image/png", []), tokenA)));

        // The agent console: no cookie, no anti-forgery header, lead-only actions.
        foreach (var path in new[] { "agent/api/queue", "agent/api/me", "agent/api/approvals", "agent/api/conversations/x", "agent/api/export/cases.csv?period=7d", "agent/api/dashboard?period=today", "agent/api/privacy/audit" })
            list.Add(new("agent api", "anonymous GET " + path.Split('?')[0], () => Get(path)));
        foreach (var path in new[] { "agent/api/conversations/x/take", "agent/api/conversations/x/remedies", "agent/api/privacy/erase", "agent/api/privacy/export", "agent/api/signin", "agent/api/conversations/x/remedies/r/approve" })
            list.Add(new("agent api", "forgery-less POST " + path, () => Post(path, Json("{\"customerId\":\"c\",\"id\":\"lead\",\"password\":\"x\",\"kind\":\"coupon\",\"amount\":1}"))));
        list.Add(new("agent api", "hub negotiate", () => Post("agent/hub/negotiate?negotiateVersion=1", null)));

        // Files on disk must never be served.
        foreach (var path in new[] { "../appsettings.json", "%2e%2e/appsettings.json", "agent/..%2f..%2fappsettings.json", "data/complaintbot.db", "directline.key", "complaintbot.db" })
            list.Add(new("static", "GET " + path, () => Get(path)));
        return list;
    }
}

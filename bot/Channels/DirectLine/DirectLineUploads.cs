using System.Text.Json;
using ComplaintBot.Dialogs.Schema;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ComplaintBot.Bot.Channels.DirectLine;

/// <summary>
/// Upload (single file body, or multipart with an optional <c>application/vnd.microsoft.activity</c> part) and
/// download of files kept with the conversation. Everything is checked before anything is stored, so a refused
/// upload (413 size, 415 type) leaves no trace.
/// </summary>
public static class DirectLineUploads
{
    private const string ActivityContentType = "application/vnd.microsoft.activity";
    private const int MaxActivityBytes = 256 * 1024;

    private sealed record Part(string ContentType, string? Name, byte[] Data);

    public static async Task<IResult> Upload(HttpContext http, string conversationId, string? userId,
        DirectLineChannel channel, IOptions<DirectLineOptions> options, CancellationToken ct)
    {
        if (DirectLineAuth.Authorize(http, channel.Tokens, conversationId, out var caller) is { } denied) return denied;
        var (c, missing) = await DirectLineEndpoints.FindAsync(channel, caller, conversationId, ct);
        if (missing is not null) return missing;
        var o = options.Value;
        // Cheap early refusal; the exact count below still applies to chunked bodies.
        if (http.Request.ContentLength > o.MaxUploadBytes + MaxActivityBytes + 64 * 1024) return TooLarge(o);

        var files = new List<Part>();
        Activity? activity = null;
        IResult? refused;
        // A malformed body is the client's error: a bad media type, a boundary that never closes, part headers over
        // MultipartReader's 16 KB, or a body cut short of its Content-Length all get 400, never a 500 (issue 14.5).
        try { (activity, refused) = await ReadBodyAsync(http, files, o, ct); }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or BadHttpRequestException
                                   || (ex is IOException && !http.RequestAborted.IsCancellationRequested))
        {
            return DirectLineErrors.BadArgument("The upload body is malformed: " + ex.Message);
        }
        if (refused is not null) return refused;
        if (files.Count == 0) return DirectLineErrors.MissingProperty("No file in the upload.");
        foreach (var f in files)
        {
            if (f.Data.Length == 0) return DirectLineErrors.BadArgument($"The file {f.Name ?? f.ContentType} is empty.");
            if (!LooksLike(f.ContentType, f.Data)) return DirectLineErrors.Error(415, "UnsupportedMediaType", $"The file {f.Name ?? ""} is not a {f.ContentType}.");
        }

        activity ??= new Activity();
        activity.Type ??= ActivityTypes.Message;
        // Web Chat's descriptions of the files carry a thumbnail; only an inline picture is kept (a link could point anywhere).
        foreach (var d in activity.Attachments ?? [])
            if (d is { ContentUrl: null, Content: null } && d.ThumbnailUrl?.StartsWith("data:image/", StringComparison.OrdinalIgnoreCase) != true)
                d.ThumbnailUrl = null;
        InboundActivity.Clean(activity);
        if (InboundActivity.DirectLineProblem(activity) is { } problem) return DirectLineErrors.BadArgument(problem);
        var baseUrl = DirectLineChannel.BaseUrl(http.Request);
        // Direct Line JS (Web Chat) describes each file in the activity too, without a link but with the thumbnail
        // Web Chat shows a customer's own photo by. The uploaded file takes its description's place (by name, else
        // in order), or every photo would arrive twice, once without a link.
        var described = (activity.Attachments ?? new()).Where(a => a.ContentUrl is null && a.Content is null).ToList();
        activity.Attachments = (activity.Attachments ?? new()).Except(described).ToList();
        foreach (var f in files)
        {
            var description = described.FirstOrDefault(d => d.Name is not null && d.Name == f.Name) ?? described.FirstOrDefault();
            if (description is not null) described.Remove(description);
            var id = DirectLineConversations.NewId();
            await channel.Conversations.SaveAttachmentAsync(c!.Id, id, new StoredAttachment(f.ContentType, f.Name, f.Data, channel.Tokens.Now), ct);
            activity.Attachments.Add(new Attachment
            {
                ContentType = f.ContentType,
                Name = f.Name ?? description?.Name,
                ContentUrl = channel.AttachmentUrl(baseUrl, c.Id, id),
                ThumbnailUrl = description?.ThumbnailUrl,
            });
        }
        return await DirectLineEndpoints.SubmitAsync(http, channel, caller, c!, activity, userId, ct);
    }

    /// <summary>Reads the files (into <paramref name="files"/>) and the optional activity part; a refusal when a limit is crossed.</summary>
    private static async Task<(Activity? Activity, IResult? Refused)> ReadBodyAsync(HttpContext http, List<Part> files, DirectLineOptions o, CancellationToken ct)
    {
        Activity? activity = null;
        long total = 0;
        var contentType = http.Request.ContentType ?? "";
        if (contentType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(contentType).Boundary).Value;
            if (string.IsNullOrEmpty(boundary)) return (null, DirectLineErrors.BadArgument("Multipart body without a boundary."));
            var reader = new MultipartReader(boundary, http.Request.Body);
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                var type = MediaType(section.ContentType);
                ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition);
                if (type == ActivityContentType || (type == "application/json" && disposition?.FileName.HasValue != true))
                {
                    var json = await ReadLimitedAsync(section.Body, MaxActivityBytes, ct);
                    if (json is null) return (null, DirectLineErrors.Error(413, "MessageSizeTooBig", "The activity part is larger than 256K."));
                    try { activity = JsonSerializer.Deserialize<Activity>(json, ActivityJson.Options); }
                    catch (JsonException) { return (null, DirectLineErrors.BadArgument("The activity part is not valid JSON.")); }
                    continue;
                }
                if (!IsAllowed(type, o)) return (null, Unsupported(type));
                var data = await ReadLimitedAsync(section.Body, o.MaxUploadBytes - total, ct);
                if (data is null) return (null, TooLarge(o));
                total += data.Length;
                files.Add(new Part(type, FileName(disposition), data));
            }
        }
        else
        {
            var type = MediaType(contentType);
            if (!IsAllowed(type, o)) return (null, Unsupported(type));
            var data = await ReadLimitedAsync(http.Request.Body, o.MaxUploadBytes, ct);
            if (data is null) return (null, TooLarge(o));
            ContentDispositionHeaderValue.TryParse(http.Request.Headers.ContentDisposition.ToString(), out var disposition);
            files.Add(new Part(type, FileName(disposition), data));
        }
        return (activity, null);
    }

    /// <summary>Serves a stored file to a signed URL (for &lt;img&gt;) or to a bearer of this conversation.</summary>
    public static async Task<IResult> Download(HttpContext http, string conversationId, string attachmentId, long? exp, string? sig,
        DirectLineChannel channel, CancellationToken ct)
    {
        var signed = exp is { } e && channel.Tokens.VerifyAttachment(conversationId, attachmentId, e, sig);
        if (!signed && DirectLineAuth.Authorize(http, channel.Tokens, conversationId, out _) is { } denied) return denied;
        var file = await channel.Conversations.GetAttachmentAsync(conversationId, attachmentId, ct);
        if (file is null) return DirectLineErrors.NotFound("The attachment");
        // Uploaded bytes are the customer's, not ours: never let a browser run them as a page.
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        http.Response.Headers.CacheControl = "private, max-age=3600";
        return Results.File(file.Data, file.ContentType);
    }

    private static bool IsAllowed(string type, DirectLineOptions o)
        => type.Length > 0 && o.UploadTypes().Any(t =>
            t.EndsWith("/*", StringComparison.Ordinal)
                ? type.StartsWith(t[..^1], StringComparison.OrdinalIgnoreCase)
                : string.Equals(t, type, StringComparison.OrdinalIgnoreCase));

    /// <summary>The file starts as the image type it claims (for the types we know; other configured types pass).</summary>
    private static bool LooksLike(string type, byte[] data)
    {
        ReadOnlySpan<byte> d = data;
        return type switch
        {
            "image/png" => d.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
            "image/jpeg" => d.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]),
            "image/gif" => d.StartsWith("GIF87a"u8) || d.StartsWith("GIF89a"u8),
            "image/webp" => d.Length >= 12 && d.StartsWith("RIFF"u8) && d[8..12].SequenceEqual("WEBP"u8),
            _ => true,
        };
    }

    private static string MediaType(string? contentType)
        => MediaTypeHeaderValue.TryParse(contentType, out var m) ? m.MediaType.Value?.ToLowerInvariant() ?? "" : "";

    private static string? FileName(ContentDispositionHeaderValue? d)
    {
        var name = HeaderUtilities.RemoveQuotes(d?.FileNameStar.HasValue == true ? d.FileNameStar : d?.FileName ?? default).Value;
        name = InboundActivity.Text(name);
        if (string.IsNullOrWhiteSpace(name)) return null;
        name = Path.GetFileName(name);
        return name.Length <= InboundActivity.MaxNameLength ? name : name[..InboundActivity.MaxNameLength];
    }

    /// <returns>The bytes, or null when there are more than <paramref name="max"/>.</returns>
    private static async Task<byte[]?> ReadLimitedAsync(Stream body, long max, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int n;
        while ((n = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + n > max) return null;
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }

    private static IResult TooLarge(DirectLineOptions o)
        => DirectLineErrors.Error(413, "FileTooLarge", $"Uploads are limited to {o.MaxUploadBytes} bytes.");

    private static IResult Unsupported(string type)
        => DirectLineErrors.Error(415, "UnsupportedMediaType", $"Files of type '{type}' are not accepted.");
}

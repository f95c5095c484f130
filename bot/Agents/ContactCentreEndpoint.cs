using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ComplaintBot.Bot.Channels;
using ComplaintBot.Dialogs.Handoff;
using Microsoft.Extensions.Options;

namespace ComplaintBot.Bot.Agents;

/// <summary>The <c>ContactCentre</c> section: who may report hand-off status (docs/handoff.md, docs/security.md).</summary>
public sealed class ContactCentreOptions
{
    public const string Section = "ContactCentre";
    public const int MinSecretLength = 32;

    /// <summary>Bearer secrets of the contact centres allowed to call <c>POST /api/handoff/status</c>. Empty: nobody may.</summary>
    public List<string> Secrets { get; set; } = new();
}

/// <summary>
/// <c>POST /api/handoff/status</c> with <c>Authorization: Bearer &lt;secret&gt;</c> and
/// <c>{"conversationId":"…","state":"accepted|failed|completed"}</c>: the one way a contact centre reports on a
/// conversation it was offered by <c>handoff.initiate</c>. In-band <c>handoff.status</c> activities are refused at the
/// edge, because a channel's credentials vouch for the channel, not for who typed into it (issue 14.3).
/// </summary>
public static class ContactCentreEndpoint
{
    public const string Path = "/api/handoff/status";

    private sealed record StatusRequest(string? ConversationId, string? State);

    public static void Map(IEndpointRouteBuilder app) => app.MapPost(Path, HandleAsync);

    private static async Task<IResult> HandleAsync(HttpContext http, IOptions<ContactCentreOptions> options, HandoffService handoff, CancellationToken ct)
    {
        if (!Authorized(http.Request.Headers.Authorization.ToString(), options.Value))
            return Error(401, "Unauthorized", "A contact-centre secret (ContactCentre:Secrets) is required as the bearer.");
        if (!InboundActivity.IsJson(http.Request.ContentType)) return Error(415, "UnsupportedMediaType", "Send application/json.");
        StatusRequest? body;
        try { body = await JsonSerializer.DeserializeAsync<StatusRequest>(http.Request.Body, JsonSerializerOptions.Web, ct); }
        catch (JsonException) { return Error(400, "BadRequest", "The body is not valid JSON."); }
        if (string.IsNullOrWhiteSpace(body?.ConversationId) || body.ConversationId.Length > InboundActivity.MaxIdLength)
            return Error(400, "BadRequest", "conversationId is required.");
        return await handoff.ApplyStatusAsync(body.ConversationId, body.State, ct) switch
        {
            HandoffOutcome.Ok => Results.Ok(new { ok = true }),
            HandoffOutcome.NotFound => Error(404, "NotFound", "No hand-off is known for this conversation."),
            HandoffOutcome.Conflict => Error(409, "Conflict", "The conversation is not in a state this status applies to."),
            _ => Error(400, "BadRequest", "state must be accepted, failed or completed."),
        };
    }

    /// <summary>Compares digests in fixed time, so the response time tells nothing about how close a guess was.</summary>
    private static bool Authorized(string header, ContactCentreOptions o)
    {
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return false;
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim()));
        var ok = false;
        foreach (var secret in o.Secrets.Where(s => !string.IsNullOrWhiteSpace(s)))
            ok |= CryptographicOperations.FixedTimeEquals(given, SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
        return ok;
    }

    private static IResult Error(int status, string code, string message)
        => Results.Json(new { error = new { code, message } }, statusCode: status);
}

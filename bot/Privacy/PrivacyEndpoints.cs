using System.Text.Json;
using ComplaintBot.Bot.Agents;
using ComplaintBot.Dialogs.Cases;

namespace ComplaintBot.Bot.Privacy;

/// <summary>
/// Lead-only export and erasure of one customer's data, and the audit log of both, under /agent/api/privacy. The
/// customer is named in the POST body (never the URL, which proxies and logs keep). Writes need the anti-forgery header.
/// </summary>
public static class PrivacyEndpoints
{
    /// <summary>Exactly one of the three.</summary>
    public sealed record CustomerRequest(string? CustomerId, string? Phone, string? OrderNumber);

    public static void Map(WebApplication app)
    {
        var leads = app.MapGroup("/agent/api/privacy").RequireAuthorization(AgentAuth.LeadPolicy);

        leads.MapPost("/export", async (CustomerRequest body, HttpContext http, CustomerData data, CancellationToken ct) =>
        {
            if (CustomerKey.From(body.CustomerId, body.Phone, body.OrderNumber, out var error) is not { } key) return Results.Problem(error, statusCode: 400);
            var export = await data.ExportAsync(key, http.User.Agent().Id, ct);
            if (export is null) return Results.NotFound(new { found = false });
            http.Response.Headers.CacheControl = "no-store";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"customer-export-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json\"";
            return Results.Text(export.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), "application/json; charset=utf-8");
        }).RequireAntiforgery();

        leads.MapPost("/erase", async (CustomerRequest body, HttpContext http, CustomerData data, CancellationToken ct) =>
        {
            if (CustomerKey.From(body.CustomerId, body.Phone, body.OrderNumber, out var error) is not { } key) return Results.Problem(error, statusCode: 400);
            var erased = await data.EraseAsync(key, http.User.Agent().Id, ct);
            return erased is null ? Results.NotFound(new { found = false }) : Results.Ok(new { found = true, rows = erased.ToDictionary() });
        }).RequireAntiforgery();

        leads.MapGet("/audit", async (HttpContext http, PrivacyAudit audit, CancellationToken ct) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            return Results.Ok(await audit.ListAsync(ct));
        });
    }
}

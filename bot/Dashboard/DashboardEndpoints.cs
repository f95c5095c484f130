using ComplaintBot.Bot.Agents;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Policy;

namespace ComplaintBot.Bot.Dashboard;

/// <summary>The dashboard page and its API, for signed-in agents and supervisors (reads only: no anti-forgery needed).</summary>
public static class DashboardEndpoints
{
    public const string PeriodHelp = "period must be today, 7d or 30d";

    public static void Map(WebApplication app)
    {
        app.MapGet("/agent/dashboard", (IWebHostEnvironment env) => Results.File(Path.Combine(env.WebRootPath, "agent", "dashboard.html"), "text/html; charset=utf-8"))
            .RequireAuthorization(AgentAuth.Policy);

        var api = app.MapGroup("/agent/api").RequireAuthorization(AgentAuth.Policy);

        api.MapGet("/dashboard", async (string? period, DashboardService dashboard, HttpContext http, CancellationToken ct) =>
        {
            if (!DashboardService.TryParsePeriod(period, out var p)) return Results.Problem(PeriodHelp, statusCode: 400);
            http.Response.Headers.CacheControl = "no-store";
            return Results.Ok(await dashboard.GetAsync(p, ct));
        });

        api.MapGet("/dashboard/alerts", async (BatchAlertService alerts, HttpContext http, CancellationToken ct) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            return Results.Ok(await alerts.ListAsync(null, ct));
        });

        api.MapGet("/export/cases.csv", async (string? period, DashboardService dashboard, ICaseStore cases, CaseExportOptions options,
            ServiceHours hours, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        {
            if (!DashboardService.TryParsePeriod(period, out var p)) return Results.Problem(PeriodHelp, statusCode: 400);
            var (from, to, _, _) = dashboard.Range(p);
            var rows = (await cases.QueryAsync(new CaseQuery(Since: from, Limit: options.MaxRows + 1), ct))
                .Where(c => c.CreatedAt < to && c.Kind == CaseKind.Complaint).ToList(); // the same cases the figures count
            if (rows.Count > options.MaxRows)
            {
                rows = rows.Take(options.MaxRows).ToList();
                http.Response.Headers["X-Export-Truncated"] = "true";
            }
            var now = clock.GetUtcNow();
            http.Response.Headers.CacheControl = "no-store";
            var name = $"cases-{DashboardService.Name(p)}-{hours.Local(now):yyyyMMdd-HHmm}.csv";
            return Results.File(CaseCsvExport.ToBytes(rows, hours.Zone, now), "text/csv; charset=utf-8", name);
        });
    }
}

using System.Text.Json.Nodes;
using ComplaintBot.Bot.Channels.DirectLine;
using ComplaintBot.Bot.Hosting;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Handoff;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Dialogs.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;

namespace ComplaintBot.Bot.Agents;

/// <summary>The console's HTTP API under /agent/api. Reads need a signed-in agent; writes also the anti-forgery header.</summary>
public static class AgentEndpoints
{
    public sealed record SignInRequest(string? Id, string? Password);
    public sealed record MessageRequest(string? Text);
    public sealed record HandBackRequest(string? Mode);
    public sealed record ResolveRequest(string? Note);
    public sealed record RemedyRequest(string? Kind, decimal Amount, string? Note);
    public sealed record OpenCaseRequest(string? Description);

    public static void Map(WebApplication app)
    {
        // The console page itself: signed-in agents only (others are redirected to the sign-in page).
        app.MapGet("/agent", (IWebHostEnvironment env) => Results.File(Path.Combine(env.WebRootPath, "agent", "console.html"), "text/html; charset=utf-8"))
            .RequireAuthorization(AgentAuth.Policy);

        var api = app.MapGroup("/agent/api");

        api.MapGet("/antiforgery", (HttpContext http, IAntiforgery af) =>
        {
            var tokens = af.GetAndStoreTokens(http);
            http.Response.Headers.CacheControl = "no-store";
            return Results.Ok(new { token = tokens.RequestToken, header = AgentAuth.AntiforgeryHeader });
        });

        api.MapPost("/signin", async (SignInRequest body, HttpContext http, AgentDirectory directory, SignInLockout lockout) =>
        {
            var id = Channels.InboundActivity.Text(body.Id?.Trim());
            // Before the password is hashed: a locked account costs a guesser's request nothing to refuse (issue 14.7).
            if (lockout.LockedFor(id) is { } wait) return RateLimitSetup.TooMany(wait);
            var account = directory.Verify(id, body.Password);
            if (account is null)
            {
                lockout.Failed(id);
                return Results.Problem("Unknown user or wrong password.", statusCode: StatusCodes.Status401Unauthorized);
            }
            lockout.Succeeded(id);
            await AgentAuth.SignInAsync(http, account);
            return Results.Ok(new { id = account.Id, name = account.DisplayName, role = account.Role, locale = account.Locale });
        }).RequireAntiforgery();

        var secured = api.MapGroup("").RequireAuthorization(AgentAuth.Policy);

        secured.MapPost("/signout", async (HttpContext http) =>
        {
            await http.SignOutAsync(AgentAuth.Scheme);
            return Results.Ok();
        }).RequireAntiforgery();

        secured.MapGet("/me", (HttpContext http, HandoffOptions o, PromptLibrary prompts) =>
        {
            var a = http.User.Agent();
            return Results.Ok(new
            {
                id = a.Id, name = a.DisplayName, role = a.IsSupervisor ? AgentRoles.Supervisor : AgentRoles.Agent,
                locale = http.User.FindFirst(AgentAuth.LocaleClaim)?.Value ?? "zh-CN",
                authority = a.IsSupervisor ? o.SupervisorAuthority : o.AgentAuthority,
                // The shop's one currency (Prompts:Currency), as the bot writes it to customers.
                currency = prompts.Currency,
            });
        });

        secured.MapGet("/queue", async (HandoffService handoff, TimeProvider clock, CancellationToken ct) =>
        {
            var now = clock.GetUtcNow();
            var entries = await handoff.Store.ListAsync(HandoffListFilter.Console, ct);
            var position = 0;
            return Results.Ok(entries.Select(e => QueueRow(e, now, e.Owner == ConversationOwner.Queued ? ++position : 0)));
        });

        secured.MapGet("/conversations/{id}", async (string id, HttpContext http, HandoffService handoff, TimeProvider clock, IServiceProvider sp, CancellationToken ct) =>
        {
            var entry = await handoff.Store.GetAsync(id, ct);
            if (entry is null) return Results.NotFound();
            var transcript = sp.GetService<ITranscriptStore>() is { } ts ? await ts.ReadAsync(HandoffService.TranscriptKey(entry), 0, 500, ct) : Array.Empty<TranscriptEntry>();
            // Photo links were signed when the customer sent them and expire; a review weeks later must still open them.
            var directLine = sp.GetService<DirectLineChannel>();
            var baseUrl = DirectLineChannel.BaseUrl(http.Request);
            Dialogs.Schema.Activity Shown(Dialogs.Schema.Activity a) => directLine?.WithFreshAttachmentLinks(a, id, baseUrl) ?? a;
            var @case = entry.CaseNumber is not null && sp.GetService<ICaseStore>() is { } cs ? await cs.GetAsync(entry.CaseNumber, ct) : null;
            return Results.Ok(new
            {
                entry = QueueRow(entry, clock.GetUtcNow(), await handoff.Store.QueuePositionAsync(id, ct)),
                summary = entry.Summary,
                remedies = entry.Remedies,
                @case = @case is null ? null : new
                {
                    @case.Number, @case.Status, @case.Category, @case.Responsibility, @case.Severity, @case.Impact, @case.Priority,
                    @case.OrderNumber, @case.Verification, @case.ProductName, @case.OrderAmount, @case.RemedyChosen, @case.Csat, @case.CsatComment,
                    @case.FirstResponseDue, @case.ResolutionDue, @case.EscalationReason,
                    History = @case.History.Select(h => new { h.Status, h.At, h.Actor, h.Note }),
                },
                transcript = transcript.Select(t => new
                {
                    t.Sequence, t.At,
                    role = TranscriptRole(t.Activity, entry),
                    type = t.Activity.Type,
                    text = t.Activity.Text,
                    // Tolerant of what older versions stored before the edge checks (issue 14.2): a non-object channelData, a null attachment.
                    agent = ((t.Activity.ChannelData as JsonObject)?["agent"] as JsonObject)?["name"] is JsonValue name && name.TryGetValue<string>(out var n) ? n : null,
                    attachments = (Shown(t.Activity).Attachments ?? new()).Where(a => a is not null && a.ContentType != HandoffService.TranscriptContentType)
                        .Select(a => new { a.ContentType, a.ContentUrl, a.Name }),
                }).Where(t => t.type == "message"),
            });
        });

        secured.MapPost("/conversations/{id}/take", async (string id, HttpContext http, HandoffService handoff, CancellationToken ct)
            => ToResult(await handoff.TakeOverAsync(id, http.User.Agent(), ct))).RequireAntiforgery();

        secured.MapPost("/conversations/{id}/messages", async (string id, MessageRequest body, HttpContext http, HandoffService handoff, CancellationToken ct)
            => ToResult(await handoff.SendAgentMessageAsync(id, http.User.Agent(), body.Text ?? "", ct))).RequireAntiforgery();

        secured.MapPost("/conversations/{id}/handback", async (string id, HandBackRequest body, HttpContext http, HandoffService handoff, CancellationToken ct)
            => Enum.TryParse<HandBackMode>(body.Mode, ignoreCase: true, out var mode)
                ? ToResult(await handoff.HandBackAsync(id, http.User.Agent(), mode, ct))
                : Results.Problem("mode must be resume, remedies or csat", statusCode: 400)).RequireAntiforgery();

        secured.MapPost("/conversations/{id}/resolve", async (string id, ResolveRequest body, HttpContext http, HandoffService handoff, CancellationToken ct)
            => ToResult(await handoff.ResolveAsync(id, http.User.Agent(), body.Note, ct))).RequireAntiforgery();

        // A conversation handed over without a case turns out to be a complaint: the agent opens its case.
        secured.MapPost("/conversations/{id}/case", async (string id, OpenCaseRequest body, HttpContext http, HandoffService handoff, CancellationToken ct) =>
        {
            var (outcome, number) = await handoff.OpenCaseAsync(id, http.User.Agent(), body.Description, ct);
            return outcome switch
            {
                HandoffOutcome.Ok => Results.Ok(new { ok = true, caseNumber = number }),
                // The conversation has its case already: which one (another agent opening it this instant: taken-or-changed).
                HandoffOutcome.Conflict when number is not null => Results.Conflict(new { ok = false, error = "case-exists", caseNumber = number }),
                _ => ToResult(outcome),
            };
        }).RequireAntiforgery();

        secured.MapPost("/conversations/{id}/remedies", async (string id, RemedyRequest body, HttpContext http, HandoffService handoff, CancellationToken ct)
            => ToResult(await handoff.ApplyRemedyAsync(id, http.User.Agent(), body.Kind ?? "", body.Amount, body.Note, ct))).RequireAntiforgery();

        // A remedy above the agent's per-case limit waits here for a lead (HandoffService.ApplyRemedyAsync).
        var leads = api.MapGroup("").RequireAuthorization(AgentAuth.LeadPolicy);
        leads.MapGet("/approvals", async (HandoffService handoff, HttpContext http, CancellationToken ct) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            var entries = await handoff.Store.ListAsync(HandoffListFilter.Approvals, ct);
            return Results.Ok(entries.SelectMany(e => e.Remedies.Where(r => r.State == RemedyState.PendingApproval).Select(r => new
            {
                conversationId = e.ConversationId, caseNumber = r.CaseNumber ?? e.CaseNumber, remedyId = r.Id,
                r.Kind, r.Amount, r.AgentId, r.At, r.Note,
                appliedTotal = e.AppliedTotal(r.CaseNumber ?? e.CaseNumber),
            })).OrderBy(a => a.At));
        });
        leads.MapPost("/conversations/{id}/remedies/{remedyId}/approve", async (string id, string remedyId, HttpContext http, HandoffService handoff, CancellationToken ct)
            => ToResult(await handoff.DecideRemedyAsync(id, remedyId, http.User.Agent(), approve: true, ct))).RequireAntiforgery();
        leads.MapPost("/conversations/{id}/remedies/{remedyId}/reject", async (string id, string remedyId, HttpContext http, HandoffService handoff, CancellationToken ct)
            => ToResult(await handoff.DecideRemedyAsync(id, remedyId, http.User.Agent(), approve: false, ct))).RequireAntiforgery();

        // Call backs promised off hours or after a queue timeout, for agents and leads alike, soonest deadline first.
        secured.MapGet("/callbacks", async (HandoffService handoff, TimeProvider clock, CancellationToken ct) =>
        {
            var now = clock.GetUtcNow();
            return Results.Ok((await handoff.OpenCallbacksAsync(ct)).Select(e => new
            {
                conversationId = e.ConversationId,
                caseNumber = e.CaseNumber,
                customer = e.Summary.CustomerName,
                contact = e.Summary.MaskedContact,
                locale = e.Locale,
                trigger = e.Trigger,
                reason = e.Reason,
                priority = PriorityName(e.Priority),
                dueAt = e.CallbackDueAt,
                overdue = e.CallbackDueAt is { } due && due < now,
            }));
        });

        secured.MapPost("/conversations/{id}/callback-done", async (string id, HttpContext http, HandoffService handoff, CancellationToken ct)
            => ToResult(await handoff.MarkCallbackDoneAsync(id, http.User.Agent(), ct))).RequireAntiforgery();

        secured.MapGet("/quick-replies", (string? locale, HandoffService handoff)
            => Results.Ok(handoff.QuickReplies(locale is { } l && l.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en-US" : "zh-CN")));
    }

    private static object QueueRow(HandoffEntry e, DateTimeOffset now, int position) => new
    {
        conversationId = e.ConversationId,
        owner = e.Owner,
        agentId = ConversationOwner.AgentId(e.Owner),
        position,
        caseNumber = e.CaseNumber,
        // The case's own vocabulary (Low … Urgent), as the case panel, the dashboard and the export show it.
        priority = PriorityName(e.Priority),
        reason = e.Reason,
        trigger = e.Trigger,
        locale = e.Locale,
        channel = e.Reference.ChannelId,
        customer = e.Summary.CustomerName,
        contact = e.Summary.MaskedContact,
        category = e.Summary.Category,
        severity = e.Summary.Severity,
        anger = e.Summary.Anger,
        angerTrend = e.Summary.AngerTrend,
        angerCurve = e.Summary.AngerCurve,
        escalatedAt = e.EscalatedAt,
        waitSeconds = (int)Math.Max(0, ((e.TakenAt ?? now) - e.EscalatedAt).TotalSeconds),
        slaSecondsLeft = e.SlaDueAt is { } due && e.FirstAgentReplyAt is null ? (int)(due - now).TotalSeconds : (int?)null,
    };

    /// <summary>The queue keeps the priority as a number (it sorts by it); people read the case priority's name.</summary>
    public static string PriorityName(int priority)
        => Enum.IsDefined((CasePriority)priority) ? ((CasePriority)priority).ToString()
            : priority > (int)CasePriority.Urgent ? nameof(CasePriority.Urgent) : nameof(CasePriority.Low);

    private static string TranscriptRole(Dialogs.Schema.Activity a, HandoffEntry entry)
        => a.ChannelData is JsonObject cd && cd["agent"] is not null ? "agent"
            : a.From?.Id is { } from && from == entry.Reference.User?.Id ? "customer"
            : "bot";

    private static IResult ToResult(HandoffOutcome outcome) => outcome switch
    {
        HandoffOutcome.Ok => Results.Ok(new { ok = true }),
        // Recorded, but nothing granted yet: a lead decides (the customer is not told until then).
        HandoffOutcome.PendingApproval => Results.Json(new { ok = true, pending = true }, statusCode: StatusCodes.Status202Accepted),
        HandoffOutcome.NotFound => Results.NotFound(),
        HandoffOutcome.Conflict => Results.Conflict(new { ok = false, error = "taken-or-changed" }),
        HandoffOutcome.Forbidden => Results.Json(new { ok = false, error = "forbidden" }, statusCode: StatusCodes.Status403Forbidden),
        HandoffOutcome.OutcomeRequired => Results.BadRequest(new { ok = false, error = "outcome-required" }),
        // A remedy, offering remedies or the rating on a conversation handed over without a case.
        HandoffOutcome.CaseRequired => Results.BadRequest(new { ok = false, error = "case-required" }),
        // A coupon, partial refund or compensation without its amount, or a refund of an order whose amount is unknown.
        HandoffOutcome.AmountRequired => Results.BadRequest(new { ok = false, error = "amount-required" }),
        _ => Results.BadRequest(new { ok = false }),
    };
}

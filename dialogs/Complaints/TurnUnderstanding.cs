using ComplaintBot.Dialogs.Nlu;
using ComplaintBot.Dialogs.Orders;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Dialogs.Text;
using ComplaintBot.Dialogs.Turns;
using Microsoft.Extensions.Logging;

namespace ComplaintBot.Dialogs.Complaints;

/// <summary>
/// The one place a turn's message is understood: the configured <see cref="INluProvider"/> (<c>Nlu:Provider</c>) runs
/// once per turn with what the conversation knows (the proven customer, the order, the current issue's facts), and its
/// result is kept for every step of the turn; and the language to answer in.
/// </summary>
public sealed class TurnUnderstanding(
    IStatePropertyAccessor<ComplaintSession> sessions,
    INluProvider nlu,
    IOrderService orders,
    string defaultLocale,
    TimeProvider clock,
    ILogger log)
{
    private const string UnderstandingKey = "complaint.understanding";

    public async Task<Understanding> UnderstandTurnAsync(ITurnContext turn, CancellationToken ct)
    {
        if (turn.TurnState.TryGetValue(UnderstandingKey, out var cached) && cached is Understanding u) return u;
        var session = await sessions.GetAsync(turn, ct);
        var issue = session.CurrentIssue;
        var request = new NluRequest(turn.Activity.Text, session.Locale ?? turn.Activity.Locale, await CatalogAsync(ct), clock.GetUtcNow())
        {
            // Only the id the channel proved: an order number the customer typed entitles the model to nothing.
            CustomerId = CustomerIdentity.Of(turn) ?? session.CustomerId,
            OrderNumber = session.OrderNumber,
            ProvenOrderNumber = session.OrderVerified ? session.OrderNumber : null,
            Known = issue is null ? null : new KnownFacts(issue.Problem, issue.Sku, issue.Wish),
        };
        u = await nlu.UnderstandAsync(request, ct);
        if (u.FallbackReason is { } reason) log.LogInformation("Understanding fell back to the rules for this turn: {Reason}", reason);
        turn.TurnState[UnderstandingKey] = u;
        return u;
    }

    /// <summary>The message's facts (from <see cref="UnderstandTurnAsync"/>).</summary>
    public async Task<Extraction> ExtractAsync(ITurnContext turn, CancellationToken ct) => (await UnderstandTurnAsync(turn, ct)).Extraction;

    /// <summary>The message's intent and language (from <see cref="UnderstandTurnAsync"/>).</summary>
    public async Task<IntentResult> UnderstandAsync(ITurnContext turn, CancellationToken ct) => (await UnderstandTurnAsync(turn, ct)).Intent;

    /// <summary>
    /// The language to answer this message in (<see cref="LocaleResolver.Choose"/>): the customer's request, else the
    /// message's own language when clear, else the conversation's, else the storefront page's.
    /// </summary>
    public string ChooseLocale(string? current, Activity activity, IntentResult intent)
        => LocaleResolver.Choose(current, activity.Locale, intent.LanguageRequest, intent.Language, intent.LanguageIsClear, defaultLocale);

    private (DateTimeOffset At, IReadOnlyList<Product> Items)? _catalog;

    /// <summary>The shop catalog, re-read every few minutes (every message is matched against it).</summary>
    private async Task<IReadOnlyList<Product>> CatalogAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_catalog is { } c && now - c.At < TimeSpan.FromMinutes(5)) return c.Items;
        var items = await orders.GetCatalogAsync(ct);
        _catalog = (now, items);
        return items;
    }
}

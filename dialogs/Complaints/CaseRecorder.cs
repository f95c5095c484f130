using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Orders;
using ComplaintBot.Dialogs.Policy;
using ComplaintBot.Dialogs.Text;
using ComplaintBot.Dialogs.Turns;

namespace ComplaintBot.Dialogs.Complaints;

/// <summary>Keeps the case records in step with the session: one case per issue, facts copied over.</summary>
/// <param name="written">Writes the steps of an agreed remedy again in the conversation's language after a switch.</param>
public sealed class CaseRecorder(ICaseStore cases, IOrderService orders, ServiceHours hours, SlaOptions sla, TimeProvider clock, WrittenConfirmation? written = null)
{
    /// <summary>Creates a case for every issue that has none, linking the cases of one conversation to each other.</summary>
    public async Task EnsureCasesAsync(ITurnContext turn, ComplaintSession session, CancellationToken ct)
    {
        var created = false;
        foreach (var issue in session.Issues.Where(i => i.CaseNumber is null))
        {
            var draft = new Case
            {
                ConversationId = turn.Activity.Conversation?.Id ?? "",
                ChannelId = turn.Activity.ChannelId,
                Locale = session.Locale ?? LocaleResolver.Chinese,
                CustomerId = session.CustomerId,
                CustomerTier = session.CustomerTier,
                CustomerName = turn.Activity.From?.Name,
            };
            var now = clock.GetUtcNow();
            draft.FirstResponseDue = hours.NextOpening(now).AddMinutes(sla.FirstResponseMinutes);
            draft.ResolutionDue = now.AddHours(sla.ResolutionHours.GetValueOrDefault("General", 48));
            await CopyFactsAsync(draft, session, issue, ct);
            var c = await cases.CreateAsync(draft, ct);
            issue.CaseNumber = c.Number;
            created = true;
        }
        if (created && session.Issues.Count > 1)
        {
            var numbers = session.CaseNumbers.ToList();
            foreach (var n in numbers) await UpdateAsync(n, c => c.RelatedCases = numbers.Where(x => x != n).ToList(), ct);
        }
    }

    /// <summary>
    /// Copies the issue's facts onto its case (after clarification or a correction); <paramref name="also"/> is a
    /// further change saved with them (one write instead of two).
    /// </summary>
    public async Task SyncAsync(ITurnContext turn, ComplaintSession session, IssueState issue, CancellationToken ct, Action<Case>? also = null)
    {
        if (issue.CaseNumber is null) await EnsureCasesAsync(turn, session, ct);
        await cases.UpdateAsync(issue.CaseNumber!, async c =>
        {
            await CopyFactsAsync(c, session, issue, ct);
            also?.Invoke(c);
        }, clock.GetUtcNow, ct);
    }

    /// <summary>
    /// The customer switched language mid-chat: the products are named in it from now on (they were said back in the old
    /// one), and the session's cases take it, so the written confirmation, the follow-up and agents' messages use it.
    /// </summary>
    public async Task FollowLanguageAsync(ComplaintSession session, CancellationToken ct)
    {
        if (session.Locale is not { } locale) return;
        var catalog = await orders.GetCatalogAsync(ct);
        var order = session.OrderNumber is { } number ? await orders.GetOrderAsync(number, ct) : null;
        foreach (var issue in session.Issues)
        {
            // Only a product already said back is renamed: nothing of an unproved order is added here.
            if (issue.Sku is { } sku && issue.ProductName is not null)
                issue.ProductName = catalog.FirstOrDefault(p => p.Sku == sku)?.DisplayName(locale)
                    ?? order?.Lines.FirstOrDefault(l => l.Sku == sku)?.DisplayName(locale) ?? issue.ProductName;
            if (issue.CaseNumber is { } n)
                await UpdateAsync(n, c =>
                {
                    c.Locale = locale;
                    if (issue.Sku is not null) c.ProductName = issue.ProductName;
                    // The steps of the written confirmation are shown again (the follow-up, the card): in the language now used.
                    if (written is not null) c.Steps = c.Steps.Select(st => written.InLanguage(st, locale)).ToList();
                }, ct);
        }
    }

    public async Task<Case> UpdateAsync(string number, Action<Case> change, CancellationToken ct)
        // Someone else (an agent, the customer's other tab) may save the case between our read and write: re-read and re-apply.
        => await cases.UpdateAsync(number, c => { change(c); return Task.CompletedTask; }, clock.GetUtcNow, ct)
            ?? throw new InvalidOperationException($"Case {number} not found.");

    private async Task CopyFactsAsync(Case c, ComplaintSession session, IssueState issue, CancellationToken ct)
    {
        c.CustomerId ??= session.CustomerId;
        c.CustomerTier = session.CustomerTier ?? c.CustomerTier;
        c.OrderNumber = session.OrderNumber;
        c.ProductSku = issue.Sku;
        c.ProductName = issue.ProductName;
        c.Facts.Problem = issue.Problem?.ToString();
        c.Facts.Description = issue.Description;
        c.Facts.Wish = issue.Wish?.ToString() ?? issue.WishText;
        c.Facts.DemandMultiple = session.DemandMultiple;
        c.Facts.DemandedAmount = session.DemandAmount;
        foreach (var e in session.Evidence.Where(e => !c.Facts.Evidence.Contains(e))) c.Facts.Evidence.Add(e);
        // Agents see the order either way (they are staff); the case says whether the customer proved it.
        c.Verification = session.Verification;
        if (session.OrderNumber is { } n && await orders.GetOrderAsync(n, ct) is { } order)
        {
            c.OrderAmount = order.Total;
            // The owner's name and contact data go on the case only when the customer proved to own the order (signed in
            // as its owner, or its phone's last 4 digits or e-mail): typing an order number proves nothing, and agents,
            // follow-ups and exports use these as the customer's own.
            if (session.OrderVerified && await orders.GetCustomerAsync(order.CustomerId, ct) is { } customer)
            {
                c.CustomerName ??= customer.Name;
                c.ContactPhone ??= customer.Phone;
                c.ContactEmail ??= customer.Email;
            }
        }
    }
}

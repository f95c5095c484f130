using ComplaintBot.Dialogs.Nlu;
using ComplaintBot.Dialogs.Orders;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.Text;

namespace ComplaintBot.Dialogs.Complaints;

public sealed record MergeResult(bool Learned, string? UnknownOrder, int NewIssues);

/// <summary>
/// Folds what a message said into the session: the order (checked against the shop), problems (extra ones become
/// new issues, handled in order), product, wish, demands, evidence. Facts already known are kept unless
/// <c>correct</c> is set (the customer said the restatement was wrong).
/// </summary>
public sealed class FactMerger(IOrderService orders, ComplaintOptions options)
{
    public async Task<MergeResult> MergeAsync(ComplaintSession session, Extraction x, Activity activity, bool correct, CancellationToken ct)
    {
        var learned = false;
        string? unknown = null;
        if (session.Issues.Count == 0) session.Issues.Add(new IssueState());
        var issue = session.CurrentIssue!;

        // An item the shop doesn't list ("羽绒服"), named about a problem with one item: kept only to ask about it, so the
        // order's line is not put in its place (set before the order is used).
        if (x.Products.Count == 0 && x.UnknownProduct is { } item && (issue.Sku is null || correct)
            && NeedsProduct(x.Problems.Count > 0 ? x.Problems[0] : issue.Problem))
            (issue.Sku, issue.ProductName, issue.NamedProduct) = (null, null, item);

        // Order: only a number the shop knows is taken; an unknown one is reported back for a hint.
        foreach (var number in x.OrderNumbers)
        {
            if (session.OrderNumber == number && !correct) { learned = true; break; }
            var order = await orders.GetOrderAsync(number, ct);
            if (order is null && number.All(char.IsAsciiDigit) && options.OrderNumberPrefix is { Length: > 0 } prefix)
                order = await orders.GetOrderAsync(prefix + number, ct);
            if (order is null) { unknown ??= number; continue; }
            session.OrderNumber = order.Number;
            session.OrderSkipped = false;
            unknown = null;
            learned = true;
            // The order's owner is NOT the customer: typing an order number proves nothing (session.CustomerId stays
            // what the channel proved). A signed-in owner has proved it; anyone else is asked first (identity.ask), and
            // until then nothing of the order (its lines, its owner's tier) is used.
            if (CustomerIdentity.OwnsOrder(session, order)) session.Proof = new OrderProof(order.Number, Cases.CustomerVerification.SignedIn);
            // The order record answers "which product" when it has one line, unless the message names another product
            // (then the clarify step asks whether the order number is right).
            var namesOther = x.Products.Count > 0 && x.Products.All(p => order.Lines.All(l => l.Sku != p.Sku));
            if (session.OrderVerified && !namesOther) await UseOrderAsync(session, order, ct);
            break;
        }

        var currentOrder = await OrderAccess.DetailsAsync(orders, session, ct);
        var singleLine = currentOrder?.Lines.Count == 1;

        // Problems: the first fills (or, when correcting, replaces) the current issue; others become new issues.
        var newIssues = 0;
        var problems = x.Problems.ToList();
        if (problems.Count > 0)
        {
            if (issue.Problem is null || correct)
            {
                issue.Problem = problems[0];
                // The customer's first account stays the description; a correction is kept with the case's corrections.
                issue.Description ??= x.Text;
                problems.RemoveAt(0);
            }
            foreach (var p in problems.Where(p => session.Issues.All(i => i.Problem != p)))
            {
                session.Issues.Add(new IssueState
                {
                    Problem = p, Description = x.Text,
                    Sku = singleLine ? issue.Sku : null, ProductName = singleLine ? issue.ProductName : null,
                });
                newIssues++;
            }
            learned = true;
        }
        else if (correct && issue.Problem == ProblemKind.Other && x.Products.Count == 0 && x.Wish is null && x.OrderNumbers.Count == 0 && !string.IsNullOrWhiteSpace(x.Text))
        {
            // A problem no rule recognised is the customer's words: a correction in words replaces them.
            issue.Description = x.Text;
        }

        // Product: from the catalog, preferring lines of the order.
        // A correction ("不是水壶，是耳机") names the old product too: the new one is one it names besides the current.
        var named = correct ? x.Products.Where(p => p.Sku != issue.Sku).ToList() : x.Products;
        if (correct && named.Count == 0 && x.Products.FirstOrDefault(p => p.Sku == issue.Sku) is { } denied
            && ComplaintExtractor.NegatedPart(x.Text) is { } negated && ComplaintExtractor.Products(negated, [denied]).Count > 0)
        {
            // "不是T恤，是羽绒服": the product said back is wrong and the right one is no product we can name: it is asked
            // again, offering the order's lines, never kept or restated from the order.
            (issue.Sku, issue.ProductName, issue.ProductAsked, issue.NamedProduct) = (null, null, false, x.UnknownProduct);
            learned = true;
        }

        if (named.Count > 0 && (issue.Sku is null || correct))
        {
            var product = named.FirstOrDefault(p => currentOrder?.Lines.Any(l => l.Sku == p.Sku) == true) ?? (correct ? named[^1] : named[0]);
            issue.Sku = product.Sku;
            issue.ProductName = product.DisplayName(session.Locale ?? LocaleResolver.Chinese);
            issue.NamedProduct = null;
            learned = true;
        }

        if (x.Wish is { } wish && (issue.Wish is null || correct))
        {
            issue.Wish = wish;
            issue.WishText = null;
            learned = true;
        }

        if (x.Excessive is { } demand)
        {
            session.DemandMultiple = demand.Multiple;
            session.DemandText = demand.Text;
            learned = true;
        }
        if (x.Amounts.Count > 0) session.MentionedAmount = x.Amounts.Max(a => a.Amount);
        if (x.Wish == WishKind.Compensation && x.Amounts.Count > 0)
        {
            session.DemandAmount = x.Amounts.Max(a => a.Amount);
            learned = true;
        }

        foreach (var a in activity.Attachments ?? [])
            if ((a.ContentUrl ?? a.Name) is { } evidence && !session.Evidence.Contains(evidence)) session.Evidence.Add(evidence);

        return new MergeResult(learned, unknown, newIssues);
    }

    /// <summary>
    /// What a proven order adds: its owner's tier, and the product of issues that name none when it has one line. Called
    /// when the order is taken from a customer who proved it, or when the customer proves it later.
    /// </summary>
    public async Task UseOrderAsync(ComplaintSession session, Order order, CancellationToken ct)
    {
        if (await orders.GetCustomerAsync(order.CustomerId, ct) is { } customer) session.CustomerTier = customer.Tier.ToString();
        // Not for an issue where the customer named an item the shop doesn't list: that is no fact from the order.
        foreach (var i in session.Issues.Where(i => i.Sku is null && i.NamedProduct is null && order.Lines.Count == 1))
            (i.Sku, i.ProductName) = (order.Lines[0].Sku, order.Lines[0].DisplayName(session.Locale ?? LocaleResolver.Chinese));
    }

    /// <summary>Whether a problem is about one item (so which product matters).</summary>
    public static bool NeedsProduct(ProblemKind? p) => p is ProblemKind.Damaged or ProblemKind.WrongItem or ProblemKind.MissingItem
        or ProblemKind.QualityDefect or ProblemKind.FalseAdvertising or ProblemKind.PriceDispute;
}

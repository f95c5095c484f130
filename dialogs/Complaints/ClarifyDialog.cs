using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Nlu;
using ComplaintBot.Dialogs.Orders;
using ComplaintBot.Dialogs.Policy;
using ComplaintBot.Dialogs.Runtime;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.State;

namespace ComplaintBot.Dialogs.Complaints;

/// <summary>
/// Step 2: open questions until the current issue's problem, order, product and wish are known. Asks only what
/// neither the messages nor the order record answered; a signed-in customer picks from recent orders; an order
/// number the shop doesn't know is re-asked with a hint up to the configured attempts, then the flow goes on.
/// </summary>
public sealed class ClarifyDialog : WaterfallDialog
{
    private readonly IStatePropertyAccessor<ComplaintSession> _sessions;
    private readonly TurnUnderstanding _turns;
    private readonly ComplaintMessages _messages;
    private readonly IOrderService _orders;
    private readonly ICaseStore _cases;
    private readonly CaseRecorder _recorder;
    private readonly FactMerger _facts;
    private readonly IdentityCheck _identity;
    private readonly Escalations _escalations;
    private readonly ComplaintOptions _options;
    private readonly PolicyOptions _policy;
    private readonly TimeProvider _clock;

    public ClarifyDialog(
        IStatePropertyAccessor<ComplaintSession> sessions, TurnUnderstanding turns, ComplaintMessages messages, IOrderService orders,
        ICaseStore cases, CaseRecorder recorder, FactMerger facts, IdentityCheck identity, Escalations escalations,
        ComplaintOptions options, PolicyOptions policy, TimeProvider clock) : base(DialogIds.Clarify)
    {
        (_sessions, _turns, _messages, _orders, _cases, _recorder) = (sessions, turns, messages, orders, cases, recorder);
        (_facts, _identity, _escalations, _options, _policy, _clock) = (facts, identity, escalations, options, policy, clock);
        AddStep(AskAsync);
        AddStep(AbsorbAsync);
    }

    private enum Fact { Problem, Order, Identity, OrderMismatch, Product, Wish }

    private async Task<DialogTurnResult> AskAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var session = await _sessions.GetAsync(step.Context, ct);
        var issue = session.CurrentIssue;
        var locale = session.Locale!;
        if (issue is null) return await step.EndDialogAsync(null, ct);
        // What the order holds is used only once the customer proved it is theirs (asked right after the order is known).
        var order = await OrderAccess.DetailsAsync(_orders, session, ct);

        Fact? missing =
            issue.Problem is null ? Fact.Problem
            : session.OrderNumber is null && !session.OrderSkipped ? Fact.Order
            : session.OrderNumber is { } typed && !session.OrderVerified && session.ProofDeclinedFor != typed ? Fact.Identity
            : order is not null && issue.Sku is { } sku && order.Lines.All(l => l.Sku != sku) ? Fact.OrderMismatch
            : order is not null && issue.Sku is null && issue.NamedProduct is not null && !issue.ProductAsked && FactMerger.NeedsProduct(issue.Problem) ? Fact.OrderMismatch
            : issue.Sku is null && !issue.ProductAsked && FactMerger.NeedsProduct(issue.Problem) && (order is null || order.Lines.Count > 1) ? Fact.Product
            : issue.Wish is null && issue.WishText is null ? Fact.Wish
            : null;
        if (missing is null)
        {
            await _recorder.SyncAsync(step.Context, session, issue, ct);
            return await step.EndDialogAsync(null, ct);
        }
        await MarkClarifyingAsync(step, session, ct);
        step.Values["asked"] = missing.ToString();

        Activity question;
        switch (missing)
        {
            case Fact.Problem:
                question = _messages.Message(locale, Reasked(step, Fact.Problem) ? "clarify.reask_problem" : "clarify.ask_problem");
                break;
            case Fact.Order when session.UnknownOrderAttempts > 0 && session.LastUnknownOrder is { } unknown:
                question = _messages.Message(locale, unknown.Length > 0 ? "clarify.order_not_found" : "clarify.order_not_recognised",
                    new { orderNumber = unknown, attempt = session.UnknownOrderAttempts, maxAttempts = _options.MaxOrderAttempts },
                    buttons: [_messages.Text(locale, "clarify.no_order")]);
                break;
            case Fact.Order when session.CustomerId is { } customer
                                 && await _orders.GetRecentOrdersAsync(customer, _options.RecentOrderChoices, ct) is { Count: > 0 } recent:
                question = _messages.Message(locale, "clarify.ask_order_choice", buttons: recent
                    .Select(o => _messages.Text(locale, "clarify.order_choice", new { orderNumber = o.Number, product = o.Lines[0].DisplayName(locale) }))
                    .Append(_messages.Text(locale, "clarify.no_order")));
                break;
            case Fact.Order:
                question = _messages.Message(locale, "clarify.ask_order", buttons: [_messages.Text(locale, "clarify.no_order")]);
                break;
            case Fact.Identity:
                step.Values["order"] = session.OrderNumber;
                question = Reasked(step, Fact.Identity)
                    ? _messages.Message(locale, "identity.wrong", new { attempt = session.ProofFailures, maxAttempts = _options.MaxVerifyAttempts }, [_messages.Text(locale, "identity.cannot")])
                    : _messages.Message(locale, "identity.ask", new { orderNumber = session.OrderNumber }, [_messages.Text(locale, "identity.cannot")]);
                break;
            case Fact.OrderMismatch:
                // The customer named a product this order does not hold: say what it holds rather than restate something false.
                step.Values["order"] = order!.Number;
                question = _messages.Message(locale, "clarify.order_product_mismatch", new
                {
                    orderNumber = order.Number,
                    orderProducts = string.Join(locale.StartsWith("zh") ? "、" : ", ", order.Lines.Select(l => l.DisplayName(locale))),
                    product = issue.ProductName ?? issue.NamedProduct,
                }, buttons: order.Lines.Select(l => l.DisplayName(locale))
                    .Append(_messages.Text(locale, "clarify.order_mismatch_right")).Append(_messages.Text(locale, "clarify.order_mismatch_wrong")));
                break;
            case Fact.Product when Reasked(step, Fact.Product):
                // The answer was no product of the order or the shop: asked once more, offering the order's lines.
                question = _messages.Message(locale, "clarify.product_unknown", buttons: order?.Lines.Select(l => l.DisplayName(locale)));
                break;
            case Fact.Product when order is not null:
                question = _messages.Message(locale, "clarify.ask_product", new { orderNumber = order.Number }, order.Lines.Select(l => l.DisplayName(locale)));
                break;
            case Fact.Product:
                question = _messages.Message(locale, "clarify.ask_product_free");
                break;
            case Fact.Wish when Vented(step):
                // The customer vented instead of saying what they want: the feeling is acknowledged, the wish asked openly.
                question = _messages.Message(locale, "clarify.wish_feeling");
                break;
            default:
                question = _messages.Message(locale, Reasked(step, Fact.Wish) ? "clarify.reask_wish" : "clarify.ask_wish");
                break;
        }
        return await step.PromptAsync(DialogIds.Text, PromptOptions.Ask(question), ct);
    }

    private async Task<DialogTurnResult> AbsorbAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var turn = step.Context;
        var session = await _sessions.GetAsync(turn, ct);
        var issue = session.CurrentIssue!;
        var locale = session.Locale!;
        var asked = Enum.Parse<Fact>(step.Values["asked"]!.GetValue<string>());
        var x = await _turns.ExtractAsync(turn, ct);
        var text = x.Text.Trim();
        // Asked for the order, a reply of digits alone ("10000007", "1000 0007") is the number.
        if (asked == Fact.Order && x.OrderNumbers.Count == 0 && OnlyDigits(text) is { } digits) x = x with { OrderNumbers = [digits] };
        // "不是吹风机，是耳机" at any question corrects exactly the facts it names (the description stays the first account).
        var merge = await _facts.MergeAsync(session, x, turn.Activity, correct: x.IsCorrection, ct);
        if (x.IsCorrection && issue.CaseNumber is { } corrected)
            await _recorder.UpdateAsync(corrected, c => c.Facts.Corrections.Add(x.Text), ct);
        var understood = merge.Learned;
        // A bare "yes"/"好的" to an open question answers nothing; the question is asked again once, briefly, instead of
        // "didn't get that" followed by the whole question (which read as if the yes had been taken).
        var reask = asked is Fact.Problem or Fact.Wish && x.IsBareAnswer && !merge.Learned && !Reasked(step, asked);
        string? unknownOrder = null;
        var orderHintFollows = false;
        var vented = false;

        switch (asked)
        {
            case Fact.Problem when issue.Problem is null && text.Length > 0 && !x.IsNoise && !x.IsBareAnswer && !merge.Learned:
                // No rule matched: keep the customer's words; the case is classified "other" and a person can refine it.
                // (Not when the answer was only something else we know now, like the order number, or said nothing.)
                issue.Problem = ProblemKind.Other;
                issue.Description = text;
                understood = true;
                break;
            case Fact.Order when session.OrderNumber is null:
                if (IsNoOrder(text, locale))
                {
                    session.OrderSkipped = true;
                    understood = true;
                }
                else if (merge.UnknownOrder is null && KeywordRules.Default.SaysOrderNotAtHand(text))
                {
                    // "订单号找不到了": we go on without the order, and say how a colleague can still find it.
                    session.OrderSkipped = true;
                    understood = true;
                    await _messages.SayAsync(turn, locale, "clarify.order_not_at_hand", ct: ct);
                }
                else if (merge.UnknownOrder is null && merge.Learned)
                {
                    // The customer told us something else (a wish, the product): kept; the order is simply asked again.
                    // A corrected product is said back, so the customer sees it was taken.
                    if (x.IsCorrection && x.Products.Count > 0 && issue.ProductName is { } product)
                        await _messages.SayAsync(turn, locale, "clarify.product_noted", new { product }, ct);
                }
                else if (merge.UnknownOrder is null && !text.Any(char.IsDigit) && KeywordRules.Default.LooksLikeQuestion(text))
                {
                    // A question is answered (from the FAQ when it is one), and the order asked again: no attempt used.
                    understood = true;
                    if ((await _turns.UnderstandAsync(turn, ct)).FaqTopic is { } topic)
                        await _messages.SayAsync(turn, locale, FaqBook.Family + "." + topic, ComplaintDialog.FaqValues(_options, _policy), ct);
                    else
                        await _messages.SayAsync(turn, locale, "clarify.order_why", ct: ct);
                }
                else if (merge.UnknownOrder is null && !text.Any(char.IsDigit) && !x.IsNoise && await VentsAsync(turn, locale, x, ct))
                {
                    // A feeling is acknowledged, not counted as a failed order number.
                    understood = true;
                    await _messages.SayAsync(turn, locale, "clarify.order_feeling", ct: ct);
                }
                else
                {
                    session.UnknownOrderAttempts++;
                    // Only something shaped like an order number is quoted back; other words get the hint alone.
                    unknownOrder = merge.UnknownOrder ?? "";
                    orderHintFollows = true;
                    if (session.UnknownOrderAttempts >= _options.MaxOrderAttempts)
                    {
                        session.OrderSkipped = true;
                        await _messages.SayAsync(turn, locale, "clarify.order_skip", ct: ct);
                        unknownOrder = null;
                    }
                }
                break;
            case Fact.Identity:
                understood = true;
                reask = await _identity.AbsorbAsync(turn, session, step.Values["order"]?.GetValue<string>(), x, merge.Learned, ct);
                break;
            case Fact.OrderMismatch:
                understood = await AbsorbMismatchAnswerAsync(step, session, issue, x, text, locale, ct);
                break;
            case Fact.Product when issue.Sku is null:
                // Only a line of the order or a product of the shop is a product; other words ("订单号找不到了") are not.
                var order = await OrderAccess.DetailsAsync(_orders, session, ct);
                var line = order?.Lines.FirstOrDefault(l => string.Equals(l.DisplayName(locale), text, StringComparison.OrdinalIgnoreCase));
                if (line is not null) (issue.Sku, issue.ProductName) = (line.Sku, line.DisplayName(locale));
                else if (text.Length > 0 && !merge.Learned && !Reasked(step, Fact.Product)) reask = true;
                // After the second answer that names no product, the flow goes on without one.
                issue.ProductAsked = !reask;
                understood = true;
                break;
            case Fact.Wish when issue.Wish is null && text.Length > 0 && !x.IsNoise && !x.IsBareAnswer:
                understood = true;
                // A wish is only what the customer asks for: a rant ("this is ridiculous, nobody answers my e-mails") is
                // never quoted back as what they want.
                if (!KeywordRules.Default.AsksForSomething(text) && await VentsAsync(turn, locale, x, ct)) vented = true;
                else issue.WishText = text;
                break;
        }
        if ((turn.Activity.Attachments?.Count ?? 0) > 0) understood = true;
        session.LastTurnNotUnderstood = !understood;
        await _recorder.EnsureCasesAsync(turn, session, ct);
        // The order hint (or the note that we go on without it) already says what was wrong with the answer.
        if (!understood && !orderHintFollows && !reask) await _messages.SayAsync(turn, locale, "clarify.not_understood", ct: ct);
        session.LastUnknownOrder = unknownOrder;
        var again = reask ? asked.ToString() : vented ? VentedOption : null;
        return await step.ReplaceDialogAsync(DialogIds.Clarify, again is null ? null : System.Text.Json.Nodes.JsonValue.Create(again), ct);
    }

    private const string VentedOption = "vented";

    /// <summary>Whether this round follows an answer that vented instead of saying what the customer wants.</summary>
    private static bool Vented(WaterfallStepContext step)
        => step.Options is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var f) && f == VentedOption;

    /// <summary>The message voices a feeling (negative or angry, or complaint words) rather than a request.</summary>
    private async Task<bool> VentsAsync(Turns.ITurnContext turn, string locale, Extraction x, CancellationToken ct)
    {
        var sentiment = await _escalations.SentimentAsync(turn, locale, ct);
        return sentiment.Label is Sentiment.SentimentLabel.Negative or Sentiment.SentimentLabel.Mixed
               || sentiment.Anger >= 0.3
               || KeywordRules.Default.SaysComplaint(x.Text);
    }

    /// <summary>
    /// The answer to "order X holds A, not B — is the order number right?": another order number (taken by the merge and
    /// checked again), a product the order holds, yes (go by the order), or no / no order (ask for it again / go on without).
    /// </summary>
    private async Task<bool> AbsorbMismatchAnswerAsync(WaterfallStepContext step, ComplaintSession session, IssueState issue, Extraction x, string text, string locale, CancellationToken ct)
    {
        var asked = step.Values["order"]?.GetValue<string>();
        if (session.OrderNumber != asked) return true;
        var order = asked is null ? null : await _orders.GetOrderAsync(asked, ct);
        if (order is null) return true;
        if (x.Products.FirstOrDefault(p => order.Lines.Any(l => l.Sku == p.Sku)) is { } named)
        {
            (issue.Sku, issue.ProductName, issue.NamedProduct) = (named.Sku, named.DisplayName(locale), null);
            return true;
        }
        var right = Runtime.ChoiceRecognizer.Recognize(text, [new Choice("right", _messages.Text(locale, "clarify.order_mismatch_right"))]) is not null
                    || x.OrderNumbers.Any(n => asked!.EndsWith(n, StringComparison.OrdinalIgnoreCase)); // the same number again
        var wrong = Runtime.ChoiceRecognizer.Recognize(text, [new Choice("wrong", _messages.Text(locale, "clarify.order_mismatch_wrong"))]) is not null;
        if (right && wrong) right = wrong = false; // "the order number": words of both buttons
        if (IsNoOrder(text, locale) || wrong || (!right && x.Answer == Answer.No))
        {
            (session.OrderNumber, session.OrderSkipped) = (null, IsNoOrder(text, locale));
            // Who the customer is came from that order; it was someone else's, so its owner's recent orders must not be
            // offered as choices: back to what the channel vouches for.
            session.CustomerId = CustomerIdentity.Of(step.Context);
            session.CustomerTier = session.CustomerId is { } id ? (await _orders.GetCustomerAsync(id, ct))?.Tier.ToString() : null;
            return true;
        }
        if ((right || x.Answer == Answer.Yes) && issue.Sku is null && issue.NamedProduct is not null)
        {
            // The order is right but holds no item the shop lists as what the customer named: we go on without a product
            // (a person checks it), rather than restating the order's line as what they complained about.
            issue.ProductAsked = true;
            return true;
        }
        if (right || x.Answer == Answer.Yes)
        {
            // The order record wins: its only product, or the question which of its products.
            foreach (var i in session.Issues.Where(i => i.Sku is null || order.Lines.All(l => l.Sku != i.Sku)))
            {
                if (order.Lines.Count == 1) (i.Sku, i.ProductName) = (order.Lines[0].Sku, order.Lines[0].DisplayName(locale));
                else (i.Sku, i.ProductName, i.ProductAsked) = (null, null, false);
            }
            return true;
        }
        return false;
    }

    /// <summary>Whether this round asks <paramref name="fact"/> again after a bare yes/no (the brief wording, only once).</summary>
    private static bool Reasked(WaterfallStepContext step, Fact fact)
        => step.Options is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var f) && f == fact.ToString();

    private static string? OnlyDigits(string text)
    {
        var t = text.Trim().TrimStart('#', '＃').Trim();
        if (t.Length == 0 || !t.All(c => char.IsAsciiDigit(c) || c is ' ' or '-')) return null;
        var digits = new string(t.Where(char.IsAsciiDigit).ToArray());
        return digits.Length is >= 6 and <= 20 ? digits : null;
    }

    private bool IsNoOrder(string text, string locale)
        => Runtime.ChoiceRecognizer.Recognize(text, [new Choice("none", _messages.Text(locale, "clarify.no_order"), "没有", "没有订单", "不知道", "no order", "none", "i don't know")]) is not null;

    private async Task MarkClarifyingAsync(WaterfallStepContext step, ComplaintSession session, CancellationToken ct)
    {
        if (session.CurrentIssue?.CaseNumber is not { } number) return;
        var c = await _cases.GetAsync(number, ct);
        if (c is null || c.Status is not Cases.CaseStatus.Open) return;
        await _recorder.UpdateAsync(number, x => x.Apply(Cases.CaseTransition.Clarify, _clock.GetUtcNow()), ct);
    }
}

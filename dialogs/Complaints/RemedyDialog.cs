using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Nlu;
using ComplaintBot.Dialogs.Orders;
using ComplaintBot.Dialogs.Policy;
using ComplaintBot.Dialogs.Runtime;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Dialogs.Turns;

namespace ComplaintBot.Dialogs.Complaints;

/// <summary>
/// Step 5: remedies from the policy table, two at a time as buttons with the basis in one sentence. Both refused →
/// one negotiation round with the next two; a demand beyond authority (十倍赔偿) gets the legal basis and the highest
/// allowed offer; still refused → a supervisor takes over. Ends with the chosen option's key, or null when escalated.
/// </summary>
public sealed class RemedyDialog : WaterfallDialog
{
    private readonly IStatePropertyAccessor<ComplaintSession> _sessions;
    private readonly TurnUnderstanding _turns;
    private readonly ComplaintMessages _messages;
    private readonly IOrderService _orders;
    private readonly ICaseStore _cases;
    private readonly CaseRecorder _recorder;
    private readonly FactMerger _facts;
    private readonly Escalations _escalations;
    private readonly RemedyPolicy _remedies;
    private readonly PolicyOptions _policy;
    private readonly ComplaintOptions _options;
    private readonly TimeProvider _clock;

    public RemedyDialog(
        IStatePropertyAccessor<ComplaintSession> sessions, TurnUnderstanding turns, ComplaintMessages messages, IOrderService orders,
        ICaseStore cases, CaseRecorder recorder, FactMerger facts, Escalations escalations, RemedyPolicy remedies,
        PolicyOptions policy, ComplaintOptions options, TimeProvider clock) : base(DialogIds.Remedies)
    {
        _options = options;
        (_sessions, _turns, _messages, _orders, _cases, _recorder) = (sessions, turns, messages, orders, cases, recorder);
        (_facts, _escalations, _remedies, _policy, _clock) = (facts, escalations, remedies, policy, clock);
        AddStep(OfferAsync);
        AddStep(AnswerAsync);
    }

    private sealed record Context(ComplaintSession Session, IssueState Issue, Case Case, RemedyPlan Plan, decimal ItemPrice, string Locale);

    private async Task<Context> LoadAsync(ITurnContext turn, CancellationToken ct)
    {
        var session = await _sessions.GetAsync(turn, ct);
        var issue = session.CurrentIssue!;
        var c = (await _cases.GetAsync(issue.CaseNumber!, ct))!;
        // An order the customer has not proved gives no price, value or delivery date: an agent confirms such amounts.
        var order = await OrderAccess.DetailsAsync(_orders, session, ct);
        var line = order?.Lines.FirstOrDefault(l => l.Sku == issue.Sku) ?? order?.Lines.FirstOrDefault();
        var price = line?.UnitPrice ?? 0m;
        var delivered = order?.Shipment?.DeliveredAt;
        var plan = _remedies.Plan(new RemedyInput(
            c.Category ?? ComplaintCategory.Other, c.Responsibility,
            Enum.TryParse<CustomerTier>(session.CustomerTier, true, out var tier) ? tier : CustomerTier.Normal,
            issue.Problem ?? ProblemKind.Other, price, order?.Total ?? price, order?.ShippingFee ?? 0,
            delivered is { } d ? (int)(_clock.GetUtcNow() - d).TotalDays : null,
            issue.Wish, session.DemandAmount ?? session.MentionedAmount));
        return new Context(session, issue, c, plan, price, session.Locale!);
    }

    private bool Excessive(Context x) => _remedies.IsBeyondAuthority(x.Session.DemandMultiple, x.Session.DemandAmount, x.ItemPrice);

    private async Task<DialogTurnResult> OfferAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var o = step.GetOptions<RemedyDialogOptions>() ?? new RemedyDialogOptions();
        var x = await LoadAsync(step.Context, ct);
        if (o.Mode == RemedyDialogOptions.Modes.Excessive || (o.Round == 0 && Excessive(x)))
        {
            step.Values["mode"] = RemedyDialogOptions.Modes.Excessive;
            await RecordOfferAsync(x, [x.Plan.Highest], ct);
            var demand = x.Session.DemandText ?? x.Session.DemandAmount?.ToString("0.##") ?? "";
            var ask = _messages.Message(x.Locale, "remedies.excessive", new { demand, highest = _messages.RemedyLabel(x.Locale, x.Plan.Highest) },
                [_messages.Text(x.Locale, "remedies.accept"), _messages.Text(x.Locale, "remedies.refuse")]);
            return await step.PromptAsync(DialogIds.Text, PromptOptions.Ask(ask), ct);
        }

        var pair = x.Plan.Options.Skip(o.Round * 2).Take(2).ToList();
        // Without a known price, amounts are an agent's to confirm: said once, before what can be offered without one.
        if (o.Round == 0 && x.Plan.AmountsWithheld) await _messages.SayAsync(step.Context, x.Locale, "remedies.amount_by_agent", ct: ct);
        if (pair.Count == 0 && o.Round == 0 && x.Plan.AmountsWithheld)
            return await EscalateAsync(step, x, HandoffTriggers.AmountUnknown, "no order price known: an agent confirms the amount", ct, supervisor: false);
        if (pair.Count == 0) return await EscalateAsync(step, x, HandoffTriggers.RemediesRefused, "no remedy left in policy after refusals", ct);
        step.Values["mode"] = RemedyDialogOptions.Modes.Offer;
        step.Values["round"] = o.Round;
        await RecordOfferAsync(x, pair, ct);
        var basis = BasisText(x);
        var labels = pair.Select(p => _messages.RemedyLabel(x.Locale, p)).ToList();
        var key = pair.Count == 1 ? "remedies.offer_one" : o.Round == 0 ? "remedies.offer" : "remedies.negotiate";
        var message = _messages.Message(x.Locale, key, new { optionA = labels[0], optionB = labels.ElementAtOrDefault(1), basis },
            labels.Append(_messages.Text(x.Locale, "remedies.neither")));
        return await step.PromptAsync(DialogIds.Text, PromptOptions.Ask(message), ct);
    }

    private async Task<DialogTurnResult> AnswerAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var turn = step.Context;
        var x = await LoadAsync(turn, ct);
        var said = await _turns.ExtractAsync(turn, ct);
        var mode = step.Values["mode"]!.GetValue<string>();
        x.Session.LastTurnNotUnderstood = false;

        if (mode == RemedyDialogOptions.Modes.Excessive)
        {
            var accepted = Runtime.ChoiceRecognizer.Recognize(said.Text, [new Choice("accept", _messages.Text(x.Locale, "remedies.accept")), new Choice("refuse", _messages.Text(x.Locale, "remedies.refuse"))]);
            if (accepted?.Value == "accept" || (accepted is null && said.Answer == Answer.Yes))
                return await ChooseAsync(step, x, x.Plan.Highest, ct);
            await RefuseAsync(x, [x.Plan.Highest], ct);
            return await EscalateAsync(step, x, HandoffTriggers.BeyondAuthority,
                $"demand {x.Session.DemandText ?? x.Session.DemandAmount?.ToString()} beyond authority; highest offer {x.Plan.Highest.Key} refused", ct);
        }

        var round = step.Values["round"]!.GetValue<int>();
        var pair = x.Plan.Options.Skip(round * 2).Take(2).ToList();
        if (said.Excessive is not null || (said.Wish == WishKind.Compensation && said.Amounts.Count > 0))
        {
            await _facts.MergeAsync(x.Session, said, turn.Activity, correct: false, ct);
            if (Excessive(x))
                return await step.ReplaceDialogAsync(DialogIds.Remedies, new RemedyDialogOptions { Mode = RemedyDialogOptions.Modes.Excessive }, ct);
        }
        var choices = pair.Select(p => new Choice(p.Key, _messages.RemedyLabel(x.Locale, p), RemedyWord(p.Primary, x.Locale)))
            .Append(new Choice("neither", _messages.Text(x.Locale, "remedies.neither"))).ToList();
        var found = Runtime.ChoiceRecognizer.Recognize(said.Text, choices);
        if (found is not null && found.Value != "neither")
            return await ChooseAsync(step, x, pair.First(p => p.Key == found.Value), ct);
        if (found is not null || said.Answer == Answer.No)
        {
            await RefuseAsync(x, pair, ct);
            if (round == 0 && x.Plan.Options.Count > 2)
                return await step.ReplaceDialogAsync(DialogIds.Remedies, new RemedyDialogOptions { Round = 1 }, ct);
            return await EscalateAsync(step, x, HandoffTriggers.RemediesRefused,
                $"customer refused {string.Join(", ", x.Case.RemediesRefused.Concat(pair.Select(p => p.Key)).Distinct())} after negotiation", ct);
        }
        if (!said.Text.Any(char.IsDigit) && KeywordRules.Default.LooksLikeQuestion(said.Text))
        {
            // A question is answered (from the shop's FAQ, else honestly as one for a colleague) and the options offered
            // again, instead of "didn't get that".
            if ((await _turns.UnderstandAsync(turn, ct)).FaqTopic is { } topic)
                await _messages.SayAsync(turn, x.Locale, FaqBook.Family + "." + topic, ComplaintDialog.FaqValues(_options, _policy), ct);
            else
                await _messages.SayAsync(turn, x.Locale, "faq.unknown", ct: ct);
            return await step.ReplaceDialogAsync(DialogIds.Remedies, new RemedyDialogOptions { Round = round }, ct);
        }
        // A rant is acknowledged, anything else not understood; then the options are offered again.
        await _messages.SayAsync(turn, x.Locale, await _escalations.UnansweredReplyAsync(turn, x.Session, said, ct), ct: ct);
        return await step.ReplaceDialogAsync(DialogIds.Remedies, new RemedyDialogOptions { Round = round }, ct);
    }

    private async Task<DialogTurnResult> ChooseAsync(WaterfallStepContext step, Context x, RemedyOption option, CancellationToken ct)
    {
        await _recorder.UpdateAsync(x.Case.Number, c =>
        {
            c.RemedyChosen = option.Key;
            c.Apply(CaseTransition.Agree, _clock.GetUtcNow(), option.Key);
        }, ct);
        await _messages.SayAsync(step.Context, x.Locale, "remedies.agreed", new { remedy = _messages.RemedyLabel(x.Locale, option) }, ct);
        return await step.EndDialogAsync(option.Key, ct);
    }

    private async Task<DialogTurnResult> EscalateAsync(WaterfallStepContext step, Context x, string trigger, string reason, CancellationToken ct, bool supervisor = true)
    {
        await _escalations.EscalateAsync(step.Context, x.Session, trigger, reason, supervisor, ct);
        return await step.EndDialogAsync(null, ct);
    }

    private Task RecordOfferAsync(Context x, IReadOnlyList<RemedyOption> offered, CancellationToken ct)
        => _recorder.UpdateAsync(x.Case.Number, c =>
        {
            foreach (var o in offered.Where(o => c.RemediesOffered.All(r => r.Kind != o.Key)))
                c.RemediesOffered.Add(new RemedyOffer(o.Key, o.CashValue == 0 ? null : o.CashValue, x.Plan.Basis.ToString(), _clock.GetUtcNow()));
            c.Apply(CaseTransition.Propose, _clock.GetUtcNow());
        }, ct);

    private Task RefuseAsync(Context x, IReadOnlyList<RemedyOption> refused, CancellationToken ct)
        => _recorder.UpdateAsync(x.Case.Number, c =>
        {
            foreach (var o in refused.Where(o => !c.RemediesRefused.Contains(o.Key))) c.RemediesRefused.Add(o.Key);
        }, ct);

    private string BasisText(Context x) => x.Plan.Basis switch
    {
        RemedyBasis.SevenDay => _messages.Text(x.Locale, "remedies.basis_seven_day", new { days = _policy.ReturnWindowDays }),
        RemedyBasis.AfterSevenDay => _messages.Text(x.Locale, "remedies.basis_after_seven_day", new { days = _policy.ReturnWindowDays }),
        RemedyBasis.Carrier => _messages.Text(x.Locale, "remedies.basis_carrier"),
        RemedyBasis.Merchant => _messages.Text(x.Locale, "remedies.basis_merchant"),
        RemedyBasis.Statutory => _messages.Text(x.Locale, "remedies.basis_statutory", new { cap = x.Plan.StatutoryCap.ToString("0.##") }),
        _ => _messages.Text(x.Locale, "remedies.basis_goodwill", new { min = _policy.Authority.MinCoupon, max = _policy.Authority.MaxCoupon }),
    };

    /// <summary>The word a customer types for the option ("退款", "coupon") so free text picks the right button.</summary>
    private string RemedyWord(RemedyKind kind, string locale) => _messages.Text(locale, "labels.remedy_word_" + ComplaintMessages.RemedyTemplate(kind));
}

public sealed class RemedyDialogOptions
{
    public int Round { get; set; }
    public string Mode { get; set; } = Modes.Offer;

    public static class Modes
    {
        public const string Offer = "offer";
        public const string Excessive = "excessive";
    }
}

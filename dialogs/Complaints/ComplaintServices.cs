using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Nlu;
using ComplaintBot.Dialogs.Orders;
using ComplaintBot.Dialogs.Policy;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.Sentiment;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Dialogs.Text;
using ComplaintBot.Dialogs.Turns;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ComplaintBot.Dialogs.Complaints;

/// <summary>Everything the complaint step dialogs use, in one place (the dialogs are stateless singletons).</summary>
public sealed class ComplaintServices
{
    public ComplaintServices(
        ConversationState conversationState,
        PromptLibrary prompts,
        IOrderService orders,
        ICaseStore cases,
        ISentimentAnalyzer sentiment,
        IEscalationPolicy escalation,
        IHandoffRequester handoff,
        IOptions<PolicyOptions> policy,
        IOptions<SlaOptions> sla,
        ServiceHours hours,
        IOptions<ComplaintOptions> options,
        TimeProvider? clock = null,
        ILoggerFactory? loggers = null,
        IOptions<FollowUpOptions>? followUp = null,
        IIntentClassifier? intents = null,
        INluProvider? nlu = null)
    {
        Prompts = prompts;
        Orders = orders;
        Cases = cases;
        Sentiment = sentiment;
        Escalation = escalation;
        Handoff = handoff;
        Clock = clock ?? TimeProvider.System;
        Sla = sla.Value;
        Options = options.Value;
        Policy = policy.Value;
        Hours = hours;
        FollowUps = new FollowUpPlanner(followUp?.Value ?? new(), Hours);
        Analyzer = new CaseAnalyzer(policy, cases, Clock);
        Remedies = new RemedyPolicy(policy);
        Session = conversationState.CreateProperty<ComplaintSession>(nameof(ComplaintSession));
        Intents = intents ?? new RuleIntentClassifier(new FaqBook(prompts));
        Understanding = nlu ?? new RulesNluProvider(Nlu, Intents, Policy.AfterSalesWords);
        Log = (ILogger?)loggers?.CreateLogger("ComplaintBot.Complaints") ?? NullLogger.Instance;
    }

    public PromptLibrary Prompts { get; }
    public IOrderService Orders { get; }
    public ICaseStore Cases { get; }
    public ISentimentAnalyzer Sentiment { get; }
    public IEscalationPolicy Escalation { get; }
    public IHandoffRequester Handoff { get; }
    public TimeProvider Clock { get; }
    public SlaOptions Sla { get; }
    public ComplaintOptions Options { get; }
    public PolicyOptions Policy { get; }
    public ServiceHours Hours { get; }
    public FollowUpPlanner FollowUps { get; }
    public CaseAnalyzer Analyzer { get; }
    public RemedyPolicy Remedies { get; }
    public ComplaintExtractor Nlu { get; } = new();
    public IIntentClassifier Intents { get; }
    /// <summary>The configured reader of messages (<c>Nlu:Provider</c>); the dialog asks it once per turn.</summary>
    public INluProvider Understanding { get; }
    public IStatePropertyAccessor<ComplaintSession> Session { get; }
    public ILogger Log { get; }

    public DateTimeOffset Now => Clock.GetUtcNow();

    public Task<ComplaintSession> SessionAsync(ITurnContext turn, CancellationToken ct) => Session.GetAsync(turn, () => new ComplaintSession(), ct);

    private const string UnderstandingKey = "complaint.understanding";

    /// <summary>
    /// The one place a turn's message is understood: the configured <see cref="INluProvider"/> runs once per turn with
    /// what the conversation knows (the proven customer, the order, the current issue's facts) and its result is kept
    /// for every step of the turn.
    /// </summary>
    public async Task<Understanding> UnderstandTurnAsync(ITurnContext turn, CancellationToken ct)
    {
        if (turn.TurnState.TryGetValue(UnderstandingKey, out var cached) && cached is Understanding u) return u;
        var session = await SessionAsync(turn, ct);
        var issue = session.CurrentIssue;
        var request = new NluRequest(turn.Activity.Text, session.Locale ?? turn.Activity.Locale, await CatalogAsync(ct), Now)
        {
            // Only the id the channel proved: an order number the customer typed entitles the model to nothing.
            CustomerId = CustomerIdentity.Of(turn) ?? session.CustomerId,
            OrderNumber = session.OrderNumber,
            ProvenOrderNumber = session.OrderVerified ? session.OrderNumber : null,
            Known = issue is null ? null : new KnownFacts(issue.Problem, issue.Sku, issue.Wish),
        };
        u = await Understanding.UnderstandAsync(request, ct);
        if (u.FallbackReason is { } reason) Log.LogInformation("Understanding fell back to the rules for this turn: {Reason}", reason);
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
        => LocaleResolver.Choose(current, activity.Locale, intent.LanguageRequest, intent.Language, intent.LanguageIsClear, Prompts.DefaultLocale);
    private (DateTimeOffset At, IReadOnlyList<Orders.Product> Items)? _catalog;

    /// <summary>The shop catalog, re-read every few minutes (every message is matched against it).</summary>
    private async Task<IReadOnlyList<Orders.Product>> CatalogAsync(CancellationToken ct)
    {
        if (_catalog is { } c && Now - c.At < TimeSpan.FromMinutes(5)) return c.Items;
        var items = await Orders.GetCatalogAsync(ct);
        _catalog = (Now, items);
        return items;
    }

    // ---- text -------------------------------------------------------------------------------------------------
    public string Text(string locale, string key, object? values = null) => Prompts.Render(locale, key, values);

    public Activity Message(string locale, string key, object? values = null, IEnumerable<string>? buttons = null)
    {
        var a = Activity.CreateMessage(Text(locale, key, values));
        a.Locale = locale;
        if (buttons is not null)
            a.SuggestedActions = new SuggestedActions { Actions = buttons.Select(b => CardAction.ImBack(b)).ToList() };
        return a;
    }

    public Task SayAsync(ITurnContext turn, string locale, string key, object? values = null, CancellationToken ct = default)
        => turn.SendActivityAsync(Message(locale, key, values), ct);

    public string ProblemLabel(string locale, Nlu.ProblemKind kind) => Text(locale, "labels.problem_" + Snake(kind.ToString()));
    public string WishLabel(string locale, WishKind kind) => Text(locale, "labels.wish_" + Snake(kind.ToString()));
    public string StatusLabel(string locale, CaseStatus status) => Text(locale, "labels.status_" + Snake(status.ToString()));

    public string RemedyLabel(string locale, RemedyOption option) => WrittenConfirmation.Label(Prompts, locale, option);

    public static string RemedyTemplate(RemedyKind kind) => kind switch
    {
        RemedyKind.ShippingInsuranceRefund => "shipping_insurance",
        _ => Snake(kind.ToString()),
    };

    public static string Snake(string pascal)
        => string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}

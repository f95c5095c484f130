using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.FollowUps;
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
        IIntentClassifier? intents = null)
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
    public IStatePropertyAccessor<ComplaintSession> Session { get; }
    public ILogger Log { get; }

    public DateTimeOffset Now => Clock.GetUtcNow();

    public Task<ComplaintSession> SessionAsync(ITurnContext turn, CancellationToken ct) => Session.GetAsync(turn, () => new ComplaintSession(), ct);

    /// <summary>The message's extraction, computed once per turn.</summary>
    public async Task<Extraction> ExtractAsync(ITurnContext turn, CancellationToken ct)
    {
        if (turn.TurnState.TryGetValue(ExtractionKey, out var cached) && cached is Extraction x) return x;
        var catalog = await CatalogAsync(ct);
        x = Nlu.Extract(turn.Activity.Text, catalog, Now);
        turn.TurnState[ExtractionKey] = x;
        return x;
    }

    private const string ExtractionKey = "complaint.extraction";
    private const string IntentKey = "complaint.intent";

    /// <summary>The message's intent and language, read once per turn.</summary>
    public async Task<IntentResult> UnderstandAsync(ITurnContext turn, CancellationToken ct)
    {
        if (turn.TurnState.TryGetValue(IntentKey, out var cached) && cached is IntentResult r) return r;
        r = await Intents.ClassifyAsync(turn.Activity.Text, await ExtractAsync(turn, ct), ct);
        turn.TurnState[IntentKey] = r;
        return r;
    }

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

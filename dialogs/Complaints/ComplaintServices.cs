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
        Messages = new ComplaintMessages(prompts);
        Turns = new TurnUnderstanding(Session, Understanding, orders, prompts.DefaultLocale, Clock, Log);
        Recorder = new CaseRecorder(cases, orders, hours, Sla, Clock);
        Escalations = new Escalations(sentiment, escalation, Turns, cases, Recorder, handoff, Clock, Log);
        Facts = new FactMerger(orders, Options);
        Identity = new IdentityCheck(orders, Facts, Messages, Options, Log);
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

    public Task<ComplaintSession> SessionAsync(ITurnContext turn, CancellationToken ct) => Session.GetAsync(turn, ct);

    // ---- the collaborators the steps receive ------------------------------------------------------------------
    public ComplaintMessages Messages { get; }
    public TurnUnderstanding Turns { get; }
    public CaseRecorder Recorder { get; }
    public Escalations Escalations { get; }
    public FactMerger Facts { get; }
    public IdentityCheck Identity { get; }

    // ---- until every step receives its collaborators: the bag's old surface, forwarded --------------------------
    public Task<Understanding> UnderstandTurnAsync(ITurnContext turn, CancellationToken ct) => Turns.UnderstandTurnAsync(turn, ct);
    public Task<Extraction> ExtractAsync(ITurnContext turn, CancellationToken ct) => Turns.ExtractAsync(turn, ct);
    public Task<IntentResult> UnderstandAsync(ITurnContext turn, CancellationToken ct) => Turns.UnderstandAsync(turn, ct);
    public string ChooseLocale(string? current, Activity activity, IntentResult intent) => Turns.ChooseLocale(current, activity, intent);
    public string Text(string locale, string key, object? values = null) => Messages.Text(locale, key, values);
    public Activity Message(string locale, string key, object? values = null, IEnumerable<string>? buttons = null) => Messages.Message(locale, key, values, buttons);
    public Task SayAsync(ITurnContext turn, string locale, string key, object? values = null, CancellationToken ct = default) => Messages.SayAsync(turn, locale, key, values, ct);
    public string ProblemLabel(string locale, Nlu.ProblemKind kind) => Messages.ProblemLabel(locale, kind);
    public string WishLabel(string locale, WishKind kind) => Messages.WishLabel(locale, kind);
    public string StatusLabel(string locale, CaseStatus status) => Messages.StatusLabel(locale, status);
    public string RemedyLabel(string locale, RemedyOption option) => Messages.RemedyLabel(locale, option);
}

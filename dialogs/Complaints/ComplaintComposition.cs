using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Nlu;
using ComplaintBot.Dialogs.Orders;
using ComplaintBot.Dialogs.Policy;
using ComplaintBot.Dialogs.Sentiment;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Dialogs.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ComplaintBot.Dialogs.Complaints;

/// <summary>
/// The complaint flow composed in one place (issue 13): each collaborator is built once and each step receives only
/// what it uses. The host's container (<c>ComplaintSetup</c>) and the test harness both build the flow from here;
/// nothing else receives this class. The dialogs are stateless singletons.
/// </summary>
public sealed class ComplaintComposition
{
    public ComplaintComposition(
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
        var now = clock ?? TimeProvider.System;
        var log = (ILogger?)loggers?.CreateLogger("ComplaintBot.Complaints") ?? NullLogger.Instance;
        var (slaOptions, complaintOptions, policyOptions) = (sla.Value, options.Value, policy.Value);
        Hours = hours;
        Sessions = conversationState.CreateProperty<ComplaintSession>(nameof(ComplaintSession));
        Messages = new ComplaintMessages(prompts);
        FollowUps = new FollowUpPlanner(followUp?.Value ?? new(), hours);
        var reader = nlu ?? new RulesNluProvider(new ComplaintExtractor(), intents ?? new RuleIntentClassifier(new FaqBook(prompts)), policyOptions.AfterSalesWords);
        var turns = new TurnUnderstanding(Sessions, reader, orders, prompts.DefaultLocale, now, log);
        var written = new WrittenConfirmation(prompts, complaintOptions, hours);
        Recorder = new CaseRecorder(cases, orders, hours, slaOptions, now, written);
        var escalations = new Escalations(sentiment, escalation, turns, cases, Recorder, handoff, now, log);
        var facts = new FactMerger(orders, complaintOptions);
        var identity = new IdentityCheck(orders, facts, Messages, complaintOptions, log);

        var verify = new VerifyStep(Sessions, orders, cases, escalations, new CaseAnalyzer(policy, cases, now), Recorder, Messages, hours, slaOptions, now);
        var confirm = new ConfirmStep(Sessions, cases, orders, Recorder, written, FollowUps, now);
        Dialog = new ComplaintDialog(
            Sessions, turns, Messages, orders, cases, Recorder, escalations,
            new AcknowledgeStep(Sessions, turns, Messages, cases, Recorder, facts, escalations, complaintOptions, hours, slaOptions, now),
            new SettledCases(cases, Recorder, Messages, now),
            complaintOptions, policyOptions, now,
            new IssueDialog(Sessions, Messages, verify, confirm),
            new ClarifyDialog(Sessions, turns, Messages, orders, cases, Recorder, facts, identity, escalations, complaintOptions, policyOptions, now),
            new RestateDialog(Sessions, turns, Messages, Recorder, facts, escalations, now, log),
            new RemedyDialog(Sessions, turns, Messages, orders, cases, Recorder, facts, escalations, new RemedyPolicy(policy), policyOptions, complaintOptions, now),
            new CsatDialog(Sessions, turns, Messages, Recorder, now));
    }

    /// <summary>The root dialog, with its steps.</summary>
    public ComplaintDialog Dialog { get; }

    // The parts other areas' turn interceptors and the follow-ups are built with (by the container or the harness).
    public IStatePropertyAccessor<ComplaintSession> Sessions { get; }
    public ComplaintMessages Messages { get; }
    public CaseRecorder Recorder { get; }
    public FollowUpPlanner FollowUps { get; }
    public ServiceHours Hours { get; }
}

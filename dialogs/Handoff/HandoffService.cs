using System.Text.Json;
using System.Text.Json.Nodes;
using ComplaintBot.Dialogs.Complaints;
using ComplaintBot.Dialogs.Policy;
using ComplaintBot.Dialogs.Runtime;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Dialogs.Turns;

namespace ComplaintBot.Dialogs.Handoff;

/// <summary>What the complaint flow knows when it asks for a person.</summary>
/// <param name="CaseNumber">Null for a conversation handed over without a case (a request for a person, no complaint).</param>
/// <param name="CustomerId">The shop's id of the signed-in customer, kept on the entry for privacy export and erasure.</param>
public sealed record EscalationRequest(string Reason, string Trigger, int Priority, string? CaseNumber, HandoffSummary Summary, string? Locale = null,
    string? CustomerId = null);

/// <summary>The signed-in person acting in the console.</summary>
public sealed record HandoffAgent(string Id, string DisplayName, bool IsSupervisor);

/// <summary>PendingApproval: recorded, waiting for a lead (a remedy above the agent's per-case limit). CaseRequired: the
/// action needs the complaint's case (a remedy, offering remedies, the rating) and the conversation has none yet.</summary>
/// AmountRequired: a remedy whose value is its amount (coupon, partial refund, compensation; a refund of an order whose amount
/// is unknown) came without one.
public enum HandoffOutcome { Ok, NotFound, Conflict, Forbidden, Invalid, OutcomeRequired, PendingApproval, CaseRequired, AmountRequired }

/// <summary>Where the bot picks up after an agent hands the conversation back.</summary>
public enum HandBackMode { Resume, Remedies, Csat }

/// <summary>
/// Hand-off to people: escalation (queue + customer notice + <c>handoff.initiate</c>), take-over, agent messages,
/// hand back, resolve, queue timeouts, and the customer side while a person owns the conversation.
/// Every ownership change is a compare-and-set through <see cref="IHandoffStore"/>.
/// </summary>
public sealed class HandoffService(
    IHandoffStore store,
    IProactiveSender sender,
    IHandoffTexts texts,
    INotificationBus bus,
    HandoffOptions options,
    ServiceHours hours,
    TimeProvider clock,
    ITranscriptStore? transcripts = null,
    IHandoffCaseSink? cases = null,
    WrittenConfirmation? written = null)
{
    public const string InitiateEventName = "handoff.initiate";
    public const string StatusEventName = "handoff.status";
    public const string TranscriptContentType = "application/vnd.microsoft.activity.transcript";

    public IHandoffStore Store => store;
    public HandoffOptions Options => options;

    // ---------------------------------------------------------------- escalation (inside a customer turn)

    /// <summary>
    /// Puts the conversation in the agent queue (or promises a call back outside service hours), tells the customer
    /// their place and expected wait, and emits <c>handoff.initiate</c> on the conversation.
    /// </summary>
    public async Task<HandoffEntry> EscalateAsync(ITurnContext turn, EscalationRequest request, CancellationToken ct = default)
    {
        var conversationId = turn.Activity.Conversation?.Id ?? throw new InvalidOperationException("The activity has no conversation id.");
        var now = clock.GetUtcNow();
        var locale = request.Locale ?? Locale(turn.Activity);
        DateTimeOffset? closedUntil = hours.IsOpen(now) ? null : hours.NextOpening(now);

        HandoffEntry entry;
        while (true)
        {
            var existing = await store.GetAsync(conversationId, ct);
            if (existing is not null && !SameChannel(existing, turn.Activity))
                throw new InvalidOperationException($"Conversation {conversationId} is queued on another channel.");
            if (existing is not null && (existing.Owner == ConversationOwner.Queued || ConversationOwner.IsHuman(existing.Owner)))
                return existing; // already with people: nothing new to announce
            entry = existing ?? new HandoffEntry { ConversationId = conversationId };
            entry.Owner = closedUntil is null ? ConversationOwner.Queued : ConversationOwner.Bot;
            entry.CaseNumber = request.CaseNumber ?? entry.CaseNumber;
            entry.Priority = request.Priority;
            entry.Reason = request.Reason;
            entry.Trigger = request.Trigger;
            entry.EscalatedAt = now;
            entry.TakenAt = null;
            entry.FirstAgentReplyAt = null;
            entry.SlaDueAt = now + options.FirstResponseSla;
            entry.Reference = turn.Activity.GetConversationReference();
            entry.Locale = locale;
            entry.CustomerId = request.CustomerId ?? entry.CustomerId;
            entry.Summary = request.Summary;
            entry.Summary.ChannelId ??= turn.Activity.ChannelId;
            // "An agent will contact you when we open at …" only when someone could (CanCallBack).
            entry.CallbackPromised = closedUntil is not null && entry.CanCallBack;
            entry.CallbackDueAt = entry.CallbackPromised ? closedUntil : null;
            entry.CallbackDoneAt = null;
            entry.CallbackDoneBy = null;
            entry.AwaitingCsat = false;
            if (await store.TrySaveAsync(entry, ct)) break;
        }

        BotTelemetry.Escalations.Add(1, new KeyValuePair<string, object?>("reason", request.Reason), new KeyValuePair<string, object?>("trigger", request.Trigger));
        if (cases is not null && entry.CaseNumber is not null)
        {
            await cases.EscalatedAsync(entry.CaseNumber, request.Reason, request.Trigger, request.Priority, ct);
            if (closedUntil is not null) await cases.TransitionAsync(entry.CaseNumber, Cases.CaseTransition.PromiseCallback, "bot", "outside service hours", ct);
        }

        if (closedUntil is { } opens)
        {
            var template = !entry.CallbackPromised ? HandoffTemplates.OutsideHoursNoCallback
                : entry.CaseNumber is null ? HandoffTemplates.OutsideHoursNoCase : HandoffTemplates.OutsideHours;
            await turn.SendActivityAsync(Message(template, locale, new()
            {
                ["caseNumber"] = entry.CaseNumber,
                ["opensAt"] = hours.Format(opens),
            }), ct);
        }
        else
        {
            var position = await store.QueuePositionAsync(conversationId, ct);
            await turn.SendActivityAsync(Message(HandoffTemplates.TakingOver, locale, WaitVariables(entry, position)), ct);
        }

        await turn.SendActivityAsync(await InitiateEventAsync(entry, ct), ct);
        await bus.PublishAsync(HandoffTopics.QueueChanged, conversationId, ct);
        return entry;
    }

    /// <summary>The standard hand-off event: value = context (case, reason, summary), plus the transcript so far.</summary>
    public async Task<Activity> InitiateEventAsync(HandoffEntry entry, CancellationToken ct = default)
    {
        var history = transcripts is null
            ? new List<Activity>()
            : (await transcripts.ReadAsync(TranscriptKey(entry), 0, 500, ct)).Select(e => e.Activity).ToList();
        var context = new JsonObject
        {
            ["case"] = new JsonObject
            {
                ["number"] = entry.CaseNumber,
                ["priority"] = entry.Priority,
                ["category"] = entry.Summary.Category,
                ["severity"] = entry.Summary.Severity,
                ["responsibility"] = entry.Summary.Responsibility,
            },
            ["reason"] = entry.Reason,
            ["trigger"] = entry.Trigger,
            ["summary"] = JsonSerializer.SerializeToNode(entry.Summary, ActivityJson.Options),
        };
        return new Activity
        {
            Type = ActivityTypes.Event,
            Name = InitiateEventName,
            Value = context,
            Attachments = new()
            {
                new Attachment
                {
                    ContentType = TranscriptContentType,
                    Name = "Transcript",
                    Content = new JsonObject { ["activities"] = JsonSerializer.SerializeToNode(history, ActivityJson.Options) },
                },
            },
        };
    }

    // ---------------------------------------------------------------- customer turns while people are involved

    /// <summary>
    /// Called for every inbound activity before the dialogs. True = handled here (the bot must not answer):
    /// a person owns the conversation, it is waiting in the queue, it is a <c>handoff.status</c> event, or it is the
    /// CSAT answer after an agent resolved the case.
    /// </summary>
    /// <summary>Where the entry's conversation keeps its transcript (<see cref="ConversationKey"/>).</summary>
    public static string TranscriptKey(HandoffEntry entry)
        => ConversationKey.Of(entry.Reference.ChannelId ?? entry.Summary.ChannelId ?? "unknown", entry.ConversationId);

    /// <summary>
    /// The queue is keyed by conversation id (the console's URLs use it), but a conversation is its channel AND id:
    /// a turn on another channel that happens to (or is made to) carry the same id is not this conversation.
    /// </summary>
    private static bool SameChannel(HandoffEntry entry, Activity activity)
        => entry.Reference.ChannelId is not { Length: > 0 } channel
           || string.Equals(channel, activity.ChannelId, StringComparison.OrdinalIgnoreCase);

    public async Task<bool> InterceptAsync(ITurnContext turn, CancellationToken ct = default)
    {
        var activity = turn.Activity;
        var conversationId = activity.Conversation?.Id;
        if (conversationId is null) return false;

        // A handoff.status arriving in a turn came from whoever can post to the conversation, the customer included
        // (a channel's token vouches for the channel, not the sender): never acted on. The contact centre reports
        // through ApplyStatusAsync, behind its own authentication (issue 14.3, docs/handoff.md).
        if (activity.Type == ActivityTypes.Event && activity.Name == StatusEventName) return true;
        if (activity.Type != ActivityTypes.Message) return false;

        var entry = await store.GetAsync(conversationId, ct);
        if (entry is null || !SameChannel(entry, activity)) return false;

        if (ConversationOwner.IsHuman(entry.Owner))
        {
            await RelayAsync(conversationId, "customer", activity, null, ct);
            return true;
        }
        if (entry.Owner == ConversationOwner.Queued)
        {
            await RelayAsync(conversationId, "customer", activity, null, ct);
            // "取消" / "start over" while nobody has taken it yet: out of the queue, and the bot handles the words.
            if (LeavesQueue(activity.Text) is { } note)
            {
                while (!await LeaveQueueAsync(turn, entry, note, ct))
                {
                    // Changed meanwhile: taken by an agent (who already has the words), or no longer waiting.
                    entry = await store.GetAsync(conversationId, ct);
                    if (entry is null || entry.Owner != ConversationOwner.Queued) return entry is not null && ConversationOwner.IsHuman(entry.Owner);
                }
                return false;
            }
            var position = await store.QueuePositionAsync(conversationId, ct);
            await turn.SendActivityAsync(Message(HandoffTemplates.StillWaiting, entry.Locale, WaitVariables(entry, position)), ct);
            return true;
        }
        if (entry.AwaitingCsat)
        {
            // A bare score is taken here; a score with words ("3, it took way too long") goes to the bot, which keeps
            // the words as the rating's comment (SettledCases).
            var score = CsatParser.Parse(activity.Text);
            entry.AwaitingCsat = false;
            if (!await store.TrySaveAsync(entry, ct)) return false; // someone else changed it meanwhile: let the bot answer normally
            if (score is null) return false;
            if (cases is not null && entry.CaseNumber is not null)
                await cases.CsatAsync(entry.CaseNumber, score.Value, ct);
            await turn.SendActivityAsync(Message(HandoffTemplates.CsatThanks, entry.Locale, new() { ["score"] = score }), ct);
            await bus.PublishAsync(HandoffTopics.QueueChanged, conversationId, ct);
            return true;
        }
        return false;
    }

    /// <summary>The case-history note when the message takes the customer out of the queue; null when it does not.</summary>
    private static string? LeavesQueue(string? text) => Nlu.KeywordRules.Default.Intent(text ?? "") switch
    {
        Nlu.Intent.Cancel => LeftQueueNotes.Cancelled,
        Nlu.Intent.StartOver => LeftQueueNotes.StartedOver,
        _ => null,
    };

    /// <summary>Gives the conversation back to the bot, closes the waiting case and tells the customer. False when the entry changed meanwhile.</summary>
    private async Task<bool> LeaveQueueAsync(ITurnContext turn, HandoffEntry entry, string note, CancellationToken ct)
    {
        entry.Owner = ConversationOwner.Bot;
        entry.CallbackPromised = false;
        entry.LeftQueueAt = clock.GetUtcNow();
        if (!await store.TrySaveAsync(entry, ct)) return false;
        if (cases is not null && entry.CaseNumber is not null) await cases.LeftQueueAsync(entry.CaseNumber, note, ct);
        await bus.PublishAsync(HandoffTopics.QueueChanged, entry.ConversationId, ct);
        await turn.SendActivityAsync(Message(HandoffTemplates.LeftQueue, entry.Locale, new() { ["caseNumber"] = entry.CaseNumber }), ct);
        return true;
    }

    /// <summary>
    /// A <c>handoff.status</c> from the authenticated contact centre: <c>accepted</c> (it answers now; the bot stays
    /// silent until <c>completed</c>, <c>failed</c> or <see cref="HandoffOptions.ExternalTimeout"/>), <c>failed</c>
    /// (call back promised) or <c>completed</c> (case resolved as "external", CSAT asked).
    /// </summary>
    public async Task<HandoffOutcome> ApplyStatusAsync(string conversationId, string? state, CancellationToken ct = default)
    {
        state = state?.Trim().ToLowerInvariant();
        if (state is not (ExternalStates.Accepted or ExternalStates.Failed or ExternalStates.Completed)) return HandoffOutcome.Invalid;
        var entry = await store.GetAsync(conversationId, ct);
        if (entry is null) return HandoffOutcome.NotFound;
        switch (state)
        {
            case ExternalStates.Accepted:
                if (entry.Owner != ConversationOwner.Queued) return HandoffOutcome.Conflict;
                entry.Owner = ConversationOwner.External;
                entry.TakenAt = clock.GetUtcNow();
                if (!await store.TrySaveAsync(entry, ct)) return HandoffOutcome.Conflict;
                await CaseTransitionAsync(entry, Cases.CaseTransition.TakeOver, "external", null, ct);
                await bus.PublishAsync(HandoffTopics.QueueChanged, conversationId, ct);
                return HandoffOutcome.Ok;
            case ExternalStates.Failed:
                if (entry.Owner is not (ConversationOwner.Queued or ConversationOwner.External)) return HandoffOutcome.Conflict;
                entry.Owner = ConversationOwner.Bot;
                PromiseCallback(entry);
                if (!await store.TrySaveAsync(entry, ct)) return HandoffOutcome.Conflict;
                await CaseTransitionAsync(entry, Cases.CaseTransition.PromiseCallback, "external", "external hand-off failed", ct);
                await SendToCustomerAsync(entry, CallbackMessage(entry), ct);
                await bus.PublishAsync(HandoffTopics.QueueChanged, conversationId, ct);
                return HandoffOutcome.Ok;
            default:
                if (entry.Owner is not (ConversationOwner.Queued or ConversationOwner.External)) return HandoffOutcome.Conflict;
                entry.Owner = ConversationOwner.Bot;
                // Without a case there is nothing to rate it on: the customer is told the conversation is closed.
                entry.AwaitingCsat = entry.CaseNumber is not null;
                if (!await store.TrySaveAsync(entry, ct)) return HandoffOutcome.Conflict;
                if (cases is not null && entry.CaseNumber is not null) await cases.ResolvedAsync(entry.CaseNumber, "external", null, ct, entry.Reference);
                await SendToCustomerAsync(entry, entry.AwaitingCsat ? CsatQuestion(entry) : Message(HandoffTemplates.Closed, entry.Locale, new() { ["agentName"] = null }), ct);
                await bus.PublishAsync(HandoffTopics.QueueChanged, conversationId, ct);
                return HandoffOutcome.Ok;
        }
    }

    /// <summary>The states of the Bot Framework hand-off protocol's <c>handoff.status</c> event.</summary>
    public static class ExternalStates
    {
        public const string Accepted = "accepted";
        public const string Failed = "failed";
        public const string Completed = "completed";
    }

    // ---------------------------------------------------------------- agent actions (outside customer turns)

    /// <summary>Exactly one of several agents taking the same waiting conversation at once gets <see cref="HandoffOutcome.Ok"/>.</summary>
    public async Task<HandoffOutcome> TakeOverAsync(string conversationId, HandoffAgent agent, CancellationToken ct = default)
    {
        var entry = await store.GetAsync(conversationId, ct);
        if (entry is null) return HandoffOutcome.NotFound;
        if (entry.Owner != ConversationOwner.Queued) return HandoffOutcome.Conflict;
        entry.Owner = ConversationOwner.Agent(agent.Id);
        entry.TakenAt = clock.GetUtcNow();
        entry.LastAgentId = agent.Id;
        if (!await store.TrySaveAsync(entry, ct)) return HandoffOutcome.Conflict;
        await CaseTransitionAsync(entry, Cases.CaseTransition.TakeOver, "agent:" + agent.Id, null, ct);
        BotTelemetry.QueueWait.Record((entry.TakenAt.Value - entry.EscalatedAt).TotalSeconds);
        await bus.PublishAsync(HandoffTopics.QueueChanged, conversationId, ct);
        await SendToCustomerAsync(entry, Message(HandoffTemplates.AgentJoined, entry.Locale, new() { ["agentName"] = agent.DisplayName, ["caseNumber"] = entry.CaseNumber }), ct);
        return HandoffOutcome.Ok;
    }

    public async Task<HandoffOutcome> SendAgentMessageAsync(string conversationId, HandoffAgent agent, string text, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(text)) return HandoffOutcome.Invalid;
        var entry = await store.GetAsync(conversationId, ct);
        if (entry is null) return HandoffOutcome.NotFound;
        if (entry.Owner != ConversationOwner.Agent(agent.Id)) return HandoffOutcome.Forbidden;
        if (entry.FirstAgentReplyAt is null)
        {
            entry.FirstAgentReplyAt = clock.GetUtcNow();
            await store.TrySaveAsync(entry, ct); // best effort: only the SLA mark
        }
        var message = Activity.CreateMessage(text.Trim());
        // Sent on the bot's side of the conversation (channels know only bot and user), in the agent's name; the widget
        // reads channelData.agent to show the name and the agent's own avatar.
        message.From = entry.Reference.Bot?.Clone() ?? new ChannelAccount();
        message.From.Name = agent.DisplayName;
        message.From.Role ??= "bot";
        message.ChannelData = new JsonObject { ["agent"] = new JsonObject { ["id"] = agent.Id, ["name"] = agent.DisplayName } };
        await SendToCustomerAsync(entry, message, ct);
        await RelayAsync(conversationId, "agent", message, agent.Id, ct);
        return HandoffOutcome.Ok;
    }

    public async Task<HandoffOutcome> HandBackAsync(string conversationId, HandoffAgent agent, HandBackMode mode, CancellationToken ct = default)
    {
        var entry = await store.GetAsync(conversationId, ct);
        if (entry is null) return HandoffOutcome.NotFound;
        if (!ConversationOwner.IsHuman(entry.Owner)) return HandoffOutcome.Conflict;
        if (entry.Owner != ConversationOwner.Agent(agent.Id) && !agent.IsSupervisor) return HandoffOutcome.Forbidden;
        // Remedies and the rating belong to a case; a conversation without one goes back to the bot's flow only.
        if (entry.CaseNumber is null && mode != HandBackMode.Resume) return HandoffOutcome.CaseRequired;
        // Handing back for the rating resolves the case: like Resolve it needs an outcome, here a remedy granted on it
        // (an outcome in words goes with Resolve, which asks for the rating too).
        if (mode == HandBackMode.Csat && !entry.Granted(entry.CaseNumber).Any())
            return HandoffOutcome.OutcomeRequired;
        entry.Owner = ConversationOwner.Bot;
        entry.AwaitingCsat = mode == HandBackMode.Csat;
        if (!await store.TrySaveAsync(entry, ct)) return HandoffOutcome.Conflict;
        // Handed back for the rating only: the agent has settled the case.
        if (mode == HandBackMode.Csat && cases is not null && entry.CaseNumber is not null)
            await cases.ResolvedAsync(entry.CaseNumber, agent.Id, null, ct, entry.Reference);
        else await CaseTransitionAsync(entry, Cases.CaseTransition.HandBack, "agent:" + agent.Id, mode.ToString(), ct);
        await bus.PublishAsync(HandoffTopics.QueueChanged, conversationId, ct);

        await sender.ContinueAsync(entry.Reference, async (turn, token) =>
        {
            await turn.SendActivityAsync(Message(HandoffTemplates.HandedBack, entry.Locale, new() { ["agentName"] = agent.DisplayName }), token);
            if (mode == HandBackMode.Csat)
            {
                await turn.SendActivityAsync(CsatQuestion(entry), token);
                return;
            }
            // The complaint flow continues from the chosen point: the host runs its resume event through the bot.
            turn.Activity.Name = ComplaintEvents.Resume;
            turn.Activity.Value = new JsonObject
            {
                ["at"] = mode == HandBackMode.Remedies ? ComplaintEvents.ResumeAt.Remedies : ComplaintEvents.ResumeAt.Flow,
                ["case"] = entry.CaseNumber,
            };
            if (ResumeBot is { } bot) await bot(turn, token);
        }, ct);
        return HandoffOutcome.Ok;
    }

    /// <summary>
    /// The agent opens the complaint case of a conversation handed over without one (the customer turned out to have a
    /// complaint): a complaint case with the agent's description, on the entry from now on; the customer is told its
    /// number. Only then does a case exist (and count on the dashboard).
    /// </summary>
    /// <returns><see cref="HandoffOutcome.Conflict"/> when the conversation has a case already (its number, when known) or
    /// another agent is opening one at this moment: nothing is created then.</returns>
    public async Task<(HandoffOutcome Outcome, string? CaseNumber)> OpenCaseAsync(string conversationId, HandoffAgent agent, string? description, CancellationToken ct = default)
    {
        description = description?.Trim();
        if (string.IsNullOrEmpty(description) || cases is null) return (HandoffOutcome.Invalid, null);
        var entry = await store.GetAsync(conversationId, ct);
        if (entry is null) return (HandoffOutcome.NotFound, null);
        if (!ConversationOwner.IsHuman(entry.Owner)) return (HandoffOutcome.Conflict, null);
        if (entry.Owner != ConversationOwner.Agent(agent.Id) && !agent.IsSupervisor) return (HandoffOutcome.Forbidden, null);
        // The claim is saved before the case exists: of two agents at the same instant, the second's save fails on the
        // version, it reads the claim (or the case) and is told so, and no second case is created only to be withdrawn.
        var now = clock.GetUtcNow();
        for (var attempt = 1; ; attempt++)
        {
            if (entry.CaseNumber is not null) return (HandoffOutcome.Conflict, entry.CaseNumber);
            if (entry.CaseOpening is { } claim && now - claim.At < CaseOpeningLapse) return (HandoffOutcome.Conflict, null);
            entry.CaseOpening = new CaseOpeningClaim(agent.Id, now);
            if (await store.TrySaveAsync(entry, ct)) break;
            entry = await store.GetAsync(conversationId, ct);
            if (entry is null) return (HandoffOutcome.NotFound, null);
            if (attempt >= SaveAttempts) return (HandoffOutcome.Conflict, null);
        }
        Cases.Case opened;
        try
        {
            opened = await cases.OpenedByAgentAsync(entry, description, agent.Id, ct);
        }
        catch
        {
            await ReleaseCaseOpeningAsync(conversationId, now, CancellationToken.None);
            throw;
        }
        for (var attempt = 1; ; attempt++)
        {
            entry.CaseNumber = opened.Number;
            entry.CaseOpening = null;
            entry.Summary.Facts.Add("description: " + description);
            entry.Summary.Category ??= opened.Category?.ToString();
            entry.Summary.Severity ??= opened.Severity.ToString();
            entry.Summary.Responsibility ??= opened.Responsibility.ToString();
            if (await store.TrySaveAsync(entry, ct)) break;
            // Changed meanwhile (the SLA mark of a first reply): read again; the claim keeps other agents out.
            entry = await store.GetAsync(conversationId, ct);
            if (entry is null || entry.CaseNumber is not null || attempt >= SaveAttempts)
            {
                // The entry went (erased) or could not be saved: the case cannot be tied to the conversation.
                await cases.TransitionAsync(opened.Number, Cases.CaseTransition.Withdraw, "agent:" + agent.Id, "conversation changed while its case was opened", ct);
                return (HandoffOutcome.Conflict, entry?.CaseNumber);
            }
        }
        await bus.PublishAsync(HandoffTopics.QueueChanged, conversationId, ct);
        await SendToCustomerAsync(entry, Message(HandoffTemplates.CaseOpened, entry.Locale, new() { ["caseNumber"] = opened.Number }), ct);
        return (HandoffOutcome.Ok, opened.Number);
    }

    /// <summary>A claim to open a case lapses after this (the attempt that made it failed without clearing it).</summary>
    private static readonly TimeSpan CaseOpeningLapse = TimeSpan.FromMinutes(1);

    private async Task ReleaseCaseOpeningAsync(string conversationId, DateTimeOffset claimedAt, CancellationToken ct)
    {
        for (var attempt = 1; attempt <= SaveAttempts; attempt++)
        {
            var entry = await store.GetAsync(conversationId, ct);
            if (entry?.CaseOpening?.At != claimedAt) return;
            entry.CaseOpening = null;
            if (await store.TrySaveAsync(entry, ct)) return;
        }
    }

    /// <summary>Set by the host: runs the bot for a <see cref="ComplaintEvents.Resume"/> turn (the dialogs resume or offer remedies).</summary>
    public BotCallback? ResumeBot { get; set; }

    /// <summary>
    /// The agent closes the case; the customer is asked for CSAT and the bot takes the answer. A conversation without a
    /// case is closed as it is: the customer is told, and the bot answers the next message as a first one.
    /// </summary>
    /// <returns><see cref="HandoffOutcome.OutcomeRequired"/> when the case got no remedy and the agent states no outcome.</returns>
    public async Task<HandoffOutcome> ResolveAsync(string conversationId, HandoffAgent agent, string? note, CancellationToken ct = default)
    {
        var entry = await store.GetAsync(conversationId, ct);
        if (entry is null) return HandoffOutcome.NotFound;
        if (!ConversationOwner.IsHuman(entry.Owner)) return HandoffOutcome.Conflict;
        if (entry.Owner != ConversationOwner.Agent(agent.Id) && !agent.IsSupervisor) return HandoffOutcome.Forbidden;
        if (entry.CaseNumber is null) return await CloseWithoutCaseAsync(entry, agent, ct);
        // A case is resolved by something: a remedy granted on it, or the outcome in the agent's words.
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (note is null && !entry.Granted(entry.CaseNumber).Any())
            return HandoffOutcome.OutcomeRequired;
        entry.Owner = ConversationOwner.Bot;
        entry.AwaitingCsat = true;
        if (!await store.TrySaveAsync(entry, ct)) return HandoffOutcome.Conflict;
        if (cases is not null && entry.CaseNumber is not null) await cases.ResolvedAsync(entry.CaseNumber, agent.Id, note, ct, entry.Reference);
        await bus.PublishAsync(HandoffTopics.QueueChanged, conversationId, ct);
        await SendToCustomerAsync(entry, CsatQuestion(entry), ct);
        return HandoffOutcome.Ok;
    }

    private async Task<HandoffOutcome> CloseWithoutCaseAsync(HandoffEntry entry, HandoffAgent agent, CancellationToken ct)
    {
        entry.Owner = ConversationOwner.Bot;
        entry.AwaitingCsat = false;
        if (!await store.TrySaveAsync(entry, ct)) return HandoffOutcome.Conflict;
        await bus.PublishAsync(HandoffTopics.QueueChanged, entry.ConversationId, ct);
        await SendToCustomerAsync(entry, Message(HandoffTemplates.Closed, entry.Locale, new() { ["agentName"] = agent.DisplayName }), ct);
        return HandoffOutcome.Ok;
    }

    /// <summary>Remedies an agent may apply (the console's kinds) → their word in <c>labels.remedy_word_*</c>.</summary>
    public static readonly IReadOnlyDictionary<string, string> RemedyWords = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["coupon"] = "coupon", ["partial_refund"] = "partial_refund", ["refund"] = "return_refund",
        ["reship"] = "reship", ["exchange"] = "exchange", ["compensation"] = "compensation",
    };
    public const string RemedyWordTemplate = "labels.remedy_word_";
    private const int SaveAttempts = 5;

    /// <summary>The console's kinds as the bot's remedy parts, so an agent's remedy is recorded and confirmed in the bot's terms.</summary>
    private static readonly IReadOnlyDictionary<string, RemedyKind> RemedyKinds = new Dictionary<string, RemedyKind>(StringComparer.Ordinal)
    {
        ["coupon"] = RemedyKind.Coupon, ["partial_refund"] = RemedyKind.PartialRefund, ["refund"] = RemedyKind.ReturnRefund,
        ["reship"] = RemedyKind.Reship, ["exchange"] = RemedyKind.Exchange, ["compensation"] = RemedyKind.Compensation,
    };

    /// <summary>
    /// Grants a remedy when the case's total stays within the agent's authority (a lead's: within theirs). The limits
    /// are per case, not per action: above the agent's the remedy is recorded as waiting for a lead
    /// (<see cref="HandoffOutcome.PendingApproval"/>) and the customer is told nothing until a lead approves it; above
    /// the lead's it is refused.
    /// </summary>
    public async Task<HandoffOutcome> ApplyRemedyAsync(string conversationId, HandoffAgent agent, string kind, decimal amount, string? note, CancellationToken ct = default)
    {
        if (!RemedyWords.ContainsKey(kind ?? "") || amount < 0) return HandoffOutcome.Invalid;
        // The console sends 0 for an empty amount field: a coupon, partial refund or compensation of nothing is no remedy
        // to confirm to the customer ("a ¥0 coupon").
        var part = RemedyKinds[kind!];
        if (amount == 0 && part is not (RemedyKind.Reship or RemedyKind.Exchange or RemedyKind.ReturnRefund)) return HandoffOutcome.AmountRequired;
        for (var attempt = 1; ; attempt++)
        {
            var entry = await store.GetAsync(conversationId, ct);
            if (entry is null) return HandoffOutcome.NotFound;
            if (entry.Owner != ConversationOwner.Agent(agent.Id) && !agent.IsSupervisor) return HandoffOutcome.Forbidden;
            // A remedy settles a complaint: with no case yet, the agent opens one first.
            if (entry.CaseNumber is null) return HandoffOutcome.CaseRequired;
            // A closed case never re-opens: nothing is granted on it (a lead may act on any conversation, a withdrawn one too).
            if (await CaseClosedAsync(entry.CaseNumber, ct)) return HandoffOutcome.Conflict;
            // A refund without an amount refunds the order: only when the order's amount is known (never "refund ¥0").
            if (amount == 0 && part == RemedyKind.ReturnRefund && (cases is null || await cases.OrderAmountAsync(entry.CaseNumber, ct) is not > 0))
                return HandoffOutcome.AmountRequired;
            var total = entry.AppliedTotal(entry.CaseNumber) + amount;
            if (total > options.SupervisorAuthority) return HandoffOutcome.Forbidden;
            var pending = !agent.IsSupervisor && total > options.AgentAuthority;
            var remedy = new AppliedRemedy(kind!, amount, agent.Id, clock.GetUtcNow(), note)
            {
                Id = Guid.NewGuid().ToString("N")[..12], CaseNumber = entry.CaseNumber,
                State = pending ? RemedyState.PendingApproval : RemedyState.Applied,
            };
            entry.Remedies.Add(remedy);
            // Another grant on this case meanwhile: read again, so the total includes it.
            if (!await store.TrySaveAsync(entry, ct))
            {
                if (attempt < SaveAttempts) continue;
                return HandoffOutcome.Conflict;
            }
            if (pending)
            {
                await bus.PublishAsync(HandoffTopics.QueueChanged, conversationId, ct);
                return HandoffOutcome.PendingApproval;
            }
            await GrantedAsync(entry, remedy, ct);
            return HandoffOutcome.Ok;
        }
    }

    /// <summary>
    /// A lead approves (the remedy is granted and the customer told, if the case's total stays within the lead's
    /// authority) or rejects (recorded; the customer was never promised it) a remedy waiting for approval.
    /// </summary>
    public async Task<HandoffOutcome> DecideRemedyAsync(string conversationId, string remedyId, HandoffAgent lead, bool approve, CancellationToken ct = default)
    {
        if (!lead.IsSupervisor) return HandoffOutcome.Forbidden;
        for (var attempt = 1; ; attempt++)
        {
            var entry = await store.GetAsync(conversationId, ct);
            var index = entry?.Remedies.FindIndex(r => r.Id == remedyId) ?? -1;
            if (entry is null || index < 0) return HandoffOutcome.NotFound;
            var asked = entry.Remedies[index];
            if (asked.State != RemedyState.PendingApproval) return HandoffOutcome.Conflict;
            // Closed meanwhile (withdrawn, or the follow-up confirmed it): it can still be rejected, never granted.
            if (approve && await CaseClosedAsync(asked.CaseNumber ?? entry.CaseNumber, ct)) return HandoffOutcome.Conflict;
            if (approve && entry.AppliedTotal(asked.CaseNumber) + asked.Amount > options.SupervisorAuthority) return HandoffOutcome.Forbidden;
            var decided = asked with
            {
                State = approve ? RemedyState.Applied : RemedyState.Rejected, DecidedBy = lead.Id, DecidedAt = clock.GetUtcNow(),
            };
            entry.Remedies[index] = decided;
            if (!await store.TrySaveAsync(entry, ct))
            {
                if (attempt < SaveAttempts) continue;
                return HandoffOutcome.Conflict;
            }
            if (approve) await GrantedAsync(entry, decided, ct);
            else await bus.PublishAsync(HandoffTopics.QueueChanged, conversationId, ct);
            return HandoffOutcome.Ok;
        }
    }

    /// <summary>
    /// A granted remedy: on the case with its steps, to the customer as the same written confirmation the bot sends
    /// (remedy in their language, steps with owner and deadline, hotline; without a case, one line naming it), to the consoles.
    /// </summary>
    private async Task GrantedAsync(HandoffEntry entry, AppliedRemedy remedy, CancellationToken ct)
    {
        var caseNumber = remedy.CaseNumber ?? entry.CaseNumber;
        var part = RemedyKinds[remedy.Kind];
        // Goods (reship, exchange) have no amount; a refund without one refunds the order.
        var option = new RemedyOption([new RemedyPart(part, part is RemedyKind.Reship or RemedyKind.Exchange || remedy.Amount == 0 ? null : remedy.Amount)]);
        var recorded = cases is not null && caseNumber is not null
            ? await cases.RemedyAppliedAsync(caseNumber, option, remedy.AgentId, entry.Locale, ct)
            : null;
        await SendToCustomerAsync(entry, recorded is { } r && written is not null
            ? written.Message(r.Case, option, r.Steps, entry.Locale)
            : Message(HandoffTemplates.RemedyApplied, entry.Locale, new()
            {
                ["kind"] = texts.Render(RemedyWordTemplate + RemedyWords[remedy.Kind], entry.Locale, new Dictionary<string, object?>()),
                ["amount"] = remedy.Amount, ["caseNumber"] = caseNumber,
            }), ct);
        await bus.PublishAsync(HandoffTopics.QueueChanged, entry.ConversationId, ct);
    }

    /// <summary>
    /// Conversations nobody took within <see cref="HandoffOptions.QueueTimeout"/>: the customer is promised a call back
    /// with the case number and the bot answers again. Returns how many timed out.
    /// </summary>
    public async Task<int> SweepTimeoutsAsync(CancellationToken ct = default)
    {
        var cutoff = clock.GetUtcNow() - options.QueueTimeout;
        var overdue = (await store.ListAsync(new HandoffListFilter(new[] { ConversationOwner.Queued }, EscalatedBefore: cutoff), ct)).ToList();
        // A contact centre that accepted and never reported back holds the conversation no longer than ExternalTimeout.
        var externalCutoff = clock.GetUtcNow() - options.ExternalTimeout;
        overdue.AddRange((await store.ListAsync(new HandoffListFilter(new[] { ConversationOwner.External }), ct))
            .Where(e => (e.TakenAt ?? e.EscalatedAt) <= externalCutoff));
        var count = 0;
        foreach (var entry in overdue)
        {
            var note = entry.Owner == ConversationOwner.External
                ? "the contact centre accepted but never completed in time" : "nobody took the conversation in time";
            entry.Owner = ConversationOwner.Bot;
            PromiseCallback(entry);
            if (!await store.TrySaveAsync(entry, ct)) continue; // taken meanwhile
            count++;
            await CaseTransitionAsync(entry, Cases.CaseTransition.PromiseCallback, "bot", note, ct);
            await bus.PublishAsync(HandoffTopics.QueueChanged, entry.ConversationId, ct);
            await SendToCustomerAsync(entry, CallbackMessage(entry), ct);
        }
        return count;
    }

    /// <summary>
    /// The call back the customer is told of (<see cref="CallbackVariables"/>): within the first-response SLA from now.
    /// None when nobody could keep it (<see cref="HandoffEntry.CanCallBack"/>).
    /// </summary>
    private void PromiseCallback(HandoffEntry entry)
    {
        if (!entry.CanCallBack) return;
        entry.CallbackPromised = true;
        entry.CallbackDueAt = clock.GetUtcNow() + options.FirstResponseSla;
        entry.CallbackDoneAt = null;
        entry.CallbackDoneBy = null;
    }

    /// <summary>What the customer is told when no person could take the conversation: the call back promised, or that none could be.</summary>
    private Activity CallbackMessage(HandoffEntry entry)
        => !entry.CallbackPromised ? Message(HandoffTemplates.NoAgentNoCallback, entry.Locale, new())
            : Message(entry.CaseNumber is null ? HandoffTemplates.CallbackPromiseNoCase : HandoffTemplates.CallbackPromise, entry.Locale, CallbackVariables(entry));

    /// <summary>Promised call backs not made yet, soonest deadline first (the console's call-back list).</summary>
    public async Task<IReadOnlyList<HandoffEntry>> OpenCallbacksAsync(CancellationToken ct = default)
        => (await store.ListAsync(HandoffListFilter.Callbacks, ct)).OrderBy(e => e.CallbackDueAt ?? DateTimeOffset.MaxValue).ToList();

    /// <summary>An agent or lead made the promised call back; <see cref="HandoffOutcome.Conflict"/> when none is owed.</summary>
    public async Task<HandoffOutcome> MarkCallbackDoneAsync(string conversationId, HandoffAgent agent, CancellationToken ct = default)
    {
        var entry = await store.GetAsync(conversationId, ct);
        if (entry is null) return HandoffOutcome.NotFound;
        if (!entry.CallbackOpen) return HandoffOutcome.Conflict;
        entry.CallbackDoneAt = clock.GetUtcNow();
        entry.CallbackDoneBy = agent.Id;
        if (!await store.TrySaveAsync(entry, ct)) return HandoffOutcome.Conflict;
        await bus.PublishAsync(HandoffTopics.QueueChanged, conversationId, ct);
        return HandoffOutcome.Ok;
    }

    /// <summary>Canned replies for the console, one per line of the locale's template.</summary>
    // The call back is promised within the first-response SLA, the one time frame the shop has committed to.
    private Dictionary<string, object?> CallbackVariables(HandoffEntry entry) => new()
    {
        ["caseNumber"] = entry.CaseNumber,
        ["minutes"] = (int)Math.Ceiling(options.FirstResponseSla.TotalMinutes),
    };

    public IReadOnlyList<string> QuickReplies(string locale)
        => texts.Render(HandoffTemplates.QuickReplies, locale, new Dictionary<string, object?>())
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    // ---------------------------------------------------------------- helpers

    private Task CaseTransitionAsync(HandoffEntry entry, Cases.CaseTransition transition, string actor, string? note, CancellationToken ct)
        => cases is not null && entry.CaseNumber is not null ? cases.TransitionAsync(entry.CaseNumber, transition, actor, note, ct) : Task.CompletedTask;

    private async Task<bool> CaseClosedAsync(string? caseNumber, CancellationToken ct)
        => cases is not null && caseNumber is not null && await cases.StatusAsync(caseNumber, ct) == Cases.CaseStatus.Closed;

    private Task SendToCustomerAsync(HandoffEntry entry, Activity activity, CancellationToken ct)
        => sender.ContinueAsync(entry.Reference, (turn, token) => turn.SendActivityAsync(activity, token), ct);

    private Task RelayAsync(string conversationId, string role, Activity activity, string? agentId, CancellationToken ct)
    {
        var message = new ConversationMessage(
            conversationId, role, activity.Text,
            (activity.Attachments ?? new()).Select(a => new RelayedAttachment(a.ContentType, a.ContentUrl, a.Name)).ToList(),
            activity.Timestamp ?? clock.GetUtcNow(), agentId);
        return bus.PublishAsync(HandoffTopics.Message, JsonSerializer.Serialize(message, ActivityJson.Options), ct);
    }

    private Dictionary<string, object?> WaitVariables(HandoffEntry entry, int position) => new()
    {
        ["position"] = Math.Max(position, 1),
        ["waitMinutes"] = Math.Max(1, (int)Math.Ceiling(Math.Max(position, 1) * options.AverageHandleTime.TotalMinutes)),
        ["caseNumber"] = entry.CaseNumber,
    };

    /// <summary>The rating question with 1–5 buttons, as the bot asks it at the end of its own flow.</summary>
    private Activity CsatQuestion(HandoffEntry entry)
    {
        var question = Message(HandoffTemplates.CsatQuestion, entry.Locale, new() { ["caseNumber"] = entry.CaseNumber });
        question.SuggestedActions = new SuggestedActions { Actions = CsatScores.Select(s => CardAction.ImBack(s)).ToList() };
        return question;
    }

    public static readonly IReadOnlyList<string> CsatScores = ["1", "2", "3", "4", "5"];

    private Activity Message(string template, string locale, Dictionary<string, object?> variables)
        => Activity.CreateMessage(texts.Render(template, locale, variables));

    private static string Locale(Activity a)
        => a.Locale is { } l && l.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en-US" : "zh-CN";
}

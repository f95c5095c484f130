using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Complaints;
using ComplaintBot.Dialogs.Handoff;
using ComplaintBot.Dialogs.Policy;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ComplaintBot.Dialogs.FollowUps;

/// <summary>What one dispatcher run did.</summary>
public sealed record FollowUpRun(int Sent, int Skipped, int Failed, int Retried);

/// <summary>
/// Sends the follow-ups that are due, each at most once, through the channel the conversation came from
/// (<see cref="IProactiveSender"/> → the adapter's ContinueConversationAsync with the stored reference). Follow-ups
/// of one conversation due within <see cref="FollowUpOptions.CombineWindow"/> of each other go out as one message.
/// A follow-up is claimed by saving the case with state Sending — the case version check lets exactly one of several
/// instances win — then sent, then recorded as sent in the case history. Skipped when a person owns (or the queue
/// holds) the conversation, or the case was escalated or reopened after it was scheduled. A claim whose sending never
/// finished (the instance stopped) is marked failed rather than sent again: the customer never gets it twice.
/// </summary>
public sealed class FollowUpDispatcher(
    ICaseStore cases,
    ComplaintMessages messages,
    ServiceHours hours,
    TimeProvider clock,
    IProactiveSender sender,
    IOptions<FollowUpOptions> options,
    IHandoffStore? handoff = null,
    PromiseGuardHook? guard = null,
    ILogger<FollowUpDispatcher>? logger = null)
{
    private readonly FollowUpOptions _o = options.Value;
    private readonly ILogger _log = (ILogger?)logger ?? NullLogger.Instance;

    /// <summary>Who claims (for the record, and to tell instances apart in the history).</summary>
    public string InstanceId { get; init; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    public async Task<FollowUpRun> RunDueAsync(CancellationToken ct = default)
    {
        int sent = 0, skipped = 0, failed = 0, retried = 0;
        var now = clock.GetUtcNow();
        // Also those due within the combine window, so that a conversation's follow-ups go out in one message.
        var candidates = await cases.DueFollowUpsAsync(now + _o.CombineWindow, _o.BatchSize, ct);
        foreach (var conversation in candidates.GroupBy(ConversationKey))
        {
            if (!conversation.Any(c => c.FollowUp!.PendingAt <= CaseFollowUp.Key(now))) continue; // none due yet
            var run = await ProcessConversationAsync(conversation.Select(c => c.Number).Order(StringComparer.Ordinal).ToList(), ct);
            sent += run.Sent; skipped += run.Skipped; failed += run.Failed; retried += run.Retried;
        }
        return new FollowUpRun(sent, skipped, failed, retried);
    }

    private static string ConversationKey(Case c)
        => $"{c.FollowUp!.Reference.ChannelId}|{c.FollowUp.Reference.Conversation?.Id ?? c.ConversationId}";

    private enum Outcome { None, Claimed, Skipped, Failed, Stop }

    /// <summary>
    /// The follow-ups of one conversation: each is claimed on its own (the case version decides between instances),
    /// in case-number order, and the claimed ones go out as one message. An instance that finds one of them claimed by
    /// another stops there, so two instances racing for the same conversation do not split it into two messages.
    /// </summary>
    private async Task<FollowUpRun> ProcessConversationAsync(IReadOnlyList<string> numbers, CancellationToken ct)
    {
        int skipped = 0, failed = 0;
        var claimed = new List<Case>();
        foreach (var number in numbers)
        {
            var (outcome, c) = await ClaimAsync(number, ct);
            if (outcome == Outcome.Stop) break;
            switch (outcome)
            {
                case Outcome.Claimed: claimed.Add(c!); break;
                case Outcome.Skipped: skipped++; break;
                case Outcome.Failed: failed++; break;
            }
        }
        if (claimed.Count == 0) return new FollowUpRun(0, skipped, failed, 0);

        // The freshest reference (service URL, conversation) of the cases going out.
        var reference = claimed.MaxBy(c => c.FollowUp!.ScheduledAt)!.FollowUp!.Reference;
        try
        {
            var message = claimed.Count == 1 ? Message(claimed[0]) : CombinedMessage(claimed);
            await sender.ContinueAsync(reference, async (turn, token) =>
            {
                guard?.Attach(turn);
                await turn.SendActivityAsync(message, token);
            }, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            int retried = 0;
            foreach (var c in claimed)
            {
                var f = c.FollowUp!;
                var last = f.Attempts >= _o.MaxAttempts;
                _log.LogWarning(ex, "Follow-up of case {Case} could not be sent (attempt {Attempt} of {Max})", c.Number, f.Attempts, _o.MaxAttempts);
                await UpdateAsync(c.Number, x =>
                {
                    if (last) Finish(x, FollowUpState.Failed, $"follow-up failed after {x.FollowUp!.Attempts} attempt(s): {ex.GetType().Name}", clock.GetUtcNow());
                    else
                    {
                        x.FollowUp!.State = FollowUpState.Scheduled;
                        x.FollowUp.PendingAt = CaseFollowUp.Key(clock.GetUtcNow() + _o.RetryDelay);
                    }
                }, ct);
                if (last) failed++; else retried++;
            }
            return new FollowUpRun(0, skipped, failed, retried);
        }

        foreach (var c in claimed)
        {
            var others = claimed.Where(o => o.Number != c.Number).Select(o => o.Number).ToList();
            var sentNote = "follow-up sent" + (c.FollowUp!.Note is null ? "" : " (" + c.FollowUp.Note + ")")
                + (others.Count == 0 ? "" : $" in one message with {string.Join(", ", others)}");
            await UpdateAsync(c.Number, x =>
            {
                x.FollowUp!.SentWith = others.Count == 0 ? null : others;
                Finish(x, FollowUpState.Sent, sentNote, clock.GetUtcNow());
            }, ct);
        }
        _log.LogInformation("Follow-up of case(s) {Cases} sent by {Instance}", string.Join(", ", claimed.Select(c => c.Number)), InstanceId);
        return new FollowUpRun(claimed.Count, skipped, failed, 0);
    }

    /// <summary>Looks at one follow-up: claims it for sending, or skips it, or gives up an interrupted claim.</summary>
    private async Task<(Outcome, Case?)> ClaimAsync(string number, CancellationToken ct)
    {
        var c = await cases.GetAsync(number, ct);
        var f = c?.FollowUp;
        var now = clock.GetUtcNow();
        if (c is null || f?.PendingAt is not { } pending || pending > CaseFollowUp.Key(now + _o.CombineWindow)) return (Outcome.None, c);

        if (f.State == FollowUpState.Sending)
        {
            if (pending > CaseFollowUp.Key(now)) return (Outcome.Stop, c); // another instance is sending right now
            // Its lease ran out: whoever claimed it stopped mid-way. It may or may not have reached the customer.
            var note = $"follow-up not confirmed as sent: sending by {f.ClaimedBy} was interrupted; not sent again";
            return (await TrySaveAsync(c, x => Finish(x, FollowUpState.Failed, note, now), ct) ? Outcome.Failed : Outcome.None, c);
        }
        if (f.State != FollowUpState.Scheduled)
        {
            await TrySaveAsync(c, x => x.FollowUp!.PendingAt = null, ct); // finished already: nothing left to look at
            return (Outcome.None, c);
        }

        if (await SkipReasonAsync(c, f, ct) is { } reason)
        {
            f.SkipReason = reason;
            return (await TrySaveAsync(c, x => Finish(x, FollowUpState.Skipped, "follow-up skipped: " + reason, now), ct) ? Outcome.Skipped : Outcome.None, c);
        }

        // The claim: only the instance whose save matches the version read above goes on to send.
        f.State = FollowUpState.Sending;
        f.ClaimedBy = InstanceId;
        f.ClaimedAt = now;
        f.Attempts++;
        f.PendingAt = CaseFollowUp.Key(now + _o.SendingTimeout);
        return await TrySaveAsync(c, _ => { }, ct) ? (Outcome.Claimed, c) : (Outcome.Stop, c);
    }

    private async Task<string?> SkipReasonAsync(Case c, CaseFollowUp f, CancellationToken ct)
    {
        if (handoff is not null && c.ConversationId.Length > 0 && await handoff.GetAsync(c.ConversationId, ct) is { } entry)
        {
            if (ConversationOwner.IsHuman(entry.Owner)) return $"a person owns the conversation ({entry.Owner})";
            if (entry.Owner == ConversationOwner.Queued) return "the conversation is waiting for a person";
        }
        if (c.Status is CaseStatus.Escalated or CaseStatus.WithAgent or CaseStatus.CallbackPending) return "the case was escalated";
        // Anything but progress towards closing since scheduling means the case went back into handling.
        if (c.History.FirstOrDefault(h => h.At > f.ScheduledAt && h.Status is not (CaseStatus.Executing or CaseStatus.Resolved or CaseStatus.Closed)) is { } back)
            return $"the case went back to {back.Status} at {hours.Format(back.At)}";
        return null;
    }

    private static void Finish(Case c, FollowUpState state, string note, DateTimeOffset now)
    {
        var f = c.FollowUp!;
        f.State = state;
        f.PendingAt = null;
        if (state == FollowUpState.Sent) f.SentAt = now;
        c.Note(now, note);
    }

    /// <summary>The follow-up text: case number, remedy, where it stands (next step and its deadline), how to answer.</summary>
    public Activity Message(Case c)
    {
        var locale = c.Locale;
        var now = clock.GetUtcNow();
        var next = !c.IsOpen ? null : c.Steps.Where(st => st.Deadline >= now).OrderBy(st => st.Deadline).FirstOrDefault();
        var message = messages.Message(locale, "followup.message", new
        {
            caseNumber = c.Number,
            remedy = RemedyText(c, locale),
            status = messages.StatusLabel(locale, c.Status),
            nextStep = next?.What,
            deadline = next is null ? null : hours.Format(next.Deadline),
        }, [messages.Text(locale, "followup.button_resolved"), messages.Text(locale, "followup.button_not_resolved")]);
        message.Locale = locale;
        return message;
    }

    /// <summary>
    /// One message for several cases of a conversation: each case with its product, remedy and where it stands, then
    /// how to answer (for all of them, or naming one).
    /// </summary>
    public Activity CombinedMessage(IReadOnlyList<Case> cases)
    {
        // The language of the conversation's latest case: the customer's most recent choice.
        var locale = cases.MaxBy(c => c.FollowUp?.ScheduledAt ?? c.CreatedAt)!.Locale;
        var now = clock.GetUtcNow();
        var items = cases.Select(c =>
        {
            var next = !c.IsOpen ? null : c.Steps.Where(st => st.Deadline >= now).OrderBy(st => st.Deadline).FirstOrDefault();
            return new Dictionary<string, object?>
            {
                ["caseNumber"] = c.Number,
                ["product"] = string.IsNullOrWhiteSpace(c.ProductName) ? null : c.ProductName,
                ["remedy"] = RemedyText(c, locale),
                ["status"] = messages.StatusLabel(locale, c.Status),
                ["nextStep"] = next?.What,
                ["deadline"] = next is null ? null : hours.Format(next.Deadline),
            };
        }).ToList();
        var message = messages.Message(locale, "followup.message_combined", new { count = cases.Count, cases = items },
            [messages.Text(locale, "followup.button_resolved"), messages.Text(locale, "followup.button_not_resolved")]);
        message.Locale = locale;
        return message;
    }

    private string? RemedyText(Case c, string locale)
    {
        if (string.IsNullOrWhiteSpace(c.RemedyChosen)) return null;
        try
        {
            return messages.RemedyLabel(locale, RemedyOption.Parse(c.RemedyChosen));
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            return c.RemedyChosen; // an agent's own wording (console "apply remedy")
        }
    }

    private async Task<bool> TrySaveAsync(Case c, Action<Case> change, CancellationToken ct)
    {
        change(c);
        c.UpdatedAt = clock.GetUtcNow();
        try
        {
            await cases.SaveAsync(c, ct);
            return true;
        }
        catch (CaseConflictException)
        {
            return false; // changed (or claimed) by someone else meanwhile: looked at again on the next run
        }
    }

    /// <summary>After the claim is ours: re-read and re-apply when the flow saved the case in between.</summary>
    private async Task UpdateAsync(string number, Action<Case> change, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var c = await cases.GetAsync(number, ct);
            if (c?.FollowUp is null) return;
            change(c);
            c.UpdatedAt = clock.GetUtcNow();
            try
            {
                await cases.SaveAsync(c, ct);
                return;
            }
            catch (CaseConflictException) when (attempt < 10) { }
        }
    }
}

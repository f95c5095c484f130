using System.Text.RegularExpressions;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Complaints;
using ComplaintBot.Dialogs.Runtime;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ComplaintBot.Dialogs.FollowUps;

/// <summary>
/// The customer's answer to a follow-up (the first message within <see cref="FollowUpOptions.ReplyWindow"/> after it
/// was sent): "还没收到" / "still not received" reopens the case and hands the conversation to a person; "谢谢" /
/// "all good, thanks" closes the case politely. Anything else goes to the complaint flow as usual. An answer to a
/// message about several cases applies to the ones it names (<see cref="FollowUpAnswerTargets"/>), else to all; the
/// ones not named stay open for a later answer.
/// </summary>
public sealed class FollowUpReplyInterceptor(
    IStatePropertyAccessor<ComplaintSession> sessions,
    ICaseStore cases,
    CaseRecorder recorder,
    ComplaintMessages messages,
    IHandoffRequester handoff,
    TimeProvider clock,
    IOptions<FollowUpOptions> options,
    ILogger<FollowUpReplyInterceptor>? logger = null) : ITurnInterceptor
{
    public const string ReopenTrigger = "follow-up:not-resolved";
    private readonly FollowUpOptions _o = options.Value;
    private readonly ILogger _log = (ILogger?)logger ?? NullLogger.Instance;
    private readonly PhraseSet _notResolved = new(options.Value.NotResolvedPhrases);
    private readonly PhraseSet _resolved = new(options.Value.ResolvedPhrases);
    private readonly FollowUpAnswerTargets _targets = new(options.Value.NotResolvedPhrases.Concat(options.Value.ResolvedPhrases));

    public enum Answer { None, Resolved, NotResolved }

    /// <summary>"Not resolved" wins when both match (还没收到 contains 收到; "not received" contains "received").</summary>
    public Answer Classify(string? text)
        => string.IsNullOrWhiteSpace(text) ? Answer.None
            : _notResolved.Matches(text) ? Answer.NotResolved
            : _resolved.Matches(text) ? Answer.Resolved
            : Answer.None;

    public async Task<bool> OnTurnAsync(DialogContext dc, CancellationToken ct)
    {
        var turn = dc.Context;
        if (turn.Activity.Type != ActivityTypes.Message || !_o.Enabled) return false;
        // The words first: most messages are no answer to a follow-up, and then no case needs reading.
        var answer = Classify(turn.Activity.Text);
        if (answer == Answer.None) return false;
        var session = await sessions.GetAsync(turn, ct);
        var awaiting = await AwaitingAnswerAsync(session, ct);
        if (awaiting.Count == 0) return false;

        // A combined follow-up: the answer is about the cases it names, else about all of them.
        var targets = _targets.Select(awaiting, turn.Activity.Text!);
        // The language the follow-up went out in: that of the latest-scheduled case in it.
        var locale = awaiting.MaxBy(c => c.FollowUp!.ScheduledAt)!.Locale;
        session.Locale ??= locale;
        var now = clock.GetUtcNow();
        if (answer == Answer.Resolved)
        {
            foreach (var target in targets)
                await recorder.UpdateAsync(target.Number, c =>
                {
                    Answered(c, "resolved", now);
                    if (!c.TryApply(CaseTransition.Close, now, "customer confirmed the outcome after the follow-up", "customer"))
                        c.Note(now, "customer confirmed the outcome after the follow-up", "customer");
                }, ct);
            await dc.CancelAllDialogsAsync(ct); // a leftover question (e.g. CSAT) is not asked again
            if (targets.Count == 1) await messages.SayAsync(turn, locale, "followup.closed", new { caseNumber = targets[0].Number }, ct);
            else await messages.SayAsync(turn, locale, "followup.closed_several", new { caseNumbers = List(locale, targets) }, ct);
            return true;
        }

        // Not resolved: back into handling, with a person this time. A closed case never re-opens: with nothing to
        // re-open, the message is a new complaint for the flow.
        targets = targets.Where(c => c.Allows(CaseTransition.Reopen)).ToList();
        if (targets.Count == 0) return false;
        var reason = $"customer after the follow-up: {turn.Activity.Text}";
        var reopened = new List<Case>();
        foreach (var target in targets)
            reopened.Add(await recorder.UpdateAsync(target.Number, c =>
            {
                Answered(c, "not-resolved", now);
                c.EscalationTrigger = ReopenTrigger;
                c.EscalationReason = reason;
                if (c.Priority < CasePriority.High) c.Priority = CasePriority.High;
                c.Apply(CaseTransition.Reopen, now, "reopened: " + reason, "customer");
            }, ct));
        await dc.CancelAllDialogsAsync(ct);
        foreach (var r in reopened.Where(r => session.Issues.All(i => i.CaseNumber != r.Number)))
            session.Issues.Add(IssueState.Of(r));
        session.Current = session.Issues.FindIndex(i => i.CaseNumber == reopened[0].Number);
        session.Escalated = true;
        _log.LogInformation("Case(s) {Cases} reopened after the follow-up; handing over to a person", string.Join(", ", reopened.Select(r => r.Number)));
        if (reopened.Count == 1) await messages.SayAsync(turn, locale, "followup.reopened", new { caseNumber = reopened[0].Number }, ct);
        else await messages.SayAsync(turn, locale, "followup.reopened_several", new { caseNumbers = List(locale, reopened) }, ct);
        // One person for the conversation: the request carries the first case, the reason names all of them.
        var handoffReason = reopened.Count == 1 ? reason : $"{reason} (cases {string.Join(", ", reopened.Select(r => r.Number))})";
        await handoff.RequestAsync(turn, new HandoffRequest(reopened[0], ReopenTrigger, handoffReason, false, locale, session.Mood), ct);
        return true;
    }

    /// <summary>
    /// The cases the customer's next message answers: those of the newest follow-up message of this conversation's
    /// complaint that was sent within the reply window and is still unanswered — one case, or the cases of a combined
    /// message (read through <see cref="CaseFollowUp.SentWith"/>, since the session only holds the latest complaint).
    /// </summary>
    private async Task<IReadOnlyList<Case>> AwaitingAnswerAsync(ComplaintSession session, CancellationToken ct)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var siblings = new List<string>();
        var awaiting = new List<Case>();
        foreach (var number in session.CaseNumbers.Where(seen.Add).ToList())
        {
            if (await cases.GetAsync(number, ct) is not { } c) continue;
            if (Awaiting(c)) awaiting.Add(c);
            // Cases that went out in the same message, answered or not: the others may still wait for an answer.
            if (c.FollowUp is { SentWith: { } with, SentAt: { } sent } && clock.GetUtcNow() - sent <= _o.ReplyWindow) siblings.AddRange(with);
        }
        foreach (var number in siblings.Where(seen.Add).ToList())
            if (await cases.GetAsync(number, ct) is { } c && Awaiting(c)) awaiting.Add(c);
        if (awaiting.Count == 0) return [];
        var newest = awaiting.MaxBy(c => c.FollowUp!.SentAt)!;
        return awaiting
            .Where(c => c == newest || (c.FollowUp!.SentAt == newest.FollowUp!.SentAt && newest.FollowUp.SentWith?.Contains(c.Number) == true))
            .OrderBy(c => c.Number, StringComparer.Ordinal).ToList();
    }

    private bool Awaiting(Case c)
        => c.FollowUp is { State: FollowUpState.Sent, RepliedAt: null, SentAt: { } sent } && clock.GetUtcNow() - sent <= _o.ReplyWindow;

    private string List(string locale, IReadOnlyList<Case> cases)
        => cases.Select(c => c.Number).Aggregate((a, b) => b == cases[^1].Number
            ? messages.Text(locale, "followup.list_last", new { a, b })
            : messages.Text(locale, "followup.list_more", new { a, b }));

    private static void Answered(Case c, string reply, DateTimeOffset now)
    {
        c.FollowUp!.Reply = reply;
        c.FollowUp.RepliedAt = now;
    }

    /// <summary>Chinese phrases match as substrings; Latin ones on word boundaries, case-insensitively.</summary>
    private sealed class PhraseSet(IEnumerable<string> phrases)
    {
        private readonly string[] _cjk = phrases.Where(p => !IsLatin(p)).ToArray();
        private readonly Regex? _latin = phrases.Where(IsLatin).ToArray() is { Length: > 0 } latin
            ? new Regex(@"(?<![\p{L}\p{N}])(" + string.Join("|", latin.OrderByDescending(p => p.Length).Select(p => Regex.Escape(p.Trim()).Replace(@"\ ", @"\s+"))) + @")(?![\p{L}\p{N}])",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)
            : null;

        public bool Matches(string text)
            => _cjk.Any(p => text.Contains(p, StringComparison.Ordinal)) || (_latin?.IsMatch(text.Replace('’', '\'')) ?? false);

        private static bool IsLatin(string p) => p.All(ch => ch < 0x2E80);
    }
}

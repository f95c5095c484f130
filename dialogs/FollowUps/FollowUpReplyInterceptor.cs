using System.Text.RegularExpressions;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Complaints;
using ComplaintBot.Dialogs.Runtime;
using ComplaintBot.Dialogs.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ComplaintBot.Dialogs.FollowUps;

/// <summary>
/// The customer's answer to a follow-up (the first message within <see cref="FollowUpOptions.ReplyWindow"/> after it
/// was sent): "还没收到" / "still not received" reopens the case and hands the conversation to a person; "谢谢" /
/// "all good, thanks" closes the case politely. Anything else goes to the complaint flow as usual.
/// </summary>
public sealed class FollowUpReplyInterceptor(ComplaintServices s, IOptions<FollowUpOptions> options) : ITurnInterceptor
{
    public const string ReopenTrigger = "follow-up:not-resolved";
    private readonly FollowUpOptions _o = options.Value;
    private readonly PhraseSet _notResolved = new(options.Value.NotResolvedPhrases);
    private readonly PhraseSet _resolved = new(options.Value.ResolvedPhrases);

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
        var session = await s.SessionAsync(turn, ct);
        var awaiting = await AwaitingAnswerAsync(session, ct);
        if (awaiting is null) return false;
        var answer = Classify(turn.Activity.Text);
        if (answer == Answer.None) return false;

        var locale = awaiting.Locale;
        session.Locale ??= locale;
        var now = s.Now;
        var recorder = new CaseRecorder(s);
        if (answer == Answer.Resolved)
        {
            await recorder.UpdateAsync(awaiting.Number, c =>
            {
                Answered(c, "resolved", now);
                if (c.Status == CaseStatus.Closed) c.Note(now, "customer confirmed the outcome after the follow-up", "customer");
                else c.MoveTo(CaseStatus.Closed, now, "customer confirmed the outcome after the follow-up", "customer");
            }, ct);
            await dc.CancelAllDialogsAsync(ct); // a leftover question (e.g. CSAT) is not asked again
            await s.SayAsync(turn, locale, "followup.closed", new { caseNumber = awaiting.Number }, ct);
            return true;
        }

        // Not resolved: back into handling, with a person this time.
        var reason = $"customer after the follow-up: {turn.Activity.Text}";
        var reopened = await recorder.UpdateAsync(awaiting.Number, c =>
        {
            Answered(c, "not-resolved", now);
            c.ClosedAt = null;
            c.EscalationTrigger = ReopenTrigger;
            c.EscalationReason = reason;
            if (c.Priority < CasePriority.High) c.Priority = CasePriority.High;
            c.MoveTo(CaseStatus.Escalated, now, "reopened: " + reason, "customer");
        }, ct);
        await dc.CancelAllDialogsAsync(ct);
        if (session.Issues.All(i => i.CaseNumber != reopened.Number))
            session.Issues.Add(new IssueState { CaseNumber = reopened.Number, ProductName = reopened.ProductName, Sku = reopened.ProductSku });
        session.Current = session.Issues.FindIndex(i => i.CaseNumber == reopened.Number);
        session.Escalated = true;
        s.Log.LogInformation("Case {Case} reopened after the follow-up; handing over to a person", reopened.Number);
        await s.SayAsync(turn, locale, "followup.reopened", new { caseNumber = reopened.Number }, ct);
        await s.Handoff.RequestAsync(turn, new HandoffRequest(reopened, ReopenTrigger, reason, false, locale, session.Mood), ct);
        return true;
    }

    /// <summary>The newest case of this conversation whose follow-up was sent and is still unanswered.</summary>
    private async Task<Case?> AwaitingAnswerAsync(ComplaintSession session, CancellationToken ct)
    {
        Case? best = null;
        foreach (var number in session.CaseNumbers.Distinct())
        {
            var c = await s.Cases.GetAsync(number, ct);
            if (c?.FollowUp is { State: FollowUpState.Sent, RepliedAt: null, SentAt: { } sent } && s.Now - sent <= _o.ReplyWindow
                && (best is null || sent > best.FollowUp!.SentAt))
                best = c;
        }
        return best;
    }

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

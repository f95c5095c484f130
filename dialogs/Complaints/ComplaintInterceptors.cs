using System.Text.Json.Nodes;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Runtime;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.Text;

namespace ComplaintBot.Dialogs.Complaints;

/// <summary>Attaches the promise guard to every turn, so nothing the bot sends carries vague words or impossible promises.</summary>
public sealed class PromiseGuardInterceptor(PromiseGuardHook hook) : ITurnInterceptor
{
    public Task<bool> OnTurnAsync(DialogContext dc, CancellationToken ct)
    {
        hook.Attach(dc.Context);
        return Task.FromResult(false);
    }
}

/// <summary>
/// Handles the <see cref="ComplaintEvents.Resume"/> event another area sends when a person hands the conversation
/// back: value { "at": "flow" | "remedies" | "csat", "case": optional case number }.
/// </summary>
public sealed class ComplaintResumeInterceptor(
    IStatePropertyAccessor<ComplaintSession> sessions, ICaseStore cases, CaseRecorder recorder, ComplaintMessages messages, TimeProvider clock) : ITurnInterceptor
{
    public async Task<bool> OnTurnAsync(DialogContext dc, CancellationToken ct)
    {
        var a = dc.Context.Activity;
        if (a.Type != ActivityTypes.Event || a.Name != ComplaintEvents.Resume) return false;
        var at = (a.Value as JsonObject)?["at"]?.GetValue<string>() ?? ComplaintEvents.ResumeAt.Flow;
        var caseNumber = (a.Value as JsonObject)?["case"]?.GetValue<string>();
        var session = await sessions.GetAsync(dc.Context, ct);
        session.Escalated = false;
        session.Mood.NotUnderstoodStreak = 0;
        if (caseNumber is not null && session.Issues.All(i => i.CaseNumber != caseNumber) && await cases.GetAsync(caseNumber, ct) is { } c)
        {
            session.Locale ??= c.Locale;
            session.OrderNumber ??= c.OrderNumber;
            session.Proof ??= OrderProof.Of(c);
            session.Issues.Add(IssueState.Of(c));
            session.Current = session.Issues.Count - 1;
        }
        // The bot has the conversation again (the hand-off area records this too when an agent hands back; taken once).
        if (caseNumber is not null && await cases.GetAsync(caseNumber, ct) is { } handed && handed.Allows(Cases.CaseTransition.HandBack))
            await recorder.UpdateAsync(caseNumber, c => c.TryApply(Cases.CaseTransition.HandBack, clock.GetUtcNow(), at), ct);
        switch (at)
        {
            case ComplaintEvents.ResumeAt.Csat:
            case ComplaintEvents.ResumeAt.Remedies:
                await dc.CancelAllDialogsAsync(ct);
                await dc.BeginDialogAsync(DialogIds.Root, new ComplaintStart { Mode = at == ComplaintEvents.ResumeAt.Csat ? ComplaintStart.Modes.Csat : ComplaintStart.Modes.Remedies }, ct);
                break;
            default:
                if (dc.ActiveDialog is not null) await dc.RepromptDialogAsync(ct);
                else await messages.SayAsync(dc.Context, session.Locale ?? LocaleResolver.Chinese, "greeting.welcome", ct: ct);
                break;
        }
        return true;
    }
}

using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Handoff;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.State;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintBot.Tests.Agents;

/// <summary>
/// Puts escalated conversations straight into a running bot's stores (case, queue entry, a short transcript), as the
/// complaint flow would have left them, so console tests need no customer browser.
/// </summary>
public static class ConsoleSeed
{
    public sealed record Waiting(string ConversationId, Case Case, string CustomerText, string Locale = "zh-CN",
        string Trigger = "policy:anger", TimeSpan? WaitingFor = null, double Anger = 0.8);

    public static async Task<Case> QueueAsync(IServiceProvider services, Waiting w)
    {
        var cases = services.GetRequiredService<ICaseStore>();
        var handoff = services.GetRequiredService<HandoffService>();
        var clock = services.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow();
        var escalatedAt = now - (w.WaitingFor ?? TimeSpan.FromMinutes(1));

        w.Case.ConversationId = w.ConversationId;
        w.Case.Locale = w.Locale;
        w.Case.EscalationTrigger = w.Trigger;
        w.Case.Status = CaseStatus.Escalated;
        w.Case.FirstResponseDue ??= escalatedAt + handoff.Options.FirstResponseSla;
        w.Case.ResolutionDue ??= escalatedAt + TimeSpan.FromHours(24);
        var saved = await cases.CreateAsync(w.Case);

        var customer = new Activity
        {
            Type = ActivityTypes.Message, Id = Guid.NewGuid().ToString("N"), Text = w.CustomerText, Locale = w.Locale,
            ChannelId = "directline", ServiceUrl = "http://127.0.0.1/seed", Timestamp = escalatedAt,
            Conversation = new ConversationAccount { Id = w.ConversationId },
            From = new ChannelAccount { Id = "customer-" + w.ConversationId, Role = "user" },
            Recipient = new ChannelAccount { Id = "complaintbot", Role = "bot" },
        };
        if (services.GetService<ITranscriptStore>() is { } transcripts) await transcripts.AppendAsync(ComplaintBot.Dialogs.Schema.ConversationKey.Of(customer)!, customer);

        var summary = HandoffSummaries.FromCase(saved, null);
        summary.Anger = w.Anger;
        summary.AngerCurve = [w.Anger / 2, w.Anger];
        summary.AngerTrend = w.Anger / 2;
        var entry = new HandoffEntry
        {
            ConversationId = w.ConversationId,
            Owner = ConversationOwner.Queued,
            CaseNumber = saved.Number,
            Priority = (int)saved.Priority,
            Reason = w.Trigger,
            Trigger = w.Trigger,
            EscalatedAt = escalatedAt,
            SlaDueAt = escalatedAt + handoff.Options.FirstResponseSla,
            Reference = customer.GetConversationReference(),
            Locale = w.Locale,
            Summary = summary,
        };
        if (!await handoff.Store.TrySaveAsync(entry)) throw new InvalidOperationException("queue entry not saved: " + w.ConversationId);
        return saved;
    }

    /// <summary>A conversation handed over with no case (a bare request for a person): a queue entry and its transcript only.</summary>
    public static async Task QueueWithoutCaseAsync(IServiceProvider services, string conversationId, string customerText, string locale = "zh-CN")
    {
        var handoff = services.GetRequiredService<HandoffService>();
        var escalatedAt = services.GetRequiredService<TimeProvider>().GetUtcNow() - TimeSpan.FromMinutes(1);
        var customer = new Activity
        {
            Type = ActivityTypes.Message, Id = Guid.NewGuid().ToString("N"), Text = customerText, Locale = locale,
            ChannelId = "directline", ServiceUrl = "http://127.0.0.1/seed", Timestamp = escalatedAt,
            Conversation = new ConversationAccount { Id = conversationId },
            From = new ChannelAccount { Id = "customer-" + conversationId, Role = "user" },
            Recipient = new ChannelAccount { Id = "complaintbot", Role = "bot" },
        };
        if (services.GetService<ITranscriptStore>() is { } transcripts) await transcripts.AppendAsync(ComplaintBot.Dialogs.Schema.ConversationKey.Of(customer)!, customer);
        var entry = new HandoffEntry
        {
            ConversationId = conversationId, Owner = ConversationOwner.Queued, Priority = (int)CasePriority.Normal,
            Reason = "customer asked for a person", Trigger = "human-request", EscalatedAt = escalatedAt,
            SlaDueAt = escalatedAt + handoff.Options.FirstResponseSla, Reference = customer.GetConversationReference(), Locale = locale,
        };
        if (!await handoff.Store.TrySaveAsync(entry)) throw new InvalidOperationException("queue entry not saved: " + conversationId);
    }
}

using System.Diagnostics;
using Activity = ComplaintBot.Dialogs.Schema.Activity;
using System.Net.Http.Json;
using System.Text.Json;
using ComplaintBot.Dialogs.Schema;

namespace ComplaintBot.Bench;

/// <summary>
/// One simulated customer: complaint → order number → wish → yes → remedy, the same shape as the peer bot's
/// waterfall, then a fresh conversation. Whatever the bot asks, a suggested action (first one) is taken when
/// offered; otherwise the next scripted line is sent.
/// </summary>
public sealed class CustomerScript(int customer, HttpClient http, Uri url, LoadStats stats)
{
    private static readonly string[] Lines =
    [
        "My parcel arrived broken and the box was crushed, I am not happy.",
        "The order number is 20261124001",
        "I would like a replacement please",
        "yes",
        "Replacement",
    ];

    private readonly string _runId = Guid.NewGuid().ToString("N")[..6];

    public async Task RunAsync(Func<bool> measuring, CancellationToken stop)
    {
        var conversation = 0;
        while (!stop.IsCancellationRequested)
        {
            var conversationId = $"bench-{_runId}-{customer}-{conversation++}";
            CardAction? offered = null;
            var completed = true;
            foreach (var line in Lines)
            {
                if (stop.IsCancellationRequested) return;
                var text = offered is null ? line : offered.Value?.ToString() ?? offered.Title ?? line;
                var (ok, replies, elapsed) = await TurnAsync(conversationId, text, stop);
                if (stop.IsCancellationRequested) return;
                if (measuring()) stats.Record(customer, elapsed, ok);
                if (!ok)
                {
                    completed = false;
                    break; // start over on a fresh conversation rather than talk past an error
                }
                offered = replies.LastOrDefault(r => r.SuggestedActions?.Actions.Count > 0)?.SuggestedActions!.Actions[0];
            }
            if (completed && measuring()) stats.ConversationDone();
        }
    }

    private async Task<(bool Ok, List<Activity> Replies, double Ms)> TurnAsync(string conversationId, string text, CancellationToken stop)
    {
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            Id = Guid.NewGuid().ToString("N"),
            ChannelId = "webchat",
            ServiceUrl = "http://127.0.0.1:9/",
            Conversation = new ConversationAccount { Id = conversationId },
            From = new ChannelAccount { Id = $"customer-{customer}", Name = $"Customer {customer}" },
            Recipient = new ChannelAccount { Id = "complaintbot", Name = "ComplaintBot" },
            Locale = "en-US",
            Text = text,
            Timestamp = DateTimeOffset.UtcNow,
            DeliveryMode = DeliveryModes.ExpectReplies,
        };
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.PostAsJsonAsync(url, activity, ActivityJson.Options, stop);
            var body = await response.Content.ReadAsByteArrayAsync(stop);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (!response.IsSuccessStatusCode) return (false, [], elapsed);
            var replies = body.Length == 0 ? null : JsonSerializer.Deserialize<ExpectedReplies>(body, ActivityJson.Options);
            return (true, replies?.Activities ?? [], elapsed);
        }
        catch (Exception) // network errors count as errors; cancellation at the end is dropped by the caller
        {
            return (false, [], Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}

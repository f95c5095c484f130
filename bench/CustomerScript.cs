using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using ComplaintBot.Dialogs.Schema;
using Activity = ComplaintBot.Dialogs.Schema.Activity;

namespace ComplaintBot.Bench;

/// <summary>
/// One simulated customer over /api/messages with deliveryMode=expectReplies: walks <see cref="ComplaintScript"/>
/// on a conversation of its own, then starts a fresh conversation, until stopped. After an error it starts over on a
/// fresh conversation rather than talk past it.
/// </summary>
public sealed class CustomerScript(int customer, HttpClient http, Uri url, ComplaintScript script, LoadStats stats)
{
    private readonly string _runId = Guid.NewGuid().ToString("N")[..6];

    /// <summary>The id this customer sends as <c>from.id</c>.</summary>
    public string UserId => $"customer-{_runId}-{customer}";

    /// <summary>The conversation <see cref="TraceAsync"/> talks in.</summary>
    public string TraceConversationId => $"trace-{_runId}-{script.Language}";

    public async Task RunAsync(Func<bool> measuring, CancellationToken stop)
    {
        var conversation = 0;
        while (!stop.IsCancellationRequested)
        {
            var conversationId = $"bench-{_runId}-{script.Language}-{customer}-{conversation++}";
            List<Activity> replies = [];
            var completed = true;
            for (var step = 0; step < script.Steps.Count; step++)
            {
                if (stop.IsCancellationRequested) return;
                var (ok, received, elapsed) = await TurnAsync(conversationId, script.Steps[step].TextAfter(replies), stop);
                if (stop.IsCancellationRequested) return;
                if (measuring()) stats.Record(customer, step, elapsed, ok);
                if (!ok)
                {
                    completed = false;
                    break;
                }
                replies = received;
            }
            if (completed && measuring()) stats.ConversationDone();
        }
    }

    /// <summary>Walks the script once on a fresh conversation and returns what was said, for <c>bench -- trace</c>.</summary>
    public async Task<List<(string Said, List<Activity> Replies)>> TraceAsync(CancellationToken ct)
    {
        var conversationId = TraceConversationId;
        var exchange = new List<(string, List<Activity>)>();
        List<Activity> replies = [];
        foreach (var step in script.Steps)
        {
            var text = step.TextAfter(replies);
            var (ok, received, _) = await TurnAsync(conversationId, text, ct);
            if (!ok) throw new HttpRequestException($"The server refused or failed the turn \"{text}\".");
            exchange.Add((text, received));
            replies = received;
        }
        return exchange;
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
            From = new ChannelAccount { Id = UserId, Name = $"Customer {customer}" },
            Recipient = new ChannelAccount { Id = "complaintbot", Name = "ComplaintBot" },
            Locale = script.Locale,
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
        catch (Exception) when (!stop.IsCancellationRequested) // network errors count as errors
        {
            return (false, [], Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception) // cancelled at the end: dropped by the caller
        {
            return (false, [], 0);
        }
    }
}

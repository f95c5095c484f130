using System.Net;
using Microsoft.AspNetCore.Http;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Tests.Channels.BotFramework;
using ComplaintBot.Tests.Complaints;
using ComplaintBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintBot.Tests.FollowUps;

/// <summary>
/// The follow-up on the Bot Framework channel (Teams, Azure Web Chat): the real host and complaint flow over
/// /api/messages; when due, the background service posts the follow-up to the conversation's Connector service URL
/// (a local HTTP server here) as a new activity in the conversation.
/// </summary>
public sealed class FollowUpBotFrameworkTests : IAsyncLifetime
{
    private readonly ManualClock _clock = new(ComplaintHarness.OfficeHours);
    private LocalHttpServer _connector = null!;
    private BotFrameworkApp _app = null!;

    public async Task InitializeAsync()
    {
        _connector = await LocalHttpServer.StartAsync();
        _app = new BotFrameworkApp(new() { ["FollowUp:PollInterval"] = "00:00:00.200" }, realBot: true,
            services: s => s.AddSingleton<TimeProvider>(_clock));
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        await _connector.DisposeAsync();
    }

    /// <summary>The dispatcher records the send right after the channel took the message: wait for that record (60 s safety net, not a timing assertion).</summary>
    internal static async Task<Case> SettledAsync(ICaseStore cases, string number)
    {
        var patience = Task.Delay(TimeSpan.FromSeconds(60));
        while (true)
        {
            var c = (await cases.GetAsync(number))!;
            if (c.FollowUp?.State != FollowUpState.Sending || patience.IsCompleted) return c;
            await Task.Delay(20);
        }
    }

    private async Task<string> SayAsync(string text)
    {
        var message = BotFrameworkApp.Message(text, "bf-conv-1", "webchat", _connector.BaseUrl + "/");
        var response = await _app.PostAsync(message);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return string.Join("\n", (await BotFrameworkApp.RepliesAsync(response)).Select(a => a.Text));
    }

    [Fact]
    public async Task When_due_the_follow_up_is_posted_to_the_connector_of_the_conversation_once()
    {
        await SayAsync("My mug from order SO10000001 arrived broken, I want an exchange");
        await SayAsync(Complaints.ComplaintHarness.Last4("SO10000001")); // proves the order (issue 13.10)
        await SayAsync("Yes, that's right");
        Assert.Contains("How satisfied", await SayAsync("1"));
        var cases = _app.Services.GetRequiredService<ICaseStore>();
        var k = Assert.Single(await cases.QueryAsync(new CaseQuery(ConversationId: "bf-conv-1")));
        Assert.Equal(FollowUpState.Scheduled, k.FollowUp!.State);
        Assert.Empty(_connector.Requests); // every reply so far came back in the HTTP response

        _clock.Advance(TimeSpan.FromHours(4));
        var deadline = Task.Delay(TimeSpan.FromSeconds(60)); // safety net, not an assertion on timing
        while (_connector.Requests.IsEmpty && !deadline.IsCompleted) await Task.Delay(50);

        var request = Assert.Single(_connector.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v3/conversations/bf-conv-1/activities", request.Path);
        var sent = ActivityJson.Parse(request.Body)!;
        Assert.Contains(k.Number, sent.Text);
        Assert.Contains("follow-up", sent.Text);
        Assert.Equal("user-1", sent.Recipient?.Id);
        Assert.Equal(FollowUpState.Sent, (await SettledAsync(cases, k.Number)).FollowUp!.State);

        // The customer answers in the same conversation: closed politely.
        Assert.Contains($"Complaint {k.Number} is now closed", await SayAsync("All good, thanks"));
        Assert.Equal(CaseStatus.Closed, (await cases.GetAsync(k.Number))!.Status);
    }

    [Fact]
    public async Task A_follow_up_the_connector_refuses_is_not_recorded_as_sent_and_the_customer_gets_no_apology_for_it()
    {
        await SayAsync("My mug from order SO10000001 arrived broken, I want an exchange");
        await SayAsync(Complaints.ComplaintHarness.Last4("SO10000001")); // proves the order (issue 13.10)
        await SayAsync("Yes, that's right");
        await SayAsync("1");
        var cases = _app.Services.GetRequiredService<ICaseStore>();
        var k = Assert.Single(await cases.QueryAsync(new CaseQuery(ConversationId: "bf-conv-1")));
        // The conversation is gone on the channel's side (404 is not retried by the connector client).
        _connector.Respond = (_, _) => Task.FromResult(Results.NotFound());

        _clock.Advance(TimeSpan.FromHours(4));
        var deadline = Task.Delay(TimeSpan.FromSeconds(60)); // safety net, not an assertion on timing
        while ((await cases.GetAsync(k.Number))!.FollowUp!.Attempts == 0 && !deadline.IsCompleted) await Task.Delay(50);
        var after = await SettledAsync(cases, k.Number);

        // The dispatcher heard of the failure (to retry later), so the case does not claim the customer was written to.
        Assert.NotEqual(FollowUpState.Sent, after.FollowUp!.State);
        Assert.DoesNotContain(after.History, h => h.Note?.Contains("follow-up sent", StringComparison.Ordinal) == true);
        // Only the follow-up was tried: a proactive turn has no customer message to apologise for.
        Assert.All(_connector.Requests, r => Assert.Contains(k.Number, ActivityJson.Parse(r.Body)!.Text));
    }
}

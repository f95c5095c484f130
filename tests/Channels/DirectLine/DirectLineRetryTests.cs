using System.Text.Json.Nodes;

namespace ComplaintBot.Tests.Channels.DirectLine;

/// <summary>
/// Issue 17.1 on Direct Line: a client that did not hear back re-posts the activity with the same clientActivityID.
/// The retry gets the id the first post got, and the conversation shows the message and its reply once.
/// </summary>
public sealed class DirectLineRetryTests(DirectLineTestServer fixture) : IClassFixture<DirectLineTestServer>
{
    [Fact]
    public async Task A_retry_with_the_same_client_activity_id_is_answered_with_the_first_id_and_runs_no_second_turn()
    {
        using var http = fixture.Server.CreateClient();
        var (conversationId, token, _) = await http.StartAsync();

        var first = await http.PostMessageAsync(conversationId, token, "parcel broken", clientActivityId: "client-1");
        var retry = await http.PostMessageAsync(conversationId, token, "parcel broken", clientActivityId: "client-1");
        var other = await http.PostMessageAsync(conversationId, token, "parcel broken", clientActivityId: "client-2");

        Assert.Equal(first, retry);
        Assert.NotEqual(first, other);
        var (activities, _) = await http.GetActivitiesAsync(conversationId, token);
        var texts = activities.Select(a => a!["text"]?.GetValue<string>()).ToList();
        // The message twice (two distinct client ids), its echo twice: the retry added neither.
        Assert.Equal(2, texts.Count(t => t == "parcel broken"));
        Assert.Equal(2, texts.Count(t => t == EchoBot.EchoOf("parcel broken", "en-US")));
        Assert.Single(activities, a => a!["id"]?.GetValue<string>() == first);
    }

    [Fact]
    public async Task Concurrent_posts_with_one_client_activity_id_run_one_turn()
    {
        using var http = fixture.Server.CreateClient();
        var (conversationId, token, _) = await http.StartAsync();

        var ids = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => http.PostMessageAsync(conversationId, token, "box crushed", clientActivityId: "same")));

        Assert.Single(ids.Distinct());
        var (activities, _) = await http.GetActivitiesAsync(conversationId, token);
        Assert.Single(activities, a => a!["text"]?.GetValue<string>() == "box crushed");
        Assert.Single(activities, a => a!["text"]?.GetValue<string>() == EchoBot.EchoOf("box crushed", "en-US"));
    }
}

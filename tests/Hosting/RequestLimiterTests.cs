using System.Net;
using ComplaintBot.Bot.Hosting;
using ComplaintBot.Tests.Complaints;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace ComplaintBot.Tests.Hosting;

/// <summary>
/// The limits decided by method and path (<see cref="RequestLimiter"/>; the end-to-end refusals are in
/// <see cref="RateLimitTests"/>): with a thousand Direct Line customers the counters hold only the conversations
/// and addresses of the current windows, and nothing runs between requests.
/// </summary>
public sealed class RequestLimiterTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static HttpContext Post(string path, string ip = "127.0.0.1")
    {
        var http = new DefaultHttpContext();
        http.Request.Method = HttpMethods.Post;
        http.Request.Path = path;
        http.Connection.RemoteIpAddress = IPAddress.Parse(ip);
        return http;
    }

    [Fact]
    public void Conversations_and_addresses_whose_window_ended_are_forgotten()
    {
        var clock = new ManualClock(Start);
        var limiter = new RequestLimiter(Options.Create(new RateLimitOptions()), clock);
        for (var i = 0; i < 1000; i++)
        {
            Assert.Null(limiter.Check(Post($"/v3/directline/conversations/conv-{i}/activities")));
            Assert.Null(limiter.Check(Post("/v3/directline/conversations", $"10.0.{i / 250}.{i % 250}")));
        }
        Assert.Equal(3 * 1000, limiter.Tracked); // a conversation each, and each address counted as minting and as new conversations

        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(limiter.Check(Post("/v3/directline/conversations/conv-new/activities")));
        Assert.Null(limiter.Check(Post("/v3/directline/conversations", "10.9.9.9")));

        Assert.Equal(3, limiter.Tracked); // each limit forgets its ended windows at its next check
    }

    [Fact]
    public void Reads_and_other_paths_count_to_no_limit()
    {
        var limiter = new RequestLimiter(Options.Create(new RateLimitOptions { MessagesPerConversation = new WindowLimit(1, TimeSpan.FromMinutes(1)) }), new ManualClock(Start));
        for (var i = 0; i < 5; i++)
        {
            var get = Post("/v3/directline/conversations/a/activities");
            get.Request.Method = HttpMethods.Get;
            Assert.Null(limiter.Check(get));
            Assert.Null(limiter.Check(Post("/api/messages")));
            Assert.Null(limiter.Check(Post("/v3/directline/conversations/a/other")));
        }
        Assert.Equal(0, limiter.Tracked);
    }
}

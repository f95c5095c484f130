using ComplaintBot.Bot.Hosting;
using ComplaintBot.Tests.Complaints;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ComplaintBot.Tests.Hosting;

/// <summary>
/// The per-conversation message limit of /api/messages, checked on every turn (the end-to-end refusals are in
/// <see cref="RateLimitTests"/>): counted per conversation in fixed windows, without allocating on a warm check, and
/// forgetting conversations whose window has ended.
/// </summary>
[Collection(nameof(Performance.AllocationCounting))]
public sealed class ConversationMessageLimiterTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static ConversationMessageLimiter Limiter(int permits, TimeProvider? clock = null)
        => new(Options.Create(new RateLimitOptions { MessagesPerConversation = new WindowLimit(permits, TimeSpan.FromMinutes(1)) }), clock);

    [Fact]
    public void A_warm_check_of_a_known_conversation_allocates_nothing()
    {
        var limiter = Limiter(1_000_000);
        string channel = "webchat", conversation = "conv-" + Guid.NewGuid().ToString("N");
        for (var i = 0; i < 10; i++) Assert.Null(limiter.TryAcquire(channel, conversation));

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++) Assert.Null(limiter.TryAcquire(channel, conversation));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated == 0, $"{allocated} bytes allocated by 1,000 checks");
    }

    [Fact]
    public async Task The_permits_of_one_conversation_run_out_within_its_window_and_come_back_after_it()
    {
        var clock = new ManualClock(Start);
        var limiter = Limiter(3, clock);

        for (var i = 0; i < 3; i++) Assert.Null(limiter.TryAcquire("webchat", "a"));
        clock.Advance(TimeSpan.FromSeconds(20));
        var refused = limiter.TryAcquire("webchat", "a");
        Assert.NotNull(refused);
        Assert.Null(limiter.TryAcquire("webchat", "b")); // another conversation goes on
        Assert.Null(limiter.TryAcquire("msteams", "a")); // the same id on another channel is another conversation

        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        http.Response.Body = new MemoryStream();
        await refused.ExecuteAsync(http);
        Assert.Equal(429, http.Response.StatusCode);
        Assert.Equal("40", http.Response.Headers.RetryAfter.ToString()); // what is left of the conversation's window

        clock.Advance(TimeSpan.FromSeconds(40));
        Assert.Null(limiter.TryAcquire("webchat", "a"));
    }

    [Fact]
    public void Conversations_whose_window_ended_are_forgotten()
    {
        var clock = new ManualClock(Start);
        var limiter = Limiter(30, clock);
        for (var i = 0; i < 500; i++) limiter.TryAcquire("webchat", "old-" + i);
        Assert.Equal(500, limiter.Tracked);

        clock.Advance(TimeSpan.FromMinutes(2));
        limiter.TryAcquire("webchat", "new");

        Assert.Equal(1, limiter.Tracked);
    }
}

using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.Turns;

namespace ComplaintBot.Tests.Runtime;

/// <summary>The key and re-entrancy check shared by the in-process and the PostgreSQL turn locks.</summary>
public sealed class ConversationLockScopeTests
{
    private static Activity Turn(string? conversationId, string channel = "directline") => new()
    {
        Type = ActivityTypes.Message,
        ChannelId = channel,
        Conversation = conversationId is null ? null : new ConversationAccount { Id = conversationId },
    };

    [Fact]
    public void The_key_is_channel_and_conversation_and_a_turn_without_a_conversation_locks_nothing()
    {
        var scope = new ConversationLockScope();
        Assert.Equal("directline/c1", scope.KeyToAcquire(Turn("c1")));
        Assert.Equal("msteams/c1", scope.KeyToAcquire(Turn("c1", "msteams")));
        Assert.Null(scope.KeyToAcquire(Turn(null)));
    }

    [Fact]
    public async Task A_held_key_is_skipped_below_the_holder_and_free_again_for_its_caller()
    {
        var scope = new ConversationLockScope();
        string? inside = "unset", other = "unset";

        async Task HoldAsync()
        {
            var key = scope.KeyToAcquire(Turn("c1"))!;
            scope.Enter(key);
            await Task.Yield();
            inside = scope.KeyToAcquire(Turn("c1"));
            other = scope.KeyToAcquire(Turn("c2"));
        }

        await HoldAsync();
        Assert.Null(inside);                  // a nested turn of the same conversation passes through
        Assert.Equal("directline/c2", other); // another conversation still locks
        Assert.Equal("directline/c1", scope.KeyToAcquire(Turn("c1"))); // the mark did not leak to the caller
    }

    [Fact]
    public async Task Each_lock_tracks_only_what_it_holds_itself()
    {
        var first = new ConversationLockScope();
        var second = new ConversationLockScope();
        string? seenBySecond = null;

        async Task HoldAsync()
        {
            first.Enter(first.KeyToAcquire(Turn("c1"))!);
            await Task.Yield();
            seenBySecond = second.KeyToAcquire(Turn("c1"));
        }

        await HoldAsync();
        Assert.Equal("directline/c1", seenBySecond);
    }

    [Fact]
    public async Task Concurrent_flows_do_not_see_each_others_marks()
    {
        var scope = new ConversationLockScope();
        var entered = new TaskCompletionSource();
        var release = new TaskCompletionSource();

        var holder = Task.Run(async () =>
        {
            scope.Enter(scope.KeyToAcquire(Turn("c1"))!);
            entered.SetResult();
            await release.Task;
        });
        await entered.Task;
        Assert.Equal("directline/c1", scope.KeyToAcquire(Turn("c1")));
        release.SetResult();
        await holder;
    }
}

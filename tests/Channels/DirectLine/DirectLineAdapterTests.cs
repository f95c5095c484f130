using ComplaintBot.Bot.Channels.DirectLine;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Dialogs.Turns;

namespace ComplaintBot.Tests.Channels.DirectLine;

/// <summary>The adapter writes the activity log itself only when no transcript logger does; never twice.</summary>
public sealed class DirectLineAdapterTests
{
    private static Activity Incoming(string conversationId) => new()
    {
        Type = ActivityTypes.Message,
        Id = DirectLineAdapter.NewActivityId(),
        Text = "hi",
        ChannelId = DirectLineAdapter.ChannelId,
        Conversation = new ConversationAccount { Id = conversationId },
        From = new ChannelAccount { Id = "dl_u", Role = "user" },
        Recipient = new ChannelAccount { Id = "complaintbot", Role = "bot" },
    };

    private static async Task<IReadOnlyList<TranscriptEntry>> RunOneTurnAsync(bool withLogger)
    {
        var store = new MemoryTranscriptStore();
        var middleware = withLogger ? new IMiddleware[] { new TranscriptLoggerMiddleware(store) } : Array.Empty<IMiddleware>();
        var adapter = new DirectLineAdapter(middleware, store, new InProcessNotificationBus(), TimeProvider.System);
        Assert.Equal(!withLogger, adapter.LogsItself);
        await adapter.ProcessActivityAsync(Incoming("c1"), (turn, ct) => turn.SendActivityAsync("reply", ct), CancellationToken.None);
        return await store.ReadAsync(DirectLineAdapter.TranscriptKey("c1"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Each_turn_logs_the_incoming_activity_and_the_reply_exactly_once_with_ids(bool withLogger)
    {
        var log = await RunOneTurnAsync(withLogger);
        Assert.Equal(new[] { "hi", "reply" }, log.Select(e => e.Activity.Text).ToArray());
        Assert.All(log, e => Assert.False(string.IsNullOrEmpty(e.Activity.Id)));
        Assert.Equal(log[0].Activity.Id, log[1].Activity.ReplyToId);
        Assert.Equal(DirectLineAdapter.ChannelId, log[1].Activity.ChannelId);
    }

    [Fact]
    public async Task Replies_publish_a_notification_on_the_conversation_topic()
    {
        var store = new MemoryTranscriptStore();
        var bus = new InProcessNotificationBus();
        var heard = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var _ = bus.Subscribe(DirectLineAdapter.Topic("c2"), async p =>
        {
            var entries = await store.ReadAsync(DirectLineAdapter.TranscriptKey("c2"));
            if (entries.Any(e => e.Activity.Text == "proactive")) heard.TrySetResult(entries.Count);
        });
        var adapter = new DirectLineAdapter(new IMiddleware[] { new TranscriptLoggerMiddleware(store) }, store, bus, TimeProvider.System);
        await adapter.ContinueConversationAsync(new ConversationReference
        {
            ChannelId = DirectLineAdapter.ChannelId,
            Conversation = new ConversationAccount { Id = "c2" },
        }, (turn, ct) => turn.SendActivityAsync("proactive", ct));
        Assert.Equal(1, await heard.Task.WaitAsync(TimeSpan.FromSeconds(30))); // the proactive trigger event is not logged
    }
    /// <summary>
    /// Web Chat holds an activity whose replyToId it has not seen for up to 5 s (its reply-ordering wait), so a
    /// proactive message (agent reply, CSAT question) must not point at the hidden ContinueConversation event.
    /// </summary>
    [Fact]
    public async Task A_proactive_message_carries_no_replyToId_of_the_hidden_trigger_event()
    {
        var store = new MemoryTranscriptStore();
        var adapter = new DirectLineAdapter(new IMiddleware[] { new TranscriptLoggerMiddleware(store) }, store, new InProcessNotificationBus(), TimeProvider.System);
        await adapter.ProcessActivityAsync(Incoming("c3"), (turn, ct) => turn.SendActivityAsync("reply", ct), CancellationToken.None);
        var reference = (await store.ReadAsync(DirectLineAdapter.TranscriptKey("c3")))[0].Activity.GetConversationReference();

        await adapter.ContinueConversationAsync(reference, (turn, ct) => turn.SendActivityAsync("agent says hi", ct));

        var log = await store.ReadAsync(DirectLineAdapter.TranscriptKey("c3"));
        var proactive = Assert.Single(log, e => e.Activity.Text == "agent says hi").Activity;
        Assert.Null(proactive.ReplyToId);
        // Replies inside customer turns still answer the customer's activity.
        Assert.Equal(log[0].Activity.Id, log.Single(e => e.Activity.Text == "reply").Activity.ReplyToId);
    }
}

using System.Runtime.CompilerServices;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.Turns;

namespace ComplaintBot.Tests.Support;

/// <summary>
/// An in-memory channel for tests: feeds user activities through the middleware and the bot, and collects the
/// bot's replies. Two styles:
/// <code>
/// var replies = await adapter.SendAsync("hi");                     // replies of that turn
/// await adapter.Send("hi").AssertReply("Hello!").Send("x").AssertReplyContains("order");  // fluent
/// </code>
/// Turns run to completion inside SendAsync, so there is no waiting or timing involved.
/// </summary>
public sealed class TestAdapter : BotAdapter
{
    private readonly BotCallback _logic;
    private readonly object _gate = new();
    private readonly List<Activity> _replies = new();
    private int _nextId;

    public TestAdapter(IBot bot) : this((ctx, ct) => bot.OnTurnAsync(ctx, ct)) { }

    public TestAdapter(BotCallback logic) => _logic = logic;

    public string ChannelId { get; init; } = "test";
    public string ConversationId { get; init; } = "conv-" + Guid.NewGuid().ToString("N")[..8];
    public string UserId { get; init; } = "user1";
    public string BotId { get; init; } = "bot";
    public string? Locale { get; init; } = "en-US";
    public string ServiceUrl { get; init; } = "https://test.invalid/";

    /// <summary>Every activity the bot sent, in order, across all turns.</summary>
    public IReadOnlyList<Activity> Replies
    {
        get { lock (_gate) return _replies.ToList(); }
    }

    public new TestAdapter Use(IMiddleware middleware)
    {
        base.Use(middleware);
        return this;
    }

    /// <summary>A message from the user on this adapter's conversation.</summary>
    public Activity MakeMessage(string? text) => Stamp(new Activity { Type = ActivityTypes.Message, Text = text });

    /// <summary>Fills in id, addressing and timestamp where the test left them empty.</summary>
    public Activity Stamp(Activity a)
    {
        a.Type ??= ActivityTypes.Message;
        a.Id ??= "in-" + Interlocked.Increment(ref _nextId);
        a.ChannelId ??= ChannelId;
        a.ServiceUrl ??= ServiceUrl;
        a.Conversation ??= new ConversationAccount { Id = ConversationId };
        a.From ??= new ChannelAccount { Id = UserId, Role = "user" };
        a.Recipient ??= new ChannelAccount { Id = BotId, Role = "bot" };
        a.Locale ??= Locale;
        a.Timestamp ??= DateTimeOffset.UtcNow;
        return a;
    }

    public Task<IReadOnlyList<Activity>> SendAsync(string text, CancellationToken ct = default) => SendAsync(MakeMessage(text), ct);

    /// <summary>Runs one turn and returns the activities the bot sent during it.</summary>
    public async Task<IReadOnlyList<Activity>> SendAsync(Activity activity, CancellationToken ct = default)
    {
        var context = new TurnContext(this, Stamp(activity));
        var mine = new List<Activity>();
        context.TurnState[TurnRepliesKey] = mine;
        await RunPipelineAsync(context, _logic, ct);
        lock (_gate) return mine.ToList();
    }

    /// <summary>A proactive turn on this conversation (as an agent reply or a follow-up would run).</summary>
    public Task ContinueAsync(BotCallback callback, CancellationToken ct = default)
        => ContinueConversationAsync(MakeMessage(null).GetConversationReference(), callback, ct);

    public TestFlow Send(string text) => new TestFlow(this).Send(text);
    public TestFlow Send(Activity activity) => new TestFlow(this).Send(activity);

    private const string TurnRepliesKey = "TestAdapter.TurnReplies";

    public override Task<IReadOnlyList<ResourceResponse>> SendActivitiesAsync(ITurnContext turnContext, IReadOnlyList<Activity> activities, CancellationToken ct)
    {
        var responses = new List<ResourceResponse>();
        lock (_gate)
        {
            var turnReplies = turnContext.TurnState.TryGetValue(TurnRepliesKey, out var o) ? o as List<Activity> : null;
            foreach (var a in activities)
            {
                a.Id ??= "out-" + Interlocked.Increment(ref _nextId);
                _replies.Add(a);
                turnReplies?.Add(a);
                responses.Add(new ResourceResponse { Id = a.Id });
            }
        }
        return Task.FromResult<IReadOnlyList<ResourceResponse>>(responses);
    }

    public override Task<ResourceResponse> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken ct)
    {
        lock (_gate)
        {
            var i = _replies.FindIndex(r => r.Id == activity.Id);
            if (i >= 0) _replies[i] = activity;
        }
        return Task.FromResult(new ResourceResponse { Id = activity.Id });
    }
}

/// <summary>
/// A scripted exchange: each Send runs a turn; each AssertReply checks the next unread reply. Await the flow to run it.
/// </summary>
public sealed class TestFlow
{
    private readonly TestAdapter _adapter;
    private readonly List<Func<Queue<Activity>, Task>> _steps = new();

    internal TestFlow(TestAdapter adapter) => _adapter = adapter;

    public TestFlow Send(string text) => Send(_adapter.MakeMessage(text));

    public TestFlow Send(Activity activity)
    {
        _steps.Add(async pending =>
        {
            foreach (var reply in await _adapter.SendAsync(activity)) pending.Enqueue(reply);
        });
        return this;
    }

    public TestFlow AssertReply(string expectedText)
        => AssertReply(a => Assert.Equal(expectedText, a.Text), $"reply \"{expectedText}\"");

    public TestFlow AssertReplyContains(string fragment)
        => AssertReply(a => Assert.Contains(fragment, a.Text ?? ""), $"reply containing \"{fragment}\"");

    public TestFlow AssertReply(Action<Activity> check, string? description = null)
    {
        _steps.Add(pending =>
        {
            Assert.True(pending.Count > 0, $"Expected {description ?? "a reply"}, but the bot sent nothing more.");
            check(pending.Dequeue());
            return Task.CompletedTask;
        });
        return this;
    }

    /// <summary>All replies so far have been checked (nothing unexpected was sent).</summary>
    public TestFlow AssertNoReply()
    {
        _steps.Add(pending =>
        {
            Assert.True(pending.Count == 0, $"Expected no more replies, got: {string.Join(" | ", pending.Select(p => p.Text))}");
            return Task.CompletedTask;
        });
        return this;
    }

    public async Task StartTestAsync()
    {
        var pending = new Queue<Activity>();
        foreach (var step in _steps) await step(pending);
    }

    public TaskAwaiter GetAwaiter() => StartTestAsync().GetAwaiter();
}

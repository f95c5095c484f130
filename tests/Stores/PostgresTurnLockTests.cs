using ComplaintBot.Bot.Stores;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Tests.Support;
using Microsoft.Extensions.Options;

namespace ComplaintBot.Tests.Stores;

/// <summary>The cross-instance turn lock on a real PostgreSQL server.</summary>
public sealed class PostgresTurnLockTests : IAsyncLifetime
{
    private readonly PostgresTestSchema _schema = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _schema.DisposeAsync().AsTask();

    [PostgresFact]
    public async Task A_proactive_turn_started_inside_a_turn_of_the_same_conversation_passes_the_lock()
    {
        // A short lock timeout: if the inner turn asked the database for the lock its outer turn holds, it would fail.
        var options = _schema.Options;
        options.TurnLockTimeoutSeconds = 2;
        var turnLock = new PostgresTurnLock(_schema.NewInstance(), Options.Create(options));
        TestAdapter? adapter = null;
        adapter = new TestAdapter(async (turn, ct) =>
        {
            if (turn.Activity.Type == ActivityTypes.Message)
                await adapter!.ContinueAsync((inner, ct2) => inner.SendActivityAsync("proactive", ct2), ct);
        }).Use(turnLock);

        await adapter.SendAsync("trigger");
        Assert.Equal("proactive", Assert.Single(adapter.Replies).Text);

        // The lock was released with the outer turn: the next turn of the conversation gets it.
        await adapter.SendAsync("again");
        Assert.Equal(2, adapter.Replies.Count);
    }
}

using System.Collections.Concurrent;
using ComplaintBot.Tests.Support;
using Npgsql;

namespace ComplaintBot.Tests.Stores;

/// <summary>Two bus instances on one database stand in for two bot instances behind a load balancer.</summary>
public sealed class PostgresNotificationBusTests : IAsyncLifetime
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);   // only stops a broken build from hanging
    private readonly PostgresTestSchema _schema = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _schema.DisposeAsync().AsTask();

    [PostgresFact]
    public async Task PublishOnOneInstanceReachesSubscribersOnTheOther()
    {
        var a = await _schema.StartBusAsync();
        var b = await _schema.StartBusAsync();
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var _ = b.Subscribe("agent.queue", p => { received.TrySetResult(p); return Task.CompletedTask; });

        await a.PublishAsync("agent.queue", "case-42");

        Assert.Equal("case-42", await received.Task.WaitAsync(Guard));
    }

    [PostgresFact]
    public async Task LocalSubscriberGetsItsOwnInstancesPublishOnceAndOtherTopicsNever()
    {
        var a = await _schema.StartBusAsync();
        var b = await _schema.StartBusAsync();
        var seen = new ConcurrentQueue<string>();
        var own = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var marker = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var sub = a.Subscribe("conv.c1", p =>
        {
            seen.Enqueue(p);
            (p == "marker" ? marker : own).TrySetResult();
            return Task.CompletedTask;
        });

        await a.PublishAsync("conv.c1", "own");
        await own.Task.WaitAsync(Guard);
        await b.PublishAsync("conv.c2", "other-topic");
        // PostgreSQL delivers notifications to a listener in commit order: once b's marker is here, a's own echo
        // and b's other-topic notice have been processed too.
        await b.PublishAsync("conv.c1", "marker");
        await marker.Task.WaitAsync(Guard);

        Assert.Equal(new[] { "marker", "own" }, seen.Order());
    }

    [PostgresFact]
    public async Task PayloadLargerThanTheNotifyLimitStillArrives()
    {
        var a = await _schema.StartBusAsync();
        var b = await _schema.StartBusAsync();
        var big = string.Concat(Enumerable.Repeat("投诉内容-complaint ", 1200));   // ~25 KB of UTF-8
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var _ = b.Subscribe("big", p => { received.TrySetResult(p); return Task.CompletedTask; });

        await a.PublishAsync("big", big);

        Assert.Equal(big, await received.Task.WaitAsync(Guard));
    }

    [PostgresFact]
    public async Task ListenerReconnectsAfterItsConnectionIsKilled()
    {
        var a = await _schema.StartBusAsync();
        var b = await _schema.StartBusAsync();
        var generation = b.ListenGeneration;

        await using (var admin = NpgsqlDataSource.Create(PostgresTestSchema.ConnectionString))
        await using (var kill = admin.CreateCommand("SELECT pg_terminate_backend(@pid)"))
        {
            kill.Parameters.AddWithValue("pid", b.ListenerProcessId);
            Assert.True((bool)(await kill.ExecuteScalarAsync())!);
        }
        await b.WhenListeningAsync(generation + 1).WaitAsync(Guard);

        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var _ = b.Subscribe("after.reconnect", p => { received.TrySetResult(p); return Task.CompletedTask; });
        await a.PublishAsync("after.reconnect", "still-here");

        Assert.Equal("still-here", await received.Task.WaitAsync(Guard));
    }

    [PostgresFact]
    public async Task A_reconnected_listener_tells_local_subscribers_to_re_read_at_once()
    {
        // Issue 17.5: what other instances announced while the listener was down is lost; a Direct Line stream waiting
        // for its topic re-reads on this signal instead of at its next keep-alive tick.
        var b = await _schema.StartBusAsync();
        var resync = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var _ = b.Subscribe(ComplaintBot.Dialogs.State.NotificationTopics.Resync, p => { resync.TrySetResult(p); return Task.CompletedTask; });
        Assert.False(resync.Task.IsCompleted, "no resync before anything was lost");

        await using (var admin = NpgsqlDataSource.Create(PostgresTestSchema.ConnectionString))
        await using (var kill = admin.CreateCommand("SELECT pg_terminate_backend(@pid)"))
        {
            kill.Parameters.AddWithValue("pid", b.ListenerProcessId);
            Assert.True((bool)(await kill.ExecuteScalarAsync())!);
        }

        await resync.Task.WaitAsync(Guard);
        Assert.True(b.ListenGeneration >= 2);
    }

    [PostgresFact]
    public async Task DisposedSubscriptionReceivesNothingMore()
    {
        var a = await _schema.StartBusAsync();
        var b = await _schema.StartBusAsync();
        var seen = new ConcurrentQueue<string>();
        var marker = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sub = b.Subscribe("t", p => { seen.Enqueue(p); first.TrySetResult(); return Task.CompletedTask; });
        using var watcher = b.Subscribe("t", p => { if (p == "marker") marker.TrySetResult(); return Task.CompletedTask; });

        await a.PublishAsync("t", "before");
        await first.Task.WaitAsync(Guard);
        sub.Dispose();
        await a.PublishAsync("t", "after");
        await a.PublishAsync("t", "marker");
        await marker.Task.WaitAsync(Guard);

        Assert.Equal(new[] { "before" }, seen);
    }
}

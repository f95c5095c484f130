using ComplaintBot.Bot.Agents;
using ComplaintBot.Dialogs.Handoff;
using ComplaintBot.Dialogs.State;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace ComplaintBot.Tests.Agents;

/// <summary>
/// The cause of the NullReferenceException once seen in <see cref="AgentHubRelay.StopAsync"/>: a WebApplicationFactory
/// host stops its hosted services twice at once (the factory's dispose, and Program's app.Run() once ApplicationStopping
/// fires), and the relay's first version iterated its subscription list while the other call cleared it.
/// </summary>
public sealed class AgentHubRelayShutdownTests
{
    /// <summary>A bus whose subscriptions count their disposals; the first disposal can be held to widen a race.</summary>
    private sealed class CountingBus : INotificationBus
    {
        private readonly InProcessNotificationBus _inner = new();
        public readonly List<Subscription> Subscriptions = new();
        public ManualResetEventSlim? HoldFirstDispose { get; init; }
        public readonly ManualResetEventSlim FirstDisposeEntered = new();

        public Task PublishAsync(string topic, string payload, CancellationToken ct = default) => _inner.PublishAsync(topic, payload, ct);

        public IDisposable Subscribe(string topic, Func<string, Task> handler)
        {
            var s = new Subscription(this, topic, _inner.Subscribe(topic, handler));
            lock (Subscriptions) Subscriptions.Add(s);
            return s;
        }

        public sealed class Subscription(CountingBus bus, string topic, IDisposable inner) : IDisposable
        {
            public string Topic { get; } = topic;
            public int Disposals;

            public void Dispose()
            {
                if (Interlocked.Increment(ref Disposals) == 1 && bus.HoldFirstDispose is { } hold && !bus.FirstDisposeEntered.IsSet)
                {
                    bus.FirstDisposeEntered.Set();
                    hold.Wait(TimeSpan.FromSeconds(30)); // released by the test; the cap only keeps a broken build from hanging
                }
                inner.Dispose();
            }
        }
    }

    [Fact]
    public async Task Two_stops_at_once_unsubscribe_each_subscription_exactly_once_without_failing()
    {
        var hold = new ManualResetEventSlim();
        var bus = new CountingBus { HoldFirstDispose = hold };
        var relay = new AgentHubRelay(bus, Mock.Of<IHubContext<AgentHub>>(), NullLogger<AgentHubRelay>.Instance);
        await relay.StartAsync(default);
        Assert.Equal([HandoffTopics.QueueChanged, HandoffTopics.Message], bus.Subscriptions.Select(s => s.Topic));

        // The first stop is inside its first unsubscribe when the second stop runs, as in the host's double stop.
        var first = Task.Run(() => relay.StopAsync(default));
        Assert.True(bus.FirstDisposeEntered.Wait(TimeSpan.FromSeconds(30)));
        var second = Task.Run(() => relay.StopAsync(default));
        await second;
        hold.Set();
        await first;

        Assert.All(bus.Subscriptions, s => Assert.Equal(1, s.Disposals));
    }

    /// <summary>Counts StopAsync calls; the first waits (bounded) for a second one, to see whether they overlap.</summary>
    private sealed class StopProbe : IHostedService
    {
        private readonly TaskCompletionSource _second = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _stops;
        private int _running;
        public int Stops => _stops;
        public int MostAtOnce;

        public Task StartAsync(CancellationToken ct) => Task.CompletedTask;

        public async Task StopAsync(CancellationToken ct)
        {
            var n = Interlocked.Increment(ref _stops);
            var running = Interlocked.Increment(ref _running);
            lock (this) MostAtOnce = Math.Max(MostAtOnce, running);
            if (n == 1) await Task.WhenAny(_second.Task, Task.Delay(TimeSpan.FromSeconds(10)));
            else _second.TrySetResult();
            Interlocked.Decrement(ref _running);
        }
    }

    [Fact]
    public async Task Disposing_the_test_host_stops_hosted_services_twice_at_once_and_the_relay_still_unsubscribes_once()
    {
        for (var round = 0; round < 3; round++)
        {
            var bus = new CountingBus();
            var probe = new StopProbe();
            var host = new AgentConsoleHost(services: s =>
            {
                s.AddSingleton<INotificationBus>(bus);
                s.AddSingleton<IHostedService>(probe);
            });
            // Stop while a console is connected and subscribed to a conversation.
            await using (var agent = await host.SignInDemoAsync())
            {
                var hub = await agent.ConnectHubAsync();
                await hub.InvokeAsync("Watch", "conv-shutdown");
                await host.DisposeAsync();
                await hub.DisposeAsync();
            }

            Assert.Equal(2, probe.Stops);
            Assert.Equal(2, probe.MostAtOnce);
            var relaySubscriptions = bus.Subscriptions.Where(s => s.Topic is HandoffTopics.QueueChanged or HandoffTopics.Message).ToList();
            Assert.Equal(2, relaySubscriptions.Count);
            Assert.All(relaySubscriptions, s => Assert.Equal(1, s.Disposals));
        }
    }
}

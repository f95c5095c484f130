using System.Net;
using System.Text.Json;
using ComplaintBot.Dialogs.Handoff;
using ComplaintBot.Dialogs.Schema;

namespace ComplaintBot.Tests.Agents;

public sealed class HandoffQueueTests : IAsyncLifetime
{
    private readonly AgentConsoleHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task QueueAsync(string conversationId, int priority, TimeSpan escalatedAgo)
    {
        var entry = new HandoffEntry
        {
            ConversationId = conversationId,
            Owner = ConversationOwner.Queued,
            Priority = priority,
            Reason = "test",
            EscalatedAt = _host.Clock.GetUtcNow() - escalatedAgo,
            SlaDueAt = _host.Clock.GetUtcNow() - escalatedAgo + TimeSpan.FromMinutes(30),
            Reference = _host.Channel.CustomerMessage(conversationId, "", "en-US").GetConversationReference(),
            Locale = "en-US",
        };
        Assert.True(await _host.Handoff.Store.TrySaveAsync(entry));
    }

    [Fact]
    public async Task Queue_is_ordered_by_priority_then_waiting_time()
    {
        await QueueAsync("normal-new", 2, TimeSpan.FromMinutes(1));
        await QueueAsync("urgent-new", 4, TimeSpan.FromMinutes(1));
        await QueueAsync("normal-old", 2, TimeSpan.FromMinutes(9));
        await QueueAsync("high", 3, TimeSpan.FromMinutes(2));
        await QueueAsync("urgent-old", 4, TimeSpan.FromMinutes(5));

        var agent = await _host.SignInDemoAsync();
        var queue = await agent.GetJsonAsync("agent/api/queue");
        var ids = queue.EnumerateArray().Select(q => q.GetProperty("conversationId").GetString()!).ToArray();
        Assert.Equal(["urgent-old", "urgent-new", "high", "normal-old", "normal-new"], ids);
        Assert.Equal([1, 2, 3, 4, 5], queue.EnumerateArray().Select(q => q.GetProperty("position").GetInt32()));
        Assert.Equal(4, await _host.Handoff.Store.QueuePositionAsync("normal-old"));
        Assert.Equal(9 * 60, queue[3].GetProperty("waitSeconds").GetInt32());
        Assert.Equal(21 * 60, queue[3].GetProperty("slaSecondsLeft").GetInt32());
    }

    [Fact]
    public async Task Two_agents_taking_over_at_once_exactly_one_wins()
    {
        var alice = await _host.SignInAsync(AgentConsoleHost.ConfiguredAgentId, AgentConsoleHost.ConfiguredAgentPassword);
        var demo = await _host.SignInDemoAsync();
        for (var round = 0; round < 10; round++)
        {
            var id = $"race-{round}";
            await QueueAsync(id, 2, TimeSpan.FromMinutes(1));
            using var start = new Barrier(2);
            var a = Task.Run(() => { start.SignalAndWait(); return alice.PostAsync($"agent/api/conversations/{id}/take", new { }); });
            var b = Task.Run(() => { start.SignalAndWait(); return demo.PostAsync($"agent/api/conversations/{id}/take", new { }); });
            var codes = (await Task.WhenAll(a, b)).Select(r => r.StatusCode).OrderBy(c => c).ToArray();
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], codes);

            var entry = await _host.Handoff.Store.GetAsync(id);
            var winner = (await a).StatusCode == HttpStatusCode.OK ? "alice" : "demo";
            Assert.Equal(ConversationOwner.Agent(winner), entry!.Owner);
            // The customer is greeted by exactly one agent.
            Assert.Single(_host.Channel.TextsTo(id), t => t.StartsWith(HandoffTemplates.AgentJoined));
        }
    }

    [Fact]
    public async Task Many_concurrent_take_overs_in_the_store_have_one_winner()
    {
        await QueueAsync("crowd", 3, TimeSpan.FromMinutes(1));
        var agents = Enumerable.Range(0, 8).Select(i => new HandoffAgent($"agent{i}", $"Agent {i}", false)).ToArray();
        var outcomes = await Task.WhenAll(agents.Select(a => Task.Run(() => _host.Handoff.TakeOverAsync("crowd", a))));
        Assert.Single(outcomes, o => o == HandoffOutcome.Ok);
        Assert.Equal(7, outcomes.Count(o => o == HandoffOutcome.Conflict));
    }

    [Fact]
    public async Task Taken_conversation_shows_as_taken_to_other_agents_and_leaves_the_waiting_positions()
    {
        await QueueAsync("first", 2, TimeSpan.FromMinutes(3));
        await QueueAsync("second", 2, TimeSpan.FromMinutes(2));
        var alice = await _host.SignInAsync(AgentConsoleHost.ConfiguredAgentId, AgentConsoleHost.ConfiguredAgentPassword);
        Assert.Equal(HttpStatusCode.OK, (await alice.PostAsync("agent/api/conversations/first/take", new { })).StatusCode);

        var demo = await _host.SignInDemoAsync();
        var queue = (await demo.GetJsonAsync("agent/api/queue")).EnumerateArray().ToDictionary(q => q.GetProperty("conversationId").GetString()!);
        Assert.Equal("agent:alice", queue["first"].GetProperty("owner").GetString());
        Assert.Equal("alice", queue["first"].GetProperty("agentId").GetString());
        Assert.Equal(1, await _host.Handoff.Store.QueuePositionAsync("second"));
        Assert.Equal(HttpStatusCode.Conflict, (await demo.PostAsync("agent/api/conversations/first/take", new { })).StatusCode);
    }
}

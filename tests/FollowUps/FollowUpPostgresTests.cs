using ComplaintBot.Bot.Stores;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.FollowUps;
using ComplaintBot.Dialogs.Handoff;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Tests.Complaints;
using ComplaintBot.Tests.Stores;
using ComplaintBot.Tests.Support;
using Microsoft.Extensions.Options;

namespace ComplaintBot.Tests.FollowUps;

/// <summary>Follow-ups on the shared PostgreSQL database: bot instances racing for the same due follow-ups.</summary>
public sealed class FollowUpPostgresTests : IAsyncLifetime
{
    private readonly PostgresTestSchema _schema = new();
    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _schema.DisposeAsync().AsTask();

    private static async Task<List<string>> ScheduleAsync(ComplaintHarness h, ICaseStore store, int count)
    {
        var numbers = new List<string>();
        for (var i = 0; i < count; i++)
        {
            // Stamped with the test's clock (the store's own clock is the system's).
            var c = await store.CreateAsync(new Case
            {
                ConversationId = $"conv-{i}", Locale = i % 2 == 0 ? "zh-CN" : "en-US", RemedyChosen = "Reship+Coupon:10",
                CreatedAt = h.Clock.GetUtcNow(), History = { new StatusChange(CaseStatus.Open, h.Clock.GetUtcNow(), "bot", null) },
            });
            foreach (var t in new[] { CaseTransition.Propose, CaseTransition.Agree, CaseTransition.Execute }) c.Apply(t, h.Clock.GetUtcNow());
            h.Composition.FollowUps.Schedule(c, new ConversationReference { ChannelId = "directline", Conversation = new ConversationAccount { Id = c.ConversationId } }, h.Clock.GetUtcNow());
            await store.SaveAsync(c);
            numbers.Add(c.Number);
        }
        return numbers;
    }

    private static FollowUpDispatcher Dispatcher(ComplaintHarness h, IProactiveSender sender, string instance)
        => new(h.Cases, h.Composition.Messages, h.Composition.Hours, h.Clock, sender, Options.Create(h.FollowUpOptions)) { InstanceId = instance };

    [PostgresFact]
    public async Task Of_two_bot_instances_on_postgres_exactly_one_sends_each_due_follow_up()
    {
        using var first = new ComplaintHarness(cases: new PostgresCaseStore(_schema.NewInstance()));
        var numbers = await ScheduleAsync(first, first.Cases, 20);
        // The second instance starts later (a restart too): everything it knows comes from the database.
        using var second = new ComplaintHarness(ComplaintHarness.OfficeHours + TimeSpan.FromHours(4), cases: new PostgresCaseStore(_schema.NewInstance()));
        first.Clock.Advance(TimeSpan.FromHours(4));
        var channel = new RecordingSender();

        var runs = await Task.WhenAll(
            Task.Run(() => Dispatcher(first, channel, "instance-a").RunDueAsync()),
            Task.Run(() => Dispatcher(second, channel, "instance-b").RunDueAsync()));
        // Whatever lost a race because the other instance was saving it is looked at again on the next run.
        var again = await Task.WhenAll(Dispatcher(first, channel, "instance-a").RunDueAsync(), Dispatcher(second, channel, "instance-b").RunDueAsync());

        Assert.Equal(20, runs.Concat(again).Sum(r => r.Sent));
        var sentNumbers = channel.Sent.Select(m => numbers.Single(n => m.Text!.Contains(n))).ToList();
        Assert.Equal(numbers.Order(), sentNumbers.Order());
        foreach (var n in numbers)
        {
            var c = (await second.Cases.GetAsync(n))!;
            Assert.Equal(FollowUpState.Sent, c.FollowUp!.State);
            Assert.Single(c.History, x => x.Note?.StartsWith("follow-up sent") == true);
        }
        Assert.Empty(await first.Cases.DueFollowUpsAsync(first.Clock.GetUtcNow().AddDays(2), 100));
    }

    [PostgresFact]
    public async Task Of_two_bot_instances_on_postgres_each_conversation_with_several_cases_gets_one_message_and_each_case_is_sent_once()
    {
        using var first = new ComplaintHarness(cases: new PostgresCaseStore(_schema.NewInstance()));
        using var second = new ComplaintHarness(cases: new PostgresCaseStore(_schema.NewInstance()));
        var byConversation = new Dictionary<string, List<string>>();
        for (var i = 0; i < 18; i++)
        {
            var conversation = $"shared-{i % 6}";
            var c = await first.Cases.CreateAsync(new Case
            {
                ConversationId = conversation, Locale = "en-US", ProductName = $"Item {i}", RemedyChosen = "Reship",
                CreatedAt = first.Clock.GetUtcNow(), History = { new StatusChange(CaseStatus.Open, first.Clock.GetUtcNow(), "bot", null) },
            });
            foreach (var t in new[] { CaseTransition.Propose, CaseTransition.Agree, CaseTransition.Execute }) c.Apply(t, first.Clock.GetUtcNow());
            first.Composition.FollowUps.Schedule(c, new ConversationReference { ChannelId = "directline", Conversation = new ConversationAccount { Id = conversation } }, first.Clock.GetUtcNow());
            await first.Cases.SaveAsync(c);
            (byConversation.TryGetValue(conversation, out var list) ? list : byConversation[conversation] = new()).Add(c.Number);
        }
        first.Clock.Advance(TimeSpan.FromHours(4));
        second.Clock.Advance(TimeSpan.FromHours(4));
        var channel = new RecordingSender();

        var runs = await Task.WhenAll(
            Task.Run(() => Dispatcher(first, channel, "instance-a").RunDueAsync()),
            Task.Run(() => Dispatcher(second, channel, "instance-b").RunDueAsync()));
        var again = await Task.WhenAll(Dispatcher(first, channel, "instance-a").RunDueAsync(), Dispatcher(second, channel, "instance-b").RunDueAsync());

        Assert.Equal(18, runs.Concat(again).Sum(r => r.Sent));
        foreach (var (conversation, numbers) in byConversation)
        {
            var message = Assert.Single(channel.Sent, m => m.Conversation!.Id == conversation);
            Assert.All(numbers, n => Assert.Contains(n, message.Text));
            foreach (var n in numbers)
            {
                var c = (await second.Cases.GetAsync(n))!;
                Assert.Equal(FollowUpState.Sent, c.FollowUp!.State);
                Assert.Equal(numbers.Where(x => x != n).Order(), c.FollowUp.SentWith!.Order());
            }
        }
    }

    [PostgresFact]
    public async Task Postgres_returns_only_follow_ups_that_are_due_earliest_first()
    {
        using var h = new ComplaintHarness(cases: new PostgresCaseStore(_schema.NewInstance()));
        var numbers = await ScheduleAsync(h, h.Cases, 2);
        var later = (await h.Cases.GetAsync(numbers[0]))!;
        later.FollowUp!.PendingAt = CaseFollowUp.Key(h.Clock.GetUtcNow().AddHours(6));
        await h.Cases.SaveAsync(later);

        Assert.Empty(await h.Cases.DueFollowUpsAsync(h.Clock.GetUtcNow().AddHours(4).AddSeconds(-1), 10));
        Assert.Equal([numbers[1]], (await h.Cases.DueFollowUpsAsync(h.Clock.GetUtcNow().AddHours(4), 10)).Select(c => c.Number));
        Assert.Equal([numbers[1], numbers[0]], (await h.Cases.DueFollowUpsAsync(h.Clock.GetUtcNow().AddHours(7), 10)).Select(c => c.Number));
        Assert.Single(await h.Cases.DueFollowUpsAsync(h.Clock.GetUtcNow().AddHours(7), 1));
    }
}

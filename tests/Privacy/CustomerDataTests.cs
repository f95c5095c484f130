using System.Text.Json;
using System.Text.Json.Nodes;
using ComplaintBot.Bot.Channels.DirectLine;
using ComplaintBot.Bot.Privacy;
using ComplaintBot.Bot.Stores;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Handoff;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Dialogs.Turns;
using ComplaintBot.Tests.Complaints;
using ComplaintBot.Tests.Stores;
using ComplaintBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ComplaintBot.Tests.Privacy;

/// <summary>
/// Export and erasure of one customer, and retention, over every store provider (SQLite, PostgreSQL): subclass and
/// implement <see cref="Stores"/>. Two customers are seeded; everything of one goes, nothing of the other.
/// </summary>
public abstract class CustomerDataContractTests
{
    protected readonly ManualClock Clock = new(DateTimeOffset.UtcNow);

    protected sealed record StoreSet(ICaseStore Cases, ITranscriptStore Transcripts, IHandoffStore Handoff, IStorage Storage);

    protected abstract StoreSet Stores();

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];

    private (CustomerData Data, PrivacyAudit Audit, StoreSet S, DirectLineConversations DirectLine) Build()
    {
        var s = Stores();
        var audit = new PrivacyAudit(s.Storage);
        var directLine = new DirectLineConversations(s.Storage);
        return (new CustomerData(s.Cases, s.Storage, audit, Clock, s.Transcripts, s.Handoff, directLine), audit, s, directLine);
    }

    /// <summary>One customer's conversation: a case, a transcript, a queue entry, state, the Direct Line record and a photo.</summary>
    private async Task<Case> SeedAsync(StoreSet s, DirectLineConversations directLine, string conversation, string user, string? customerId, string? phone, string? order)
    {
        var @case = await s.Cases.CreateAsync(new Case
        {
            ConversationId = conversation, ChannelId = "directline", CustomerId = customerId, ContactPhone = phone, OrderNumber = order,
            Facts = { Description = $"my parcel for {user} arrived broken" },
        });
        await s.Transcripts.AppendAsync(ConversationKey.Of("directline", conversation), new Activity
        {
            Type = ActivityTypes.Message, ChannelId = "directline", Text = $"hello from {user}",
            From = new ChannelAccount { Id = user, Role = "user" }, Conversation = new ConversationAccount { Id = conversation },
        });
        Assert.True(await s.Handoff.TrySaveAsync(new HandoffEntry { ConversationId = conversation, Owner = ConversationOwner.Queued, CaseNumber = @case.Number, EscalatedAt = Clock.GetUtcNow() }));
        await s.Storage.WriteAsync(new Dictionary<string, StoreItem>
        {
            [$"directline/conversations/{conversation}"] = new("""{"dialogStack":[]}""", "*"),
            [$"directline/users/{user}"] = new("""{"locale":"zh-CN"}""", "*"),
            // The bot's replies it keeps for a re-sent message (ExactlyOnceMiddleware), beside the conversation's state.
            [DeliveryReplies.Key($"directline/conversations/{conversation}", 0)] = new("""{"key":"id:1","replies":[{"type":"message","text":"sorry"}]}""", "*"),
        });
        await directLine.CreateAsync(new DirectLineConversation(conversation, user, null, customerId, true, Clock.GetUtcNow()), default);
        await directLine.SaveAttachmentAsync(conversation, "photo-" + user, new StoredAttachment("image/png", "broken.png", Png, Clock.GetUtcNow()), default);
        return @case;
    }

    [ContractFact]
    public async Task Export_by_phone_gathers_the_customers_cases_conversations_transcripts_state_and_uploads_and_is_audited()
    {
        var (data, audit, s, directLine) = Build();
        var first = await SeedAsync(s, directLine, "conv-a1", "u-a", "cust-a", "+86 139-1234-5678", "SO-A-1");
        var second = await SeedAsync(s, directLine, "conv-a2", "u-a", "cust-a", null, "SO-A-2"); // same customer id, no phone
        await SeedAsync(s, directLine, "conv-b", "u-b", "cust-b", "13800000000", "SO-B-1");

        var export = (await data.ExportAsync(new CustomerKey(CustomerKeyKind.Phone, "13912345678"), "lead"))!;

        Assert.Equal([first.Number, second.Number], export["cases"]!.AsArray().Select(c => c!["number"]!.GetValue<string>()));
        var conversations = export["conversations"]!.AsArray();
        Assert.Equal(["conv-a1", "conv-a2"], conversations.Select(c => c!["conversationId"]!.GetValue<string>()));
        var a1 = conversations[0]!;
        Assert.Equal("hello from u-a", a1["transcript"]![0]!["activity"]!["text"]!.GetValue<string>());
        Assert.Equal(first.Number, a1["handoff"]!["caseNumber"]!.GetValue<string>());
        Assert.NotNull(a1["state"]!["directline/conversations/conv-a1"]);
        Assert.NotNull(a1["state"]!["directline/users/u-a"]);
        Assert.NotNull(a1["state"]![DeliveryReplies.Key("directline/conversations/conv-a1", 0)]);
        Assert.Equal(Convert.ToBase64String(Png), a1["uploads"]![0]!["dataBase64"]!.GetValue<string>());
        Assert.DoesNotContain("u-b", export.ToJsonString());

        var record = Assert.Single(await audit.ListAsync(default));
        Assert.Equal(("lead", PrivacyAudit.Export, "Phone", 2), (record.Actor, record.Action, record.KeyKind, record.Rows["cases"]));
        Assert.Null(await data.ExportAsync(new CustomerKey(CustomerKeyKind.OrderNumber, "SO-NOBODY"), "lead"));
    }

    [ContractFact]
    public async Task Erase_by_order_number_deletes_everything_of_that_customer_and_nothing_of_another_and_the_log_holds_no_data()
    {
        var (data, audit, s, directLine) = Build();
        var first = await SeedAsync(s, directLine, "conv-a1", "u-a", "cust-a", "13912345678", "SO-A-1");
        var second = await SeedAsync(s, directLine, "conv-a2", "u-a", "cust-a", null, "SO-A-2");
        var other = await SeedAsync(s, directLine, "conv-b", "u-b", "cust-b", "13800000000", "SO-B-1");

        var erased = (await data.EraseAsync(new CustomerKey(CustomerKeyKind.OrderNumber, "so-a-1"), "lead"))!;

        // 2 cases; 1 transcript entry and 1 queue entry per conversation; per conversation its state, the Direct Line
        // record, the replies kept for re-sent messages and the user's state (the same key twice, deleted once); one photo each.
        Assert.Equal(new ErasedRows(Cases: 2, TranscriptEntries: 2, HandoffEntries: 2, StateItems: 7, Uploads: 2), erased);
        foreach (var c in new[] { first, second }) Assert.Null(await s.Cases.GetAsync(c.Number));
        foreach (var conv in new[] { "conv-a1", "conv-a2" })
        {
            Assert.Empty(await s.Transcripts.ReadAsync(ConversationKey.Of("directline", conv)));
            Assert.Null(await s.Handoff.GetAsync(conv));
            Assert.Null(await directLine.GetAsync(conv, default));
            Assert.Null(await directLine.GetAttachmentAsync(conv, "photo-u-a", default));
        }
        Assert.Empty(await s.Storage.ReadAsync(["directline/conversations/conv-a1", "directline/users/u-a",
            DeliveryReplies.Key("directline/conversations/conv-a1", 0), DeliveryReplies.Key("directline/conversations/conv-a2", 0)]));

        Assert.NotNull(await s.Cases.GetAsync(other.Number));
        Assert.Single(await s.Transcripts.ReadAsync(ConversationKey.Of("directline", "conv-b")));
        Assert.NotNull(await s.Handoff.GetAsync("conv-b"));
        Assert.NotNull(await directLine.GetAttachmentAsync("conv-b", "photo-u-b", default));
        Assert.Equal(3, (await s.Storage.ReadAsync(["directline/conversations/conv-b", "directline/users/u-b", DeliveryReplies.Key("directline/conversations/conv-b", 0)])).Count);

        var record = Assert.Single(await audit.ListAsync(default));
        Assert.Equal(("lead", PrivacyAudit.Erase, "OrderNumber"), (record.Actor, record.Action, record.KeyKind));
        Assert.Equal(erased.ToDictionary(), record.Rows);
        var logged = JsonSerializer.Serialize(record);
        foreach (var personal in new[] { "SO-A", "so-a", "13912345678", "u-a", "cust-a", "conv-a", "hello", first.Number })
            Assert.DoesNotContain(personal, logged);
        // Run again: nothing left to find.
        Assert.Null(await data.EraseAsync(new CustomerKey(CustomerKeyKind.CustomerId, "cust-a"), "lead"));
    }

    /// <summary>A conversation handed to a person without any case (issue 13): its entry keeps the signed-in customer's id.</summary>
    private async Task SeedWithoutCaseAsync(StoreSet s, string conversation, string user, string customerId)
    {
        await s.Transcripts.AppendAsync(ConversationKey.Of("directline", conversation), new Activity
        {
            Type = ActivityTypes.Message, ChannelId = "directline", Text = $"转人工 from {user}",
            From = new ChannelAccount { Id = user, Role = "user" }, Conversation = new ConversationAccount { Id = conversation },
        });
        Assert.True(await s.Handoff.TrySaveAsync(new HandoffEntry
        {
            ConversationId = conversation, Owner = ConversationOwner.Bot, CustomerId = customerId, EscalatedAt = Clock.GetUtcNow(),
            Reference = new ConversationReference { ChannelId = "directline", User = new ChannelAccount { Id = user }, Conversation = new ConversationAccount { Id = conversation } },
        }));
        await s.Storage.WriteAsync(new Dictionary<string, StoreItem> { [$"directline/conversations/{conversation}"] = new("""{"dialogStack":[]}""", "*") });
    }

    [ContractFact]
    public async Task A_conversation_handed_over_without_a_case_is_exported_and_erased_with_the_customer_found_by_id_or_by_a_case()
    {
        var (data, audit, s, directLine) = Build();
        await SeedAsync(s, directLine, "conv-a1", "u-a", "cust-a", "13912345678", "SO-A-1");
        await SeedWithoutCaseAsync(s, "conv-a-person", "u-a2", "cust-a");
        await SeedWithoutCaseAsync(s, "conv-c-person", "u-c", "cust-c"); // a customer with no case at all
        await SeedWithoutCaseAsync(s, "conv-b-person", "u-b", "cust-b");

        var onlyHandedOver = (await data.ExportAsync(new CustomerKey(CustomerKeyKind.CustomerId, "cust-c"), "lead"))!;
        Assert.Empty(onlyHandedOver["cases"]!.AsArray());
        var conversation = Assert.Single(onlyHandedOver["conversations"]!.AsArray())!;
        Assert.Equal("转人工 from u-c", conversation["transcript"]![0]!["activity"]!["text"]!.GetValue<string>());
        Assert.Null(conversation["handoff"]!["caseNumber"]);

        // Named by phone: the case leads to the customer's id, and the id to the conversation without a case.
        var erased = (await data.EraseAsync(new CustomerKey(CustomerKeyKind.Phone, "13912345678"), "lead"))!;
        Assert.Equal((1, 2, 2), (erased.Cases, erased.TranscriptEntries, erased.HandoffEntries));
        Assert.Empty(await s.Transcripts.ReadAsync(ConversationKey.Of("directline", "conv-a-person")));
        Assert.Null(await s.Handoff.GetAsync("conv-a-person"));
        Assert.Empty(await s.Storage.ReadAsync(["directline/conversations/conv-a-person"]));
        Assert.Null(await data.ExportAsync(new CustomerKey(CustomerKeyKind.CustomerId, "cust-a"), "lead"));

        Assert.NotNull(await s.Handoff.GetAsync("conv-b-person"));
        Assert.Single(await s.Transcripts.ReadAsync(ConversationKey.Of("directline", "conv-b-person")));
        Assert.Equal(2, (await audit.ListAsync(default)).Count);
    }

    [ContractFact]
    public async Task The_retention_job_deletes_old_transcripts_and_old_closed_cases_keeps_open_ones_and_logs_the_pass()
    {
        var s = Stores();
        var audit = new PrivacyAudit(s.Storage);
        var closed = await s.Cases.CreateAsync(new Case { ConversationId = "old-closed" });
        closed.Apply(CaseTransition.Withdraw, Clock.GetUtcNow());
        await s.Cases.SaveAsync(closed);
        var open = await s.Cases.CreateAsync(new Case { ConversationId = "old-open" });
        await s.Transcripts.AppendAsync("old-closed", Activity.CreateMessage("old words"));
        var services = new ServiceCollection()
            .AddSingleton(s.Cases).AddSingleton(s.Transcripts).BuildServiceProvider();
        var options = Options.Create(new PrivacyOptions { TranscriptRetention = TimeSpan.FromDays(365), ClosedCaseRetention = TimeSpan.FromDays(730) });
        var job = new RetentionService(services, options, audit, Clock, NullLogger<RetentionService>.Instance);

        Assert.Equal((0, 0), await job.RunOnceAsync());
        Assert.Empty(await audit.ListAsync(default));

        Clock.Advance(TimeSpan.FromDays(731));
        Assert.Equal((1, 1), await job.RunOnceAsync());

        Assert.Null(await s.Cases.GetAsync(closed.Number));
        Assert.NotNull(await s.Cases.GetAsync(open.Number));
        Assert.Empty(await s.Transcripts.ReadAsync("old-closed"));
        var record = Assert.Single(await audit.ListAsync(default));
        Assert.Equal((RetentionService.Actor, PrivacyAudit.Retention, 1, 1), (record.Actor, record.Action, record.Rows["cases"], record.Rows["transcriptEntries"]));
    }
}

public sealed class SqliteCustomerDataTests : CustomerDataContractTests, IDisposable
{
    private readonly TempDatabase _db = new();

    protected override StoreSet Stores()
    {
        var db = _db.Open();
        return new(new SqliteCaseStore(db, Clock), new SqliteTranscriptStore(db), new SqliteHandoffStore(db), new SqliteStorage(db));
    }

    public void Dispose() => _db.Dispose();
}

[RequiresPostgres]
public sealed class PostgresCustomerDataTests : CustomerDataContractTests, IAsyncLifetime
{
    private readonly PostgresTestSchema _schema = new();

    protected override StoreSet Stores()
    {
        var db = _schema.NewInstance();
        return new(new PostgresCaseStore(db, Clock), new PostgresTranscriptStore(db), new PostgresHandoffStore(db), new PostgresStorage(db));
    }

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _schema.DisposeAsync().AsTask();
}

using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Complaints;
using ComplaintBot.Dialogs.FollowUps;
using ComplaintBot.Dialogs.Orders;
using ComplaintBot.Dialogs.Policy;
using ComplaintBot.Dialogs.Runtime;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.Sentiment;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Dialogs.Text;
using ComplaintBot.Tests.Support;
using Microsoft.Extensions.Options;

namespace ComplaintBot.Tests.Complaints;

/// <summary>
/// The real complaint bot for transcript tests: real dialogs, prompts, policy and appsettings, the real lexicon
/// analyzer and escalation policy, the demo shop in a temporary SQLite file, a clock the test sets.
/// </summary>
public sealed class ComplaintHarness : IDisposable
{
    /// <summary>10:00 in Shanghai: inside service hours.</summary>
    public static readonly DateTimeOffset OfficeHours = new(2026, 11, 24, 2, 0, 0, TimeSpan.Zero);

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "cb-flow-" + Guid.NewGuid().ToString("N"));

    private readonly SqliteDatabase _db;

    /// <summary>The harness's SQLite file; other SQLite stores of the same bot share it (and its writer).</summary>
    public SqliteDatabase Database => _db;

    public ManualClock Clock { get; }
    public ICaseStore Cases { get; }
    public DemoOrderService Orders { get; }
    public RecordingHandoffRequester Handoff { get; }
    public IStorage Storage { get; } = new MemoryStorage();
    /// <summary>The flow as the host composes it (the parts the follow-up tests build with).</summary>
    public ComplaintComposition Composition { get; }
    public DialogBot Bot { get; }
    /// <summary>The shipped <c>FollowUp</c> section of appsettings.json.</summary>
    public FollowUpOptions FollowUpOptions { get; } = RepoPaths.Options<FollowUpOptions>(FollowUpOptions.Section);

    /// <param name="databasePath">The SQLite file (default: a new one); a second harness on the same file is a restarted bot.</param>
    /// <param name="sentiment">The analyzer (default: the lexicon, which the transcripts here were written against).</param>
    /// <param name="nlu">The message reader (default: the rules, as configured out of the box); built over the harness's shop.</param>
    public ComplaintHarness(DateTimeOffset? now = null, ICaseStore? cases = null, string? databasePath = null, ISentimentAnalyzer? sentiment = null,
        Func<IOrderService, Dialogs.Nlu.INluProvider>? nlu = null)
    {
        Clock = new ManualClock(now ?? OfficeHours);
        _db = new SqliteDatabase(databasePath ?? Path.Combine(_dir, "bot.db"));
        Cases = cases ?? new SqliteCaseStore(_db, Clock);
        Orders = new DemoOrderService(_db, Clock);
        var prompts = RepoPaths.Prompts;
        Handoff = new RecordingHandoffRequester(prompts);
        var conversation = new ConversationState(Storage);
        Composition = new ComplaintComposition(conversation, prompts, Orders, Cases,
            sentiment ?? new LexiconSentimentAnalyzer(), new EscalationPolicy(RepoPaths.Options<EscalationOptions>(EscalationOptions.Section), Clock),
            Handoff,
            Options.Create(RepoPaths.Options<PolicyOptions>(PolicyOptions.Section)),
            Options.Create(RepoPaths.Options<SlaOptions>(SlaOptions.Section)),
            new ServiceHours(RepoPaths.Options<ServiceHoursOptions>(ServiceHoursOptions.Section)),
            Options.Create(RepoPaths.Options<ComplaintOptions>(ComplaintOptions.Section)),
            Clock,
            followUp: Options.Create(FollowUpOptions),
            nlu: nlu?.Invoke(Orders));
        var guard = new PromiseGuardHook(new PromiseGuard(RepoPaths.Options<PromiseGuardOptions>(PromiseGuardOptions.Section)), prompts);
        Bot = new DialogBot(conversation, new UserState(Storage), new RootDialog(Composition.Dialog),
            [new PromiseGuardInterceptor(guard), new ComplaintResumeInterceptor(Composition.Sessions, Cases, Composition.Recorder, Composition.Messages, Clock), new FollowUpReplyInterceptor(Composition.Sessions, Cases, Composition.Recorder, Composition.Messages, Handoff, Clock, Options.Create(FollowUpOptions))]);
    }

    public TestAdapter Customer(string locale, string? customerId = null, string? conversationId = null)
    {
        var adapter = new TestAdapter(Bot)
        {
            Locale = locale,
            ConversationId = conversationId ?? "conv-" + Guid.NewGuid().ToString("N")[..8],
            // Only the Direct Line channel vouches for a signed-in customer id.
            ChannelId = customerId is null ? "test" : "directline",
        };
        return customerId is null ? adapter : new CustomerAdapter(adapter, customerId).Adapter;
    }

    /// <summary>
    /// The demo order's owner signed in through the shop (the channel proved who they are), so the order's details are
    /// theirs to see without the identity question (issue 13.10).
    /// </summary>
    public TestAdapter Owner(string locale, string orderNumber, string? conversationId = null)
        => Customer(locale, OwnerOf(orderNumber), conversationId);

    /// <summary>The demo customer who placed <paramref name="orderNumber"/>.</summary>
    public static string OwnerOf(string orderNumber) => DemoShopData.OrderSpecs.Single(o => o.Number == orderNumber).CustomerId;

    /// <summary>The last 4 digits of the phone on <paramref name="orderNumber"/>: the answer that proves the order in the chat.</summary>
    public static string Last4(string orderNumber) => DemoShopData.Customers.Single(c => c.Id == OwnerOf(orderNumber)).Phone![^4..];

    public string T(string locale, string key, object? values = null) => RepoPaths.Prompts.Render(locale, key, values);

    public async Task<Case> OnlyCaseAsync(TestAdapter customer)
    {
        var list = await Cases.QueryAsync(new CaseQuery(ConversationId: customer.ConversationId));
        return Assert.Single(list);
    }

    public async Task<IReadOnlyList<Case>> CasesOfAsync(TestAdapter customer)
        => (await Cases.QueryAsync(new CaseQuery(ConversationId: customer.ConversationId))).OrderBy(c => c.Number).ToList();

    public void Dispose()
    {
        _db.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}

/// <summary>Puts a verified customer id on every turn of one adapter, as the Direct Line adapter does from its token.</summary>
public sealed class CustomerAdapter(TestAdapter adapter, string customerId)
{
    public TestAdapter Adapter { get; } = Wrap(adapter, customerId);

    private static TestAdapter Wrap(TestAdapter a, string id)
    {
        a.Use(new StampCustomer(id));
        return a;
    }

    private sealed class StampCustomer(string id) : ComplaintBot.Dialogs.Turns.IMiddleware
    {
        public Task OnTurnAsync(ComplaintBot.Dialogs.Turns.ITurnContext turnContext, ComplaintBot.Dialogs.Turns.NextDelegate next, CancellationToken ct)
        {
            turnContext.SetSignedInCustomerId(id);
            return next(ct);
        }
    }
}

/// <summary>A scripted turn-by-turn conversation that prints the transcript when an assertion fails.</summary>
public static class Transcript
{
    public static async Task<IReadOnlyList<Activity>> Say(this TestAdapter customer, string text, params string[] expectedFragments)
    {
        var replies = await customer.SendAsync(text);
        var all = string.Join("\n", replies.Select(r => "BOT: " + r.Text + (r.SuggestedActions is { } sa ? "  [" + string.Join(" | ", sa.Actions.Select(x => x.Title)) + "]" : "")));
        foreach (var fragment in expectedFragments)
            Assert.True(all.Contains(fragment, StringComparison.Ordinal), $"After \"{text}\" expected \"{fragment}\" in:\n{all}");
        return replies;
    }

    public static string Buttons(this IReadOnlyList<Activity> replies)
        => string.Join(" | ", replies.Where(r => r.SuggestedActions is not null).SelectMany(r => r.SuggestedActions!.Actions).Select(a => a.Title));
}

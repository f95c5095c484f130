using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.Text;
using ComplaintBot.Dialogs.Turns;
using Microsoft.Extensions.Logging;

namespace ComplaintBot.Tests.Complaints;

public sealed class PromiseGuardTests
{
    private static readonly PromiseGuard Guard = new(RepoPaths.Options<PromiseGuardOptions>(PromiseGuardOptions.Section));

    [Fact]
    public void No_template_in_any_locale_contains_vague_words_or_impossible_promises()
    {
        var offenders = RepoPaths.Prompts.All
            .SelectMany(t => Guard.Check(t.Template).Select(v => $"{t.Locale}/{t.Key}: {v.Kind} '{v.Phrase}'"))
            .ToList();
        Assert.True(RepoPaths.Prompts.All.Count() > 100, "expected the full template set");
        Assert.Empty(offenders);
    }

    [Fact]
    public void No_template_writes_a_fixed_time_frame_that_no_setting_backs()
    {
        var offenders = RepoPaths.Prompts.All
            .SelectMany(t => Guard.CheckTemplate(t.Template).Where(v => v.Kind == "fixed-time-frame").Select(v => $"{t.Locale}/{t.Key}: '{v.Phrase}'"))
            .ToList();
        Assert.Empty(offenders);
    }

    // Agents send these with one click (and may edit them): they must not commit the shop to a delivery or refund
    // time that nobody has the authority to promise.
    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public void Agent_quick_replies_promise_no_delivery_or_refund_time(string locale)
    {
        var template = RepoPaths.Prompts.All.Single(t => t.Locale == locale && t.Key == "agent.quick_replies");
        Assert.Empty(Guard.CheckTemplate(template.Template));
    }

    [Theory]
    [InlineData("新商品会在 48 小时内发出")]
    [InlineData("款项将在 1-3 个工作日内原路退回")]
    [InlineData("客服会在30分钟内联系您")]
    [InlineData("it will ship within 48 hours")]
    [InlineData("within 1-3 business days")]
    [InlineData("in 3 to 5 days")]
    public void A_fixed_time_frame_written_into_a_template_is_caught(string template)
        => Assert.Contains(Guard.CheckTemplate(template), v => v.Kind == "fixed-time-frame");

    [Theory]
    [InlineData("我们会在 {{hours}} 小时内回复")]
    [InlineData("an agent will contact you within {{minutes}} minutes")]
    [InlineData("订单 SO10000001 的商品")]
    public void A_time_frame_from_a_setting_passes_the_template_check(string template)
        => Assert.Empty(Guard.CheckTemplate(template));

    [Theory]
    [InlineData("您的退款可能明天到账", "vague")]
    [InlineData("我也不清楚物流在哪", "vague")]
    [InlineData("Maybe it will arrive tomorrow", "vague")]
    [InlineData("I'm NOT  sure where it is", "vague")]
    [InlineData("本商品终身保修", "impossible")]
    [InlineData("我们绝对不会再出错", "impossible")]
    [InlineData("Your item is guaranteed forever", "impossible")]
    public void Vague_and_impossible_phrases_are_caught(string text, string kind)
        => Assert.Contains(Guard.Check(text), v => v.Kind == kind);

    [Theory]
    [InlineData("您的退款将在24小时内到账")]
    [InlineData("Maybelline lipstick refund issued")]
    [InlineData("We will refund CNY 20 within 24 hours")]
    public void Precise_messages_pass(string text) => Assert.Empty(Guard.Check(text));

    [Fact]
    public async Task At_run_time_a_violating_message_is_replaced_by_the_fallback_and_logged()
    {
        var logger = new ListLogger<PromiseGuardHook>();
        var hook = new PromiseGuardHook(Guard, RepoPaths.Prompts, logger);
        var adapter = new CollectingAdapter();
        var turn = new TurnContext(adapter, new Activity { Type = "message", Text = "hi", Locale = "zh-CN", Conversation = new() { Id = "c1" } });
        hook.Attach(turn);

        var message = Activity.CreateMessage("您的包裹大概明天到，电话13812345678");
        message.SuggestedActions = new() { Actions = { CardAction.ImBack("好的") } };
        await turn.SendActivityAsync(message);
        await turn.SendActivityAsync("您的退款将在24小时内到账");

        Assert.Equal(RepoPaths.Prompts.Render("zh-CN", "guard.fallback"), adapter.Sent[0].Text);
        Assert.Equal("好的", adapter.Sent[0].SuggestedActions!.Actions[0].Title);
        Assert.Equal("您的退款将在24小时内到账", adapter.Sent[1].Text);
        var warning = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("大概", warning.Message);
        Assert.Contains("138****5678", warning.Message);
        Assert.DoesNotContain("13812345678", warning.Message);
    }
}

public sealed class CollectingAdapter : BotAdapter
{
    public List<Activity> Sent { get; } = new();

    public override Task<IReadOnlyList<ResourceResponse>> SendActivitiesAsync(ITurnContext turnContext, IReadOnlyList<Activity> activities, CancellationToken ct)
    {
        Sent.AddRange(activities);
        return Task.FromResult<IReadOnlyList<ResourceResponse>>(activities.Select(_ => new ResourceResponse { Id = Guid.NewGuid().ToString("N") }).ToList());
    }
}

public sealed class ListLogger<T> : ILogger<T>
{
    public List<(LogLevel Level, string Message)> Entries { get; } = new();
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Entries) Entries.Add((logLevel, formatter(state, exception)));
    }
}

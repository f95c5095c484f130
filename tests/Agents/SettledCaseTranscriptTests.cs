using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Handoff;
using ComplaintBot.Dialogs.Text;
using ComplaintBot.Dialogs.Turns;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintBot.Tests.Agents;

/// <summary>
/// Issue 13 finding 1 over the whole app: the real bot behind the channel's real middleware (hand-off included), an
/// agent acting through the hand-off service. After the agent resolves, the customer's rating is a rating: the
/// settled case is never re-opened by the old flow, and a new complaint opens a new case.
/// </summary>
public sealed class SettledCaseTranscriptTests : IAsyncLifetime
{
    private readonly AgentConsoleHost _host = new();
    private static readonly HandoffAgent Agent = new("demo", "Demo", false);

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _host.DisposeAsync();

    private ICaseStore Cases => _host.Services.GetRequiredService<ICaseStore>();
    private string T(string lang, string key, object? values = null) => _host.Services.GetRequiredService<PromptLibrary>().Render(lang, key, values);

    /// <summary>What the customer sees after saying <paramref name="text"/>.</summary>
    private async Task<string> SayAsync(string conversation, string text, string lang)
    {
        var before = _host.Channel.TextsTo(conversation).Count;
        var bot = _host.Services.GetRequiredService<IBot>();
        await _host.CustomerSaysAsync(conversation, text, lang, bot: bot.OnTurnAsync);
        return string.Join("\n", _host.Channel.TextsTo(conversation).Skip(before));
    }

    [Theory]
    [InlineData("en-US", "Order SO10000001: the mug arrived broken, I want an exchange", "agent", "3, it took way too long to get a human", "yes",
        "Order SO10000004 still hasn't arrived, I want a refund", "it took way too long to get a human")]
    [InlineData("zh-CN", "订单SO10000001的马克杯收到就碎了，我要换货", "转人工", "3分吧，转人工等了太久，处理得太慢了", "是的",
        "订单SO10000004到现在还没到，我要退款", "转人工等了太久，处理得太慢了")]
    public async Task A_rating_after_an_agent_resolved_is_kept_and_the_resolved_case_never_reopens(
        string lang, string complaint, string person, string rating, string yes, string newComplaint, string comment)
    {
        var conversation = "settled-" + lang;
        await SayAsync(conversation, complaint, lang);
        await SayAsync(conversation, person, lang);
        var first = Assert.Single(await Cases.QueryAsync(new CaseQuery(ConversationId: conversation)));
        Assert.Equal(CaseStatus.Escalated, first.Status);

        Assert.Equal(HandoffOutcome.Ok, await _host.Handoff.TakeOverAsync(conversation, Agent));
        Assert.Equal(HandoffOutcome.Ok, await _host.Handoff.ApplyRemedyAsync(conversation, Agent, "exchange", 0, null));
        Assert.Equal(HandoffOutcome.Ok, await _host.Handoff.ApplyRemedyAsync(conversation, Agent, "coupon", 20, null));
        Assert.Equal(HandoffOutcome.Ok, await _host.Handoff.ResolveAsync(conversation, Agent, "exchange and a coupon"));
        var remedy = (await Cases.GetAsync(first.Number))!.RemedyChosen;

        var answer = await SayAsync(conversation, rating, lang);
        Assert.Contains(T(lang, "csat.thanks", new { score = 3, comment }), answer);
        Assert.DoesNotContain(T(lang, "restate.yes"), answer);
        var rated = (await Cases.GetAsync(first.Number))!;
        Assert.Equal((CaseStatus.Resolved, (int?)3, remedy, comment), (rated.Status, rated.Csat, rated.RemedyChosen, rated.CsatComment));
        Assert.Equal(CaseTransition.Rate, rated.History[^1].Transition);
        Assert.Equal(rating, rated.History[^1].Note);

        // "Yes" confirms nothing: there is no question open.
        var afterYes = await SayAsync(conversation, yes, lang);
        Assert.DoesNotContain(T(lang, "confirm.step_refund", new { amount = "599" }), afterYes);
        var still = (await Cases.GetAsync(first.Number))!;
        Assert.Equal((CaseStatus.Resolved, remedy), (still.Status, still.RemedyChosen));
        Assert.DoesNotContain(still.History.SkipWhile(h => h.Transition != CaseTransition.Resolve).Skip(1), h => h.Transition is not CaseTransition.Rate);

        // A new complaint in the same conversation is a new case.
        await SayAsync(conversation, newComplaint, lang);
        var cases = await Cases.QueryAsync(new CaseQuery(ConversationId: conversation));
        Assert.Equal(2, cases.Count);
        Assert.Equal(CaseStatus.Resolved, cases.Single(c => c.Number == first.Number).Status);
        Assert.True(cases.Single(c => c.Number != first.Number).IsOpen);
    }
}

using System.Net;
using System.Text.Json;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Complaints;
using ComplaintBot.Dialogs.Turns;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintBot.Tests.Agents;

/// <summary>
/// Issue 13 (every promise keepable) on the agent side: a remedy an agent applies in the console is never confirmed to
/// the customer with no value. The console sends amount 0 when the field is left empty: a coupon, partial refund or
/// compensation of 0 threw after the remedy was already recorded (the case got a "¥0 coupon" step, the customer nothing),
/// and a refund of the order when the order's amount is unknown confirmed "Refund ¥0 to the original payment method".
/// Now such a remedy is refused with <c>amount-required</c>, nothing is recorded and the customer is told nothing.
/// </summary>
public sealed class AgentRemedyAmountTests : IAsyncLifetime
{
    private readonly AgentConsoleHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _host.DisposeAsync();

    private ICaseStore Cases => _host.Services.GetRequiredService<ICaseStore>();
    private static string L(string lang, string zh, string en) => lang == "zh-CN" ? zh : en;

    /// <summary>A complaint without an order (so no order amount), handed to a person and taken by the demo agent.</summary>
    private async Task<(Case Case, AgentSession Agent)> TakenAsync(string conversation, string lang)
    {
        var bot = _host.Services.GetRequiredService<IBot>();
        await _host.CustomerSaysAsync(conversation, L(lang, "我买的杯子碎了，我要退款", "My mug arrived broken, I want a refund"), lang, bot: bot.OnTurnAsync);
        await _host.CustomerSaysAsync(conversation, L(lang, "转人工", "agent"), lang, bot: bot.OnTurnAsync);
        var @case = Assert.Single(await Cases.QueryAsync(new CaseQuery(ConversationId: conversation)));
        Assert.Null(@case.OrderAmount);
        var agent = await _host.SignInDemoAsync();
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"agent/api/conversations/{conversation}/take", new { })).StatusCode);
        return (@case, agent);
    }

    private int ConfirmationsTo(string conversation)
        => _host.Channel.SentTo(conversation).Count(a => a.Attachments?.Any(x => x.ContentType == ConfirmStep.ContentType) == true);

    [Theory]
    [InlineData("zh-CN", "coupon"), InlineData("en-US", "coupon")]
    [InlineData("zh-CN", "partial_refund"), InlineData("en-US", "partial_refund")]
    [InlineData("zh-CN", "compensation"), InlineData("en-US", "compensation")]
    [InlineData("zh-CN", "refund"), InlineData("en-US", "refund")]
    public async Task A_remedy_without_an_amount_is_refused_and_nothing_is_promised(string lang, string kind)
    {
        var conversation = $"zero-{kind}-{lang}";
        var (@case, agent) = await TakenAsync(conversation, lang);
        var sentBefore = _host.Channel.SentTo(conversation).Count;

        var response = await agent.PostAsync($"agent/api/conversations/{conversation}/remedies", new { kind, amount = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("amount-required", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());

        Assert.Equal(sentBefore, _host.Channel.SentTo(conversation).Count);
        var k = (await Cases.GetAsync(@case.Number))!;
        Assert.Null(k.RemedyChosen);
        Assert.Empty(k.Steps);
        Assert.Empty((await _host.Handoff.Store.GetAsync(conversation))!.Remedies);
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task A_refund_with_its_amount_and_goods_without_one_are_confirmed(string lang)
    {
        var conversation = "amounts-" + lang;
        var (@case, agent) = await TakenAsync(conversation, lang);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"agent/api/conversations/{conversation}/remedies", new { kind = "refund", amount = 30 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"agent/api/conversations/{conversation}/remedies", new { kind = "reship", amount = 0 })).StatusCode);
        Assert.Equal(2, ConfirmationsTo(conversation));
        var steps = (await Cases.GetAsync(@case.Number))!.Steps.Select(s => s.What).ToList();
        Assert.Contains(steps, s => s.Contains("30"));
        Assert.DoesNotContain(steps, s => s.Contains(L(lang, "¥0", "CNY 0")));
    }
}

using System.Text.Json.Nodes;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Complaints;
using ComplaintBot.Dialogs.Schema;

namespace ComplaintBot.Tests.Complaints;

/// <summary>
/// Issue 13 (facts said back are true): a case handed to a person at once (an angry first message) was never analysed —
/// no category, no responsibility — and when the agent handed it back "at remedies" the offer's basis was the goodwill
/// sentence ("as an apology I can offer a coupon of ¥5 to ¥20") above options with no coupon in them, for a parcel the
/// carrier damaged. The hand-back now analyses a case that never was before offering, so the basis is the case's.
/// </summary>
public sealed class ResumeAtRemediesTests
{
    private const string Case1 = "C20261124-0001";

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task A_case_handed_over_before_it_was_analysed_is_analysed_when_handed_back_at_the_remedies(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000006");
        await c.Say(lang == "zh-CN"
            ? "订单SO10000006的料理机收到就是坏的！你们这是什么垃圾服务！气死我了！！"
            : "The blender from order SO10000006 arrived smashed!!! Worst service ever, you people are useless, I am furious!",
            h.T(lang, "handoff.person", new { caseNumber = Case1 }));
        Assert.Null((await h.OnlyCaseAsync(c)).Category);

        var offer = await c.SendAsync(new Activity
        {
            Type = ActivityTypes.Event, Name = ComplaintEvents.Resume,
            Value = new JsonObject { ["at"] = ComplaintEvents.ResumeAt.Remedies, ["case"] = Case1 },
        });
        var text = string.Join("\n", offer.Select(r => r.Text));
        Assert.Contains(h.T(lang, "remedies.basis_carrier"), text);
        Assert.DoesNotContain(h.T(lang, "remedies.basis_goodwill", new { min = 5, max = 20 }), text);
        var k = await h.OnlyCaseAsync(c);
        Assert.NotNull(k.Category);
        Assert.Equal(Responsibility.ThirdParty, k.Responsibility);
    }
}

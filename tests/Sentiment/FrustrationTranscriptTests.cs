using System.Text.Json.Nodes;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Complaints;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.Sentiment;
using ComplaintBot.Tests.Complaints;
using ComplaintBot.Tests.Support;

namespace ComplaintBot.Tests.Sentiment;

/// <summary>
/// Frustration read from the conversation, over the real turn pipeline with the default (learned) analyzer: customers
/// who stay polite but run out of patience reach a person by their fourth message although no single message is angry
/// enough; calm conversations of as many turns never do. The messages were written for these tests.
/// </summary>
public sealed class FrustrationTranscriptTests
{
    private const string Case1 = "C20261124-0001";
    private static readonly double AngerThreshold = RepoPaths.Options<EscalationOptions>(EscalationOptions.Section).AngerThreshold;

    private static ComplaintHarness Harness() => new(sentiment: new ModelSentimentAnalyzer(SentimentModel.Default));

    /// <summary>Sends the messages until the bot hands over; the number of messages it took (0: never).</summary>
    private static async Task<int> TalkUntilHandOff(ComplaintHarness h, TestAdapter c, string lang, IReadOnlyList<string> messages)
    {
        for (var i = 0; i < messages.Count; i++)
        {
            var replies = await c.SendAsync(messages[i]);
            if (h.Handoff.Requests.Count > 0)
            {
                Assert.Contains(replies, r => r.Text == h.T(lang, "handoff.person", new { caseNumber = Case1 }));
                return i + 1;
            }
        }
        return 0;
    }

    public static TheoryData<string, string[]> PoliteButEscalating => new()
    {
        { "en-US", [
            "Hi, my parcel from order SO10000003 hasn't arrived yet, could you please check where it is?",
            "I have been waiting 9 days for it now.",
            "Hello? Is anyone there?? This is the third time I'm asking about this parcel.",
            "Do you want to deal with it or not?",
        ] },
        { "en-US", [
            "Good morning, order SO10000003 still has not been delivered.",
            "Sorry, I already told you the order number, it is SO10000003.",
            "Order SO10000003 still has not been delivered.",
            "Are you going to do something about it, yes or no?",
        ] },
        { "zh-CN", [
            "你好，我订单SO10000003的包裹还没收到，麻烦帮我查一下",
            "已经等了九天了",
            "在吗？有人吗？？我这是第三次问了",
            "你们到底管不管？",
        ] },
        { "zh-CN", [
            "您好，订单SO10000003一直没有送到",
            "订单号我都说过了，SO10000003",
            "订单SO10000003一直没有送到",
            "能不能给个准话？",
        ] },
        // Stacked exclamation marks instead of question marks, with the wait counted and the order number given again.
        { "en-US", [
            "Hi, my parcel from order SO10000003 hasn't arrived yet, could you please check?",
            "It has been two weeks now!!!",
            "I already told you the order number, SO10000003!!!",
            "Why does nobody answer me???",
        ] },
        { "zh-CN", [
            "你好，订单SO10000003的包裹还没到，能帮我查查吗",
            "已经等了两个星期了！！",
            "订单号我都说过了，SO10000003！！！",
            "怎么没人回我？？？",
        ] },
        // The examples of customers who do not swear: an ultimatum, dissatisfaction with money wrongly taken, and
        // an open-ended wait stacked with ???; no message is angry on its own.
        { "en-US", [
            "Hi, I was charged for order SO10000003 but it still has not shipped.",
            "Do you want to deal with it, or not?",
            "I am dissatisfied, I want to cancel and I want back the money that has wrongly charged me.",
            "Can it take weeks???",
        ] },
        { "zh-CN", [
            "你好，订单SO10000003扣了钱但是一直没发货",
            "你们到底管不管？",
            "我很不满意，我要取消订单，把乱扣的钱退给我",
            "难道要等几个星期吗？？？",
        ] },
    };

    [Theory, MemberData(nameof(PoliteButEscalating))]
    public async Task A_polite_customer_losing_patience_is_handed_to_a_person_by_the_fourth_message(string lang, string[] messages)
    {
        using var h = Harness();
        var c = h.Customer(lang);
        var at = await TalkUntilHandOff(h, c, lang, messages);

        Assert.InRange(at, 2, 4);
        var k = await h.OnlyCaseAsync(c);
        Assert.Equal(CaseStatus.Escalated, k.Status);
        Assert.Equal(HandoffTriggers.PolicyPrefix + EscalationPolicy.Triggers.Frustration, k.EscalationTrigger);
        var mood = Assert.Single(h.Handoff.Requests).Mood!;
        // No message on its own would have been enough.
        Assert.All(mood.RecentAnger, a => Assert.True(a < AngerThreshold, $"a message had anger {a} ≥ {AngerThreshold}"));
        Assert.NotEmpty(mood.FrustrationSignals);
    }

    /// <summary>
    /// The customer proves the order with its phone's last four digits in the second message, the bot restates the
    /// complaint, and the customer rejects the restatement twice (the first time repeating themselves).
    /// </summary>
    public static TheoryData<string, string[]> RejectsTheRestatementTwice => new()
    {
        { "en-US", [
            "The blender from order SO10000006 arrived damaged, I would like a replacement please",
            ComplaintHarness.Last4("SO10000006"),
            "No, that's not right, I already told you: a replacement!!",
            "No, still not right!!! Is anyone actually reading this?",
        ] },
        { "zh-CN", [
            "订单SO10000006的料理机收到时破损了，麻烦给我换一个新的",
            ComplaintHarness.Last4("SO10000006"),
            "不对，我都说过了，是换货！！",
            "不是，还是不对。有人在看吗？？",
        ] },
    };

    [Theory, MemberData(nameof(RejectsTheRestatementTwice))]
    public async Task A_customer_who_rejects_the_restatement_twice_is_handed_to_a_person_by_the_fourth_message(string lang, string[] messages)
    {
        using var h = Harness();
        var c = h.Customer(lang);
        Assert.Equal(4, await TalkUntilHandOff(h, c, lang, messages));
        var k = await h.OnlyCaseAsync(c);
        Assert.Equal(HandoffTriggers.PolicyPrefix + EscalationPolicy.Triggers.Frustration, k.EscalationTrigger);
        var mood = Assert.Single(h.Handoff.Requests).Mood!;
        Assert.Contains(mood.FrustrationSignals, s => s.StartsWith(FrustrationSignals.Kinds.RestatementRejected));
        Assert.All(mood.RecentAnger, a => Assert.True(a < AngerThreshold, $"a message had anger {a} ≥ {AngerThreshold}"));
    }

    public static TheoryData<string, string[]> Calm => new()
    {
        { "en-US", [
            "The blender from order SO10000006 arrived damaged",
            "I would like a replacement please",
            "Yes, that's right",
            "1",
            "Thanks, that works for me",
        ] },
        { "en-US", [
            "Hi, I ordered a jacket with order SO10000002 but you sent me the wrong item",
            "Could I get an exchange?",
            "Yes",
            "It has been 3 days since it arrived, is that still fine for an exchange?",
            "Great, thank you",
        ] },
        { "zh-CN", [
            "订单SO10000006的料理机收到时破损了",
            "麻烦给我换一个新的",
            "是的，没错",
            "1",
            "好的，谢谢",
        ] },
        { "zh-CN", [
            "你好，订单SO10000002发错货了",
            "我想换货",
            "对",
            "收到已经三天了，还能换吗？",
            "好的，谢谢你们",
        ] },
    };

    [Theory, MemberData(nameof(Calm))]
    public async Task A_calm_conversation_of_several_turns_stays_with_the_bot(string lang, string[] messages)
    {
        using var h = Harness();
        var c = h.Customer(lang);
        Assert.Equal(0, await TalkUntilHandOff(h, c, lang, messages));
        Assert.Empty(h.Handoff.Requests);
        Assert.All(await h.CasesOfAsync(c), k => Assert.Null(k.EscalationTrigger));
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task The_first_escalation_trigger_stays_when_remedies_are_refused_after_the_case_is_handed_back(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000006");
        await c.Say(lang == "zh-CN"
            ? "订单SO10000006的料理机收到就是坏的！你们这是什么垃圾服务！气死我了！！"
            : "The blender from order SO10000006 arrived smashed!!! Worst service ever, you people are useless, I am furious!",
            h.T(lang, "handoff.person", new { caseNumber = Case1 }));
        Assert.Equal(HandoffTriggers.PolicyPrefix + EscalationPolicy.Triggers.Anger, (await h.OnlyCaseAsync(c)).EscalationTrigger);

        // The agent hands the conversation back for remedies; the customer refuses the offers and the negotiated ones.
        await c.SendAsync(new Activity
        {
            Type = ActivityTypes.Event, Name = ComplaintEvents.Resume,
            Value = new JsonObject { ["at"] = ComplaintEvents.ResumeAt.Remedies, ["case"] = Case1 },
        });
        await c.Say(h.T(lang, "remedies.neither"));
        await c.Say(h.T(lang, "remedies.neither"), h.T(lang, "handoff.supervisor", new { caseNumber = Case1 }));

        var k = await h.OnlyCaseAsync(c);
        Assert.Equal(HandoffTriggers.PolicyPrefix + EscalationPolicy.Triggers.Anger, k.EscalationTrigger);
        Assert.Contains(k.AnalysisReasons, r => r.Contains(HandoffTriggers.RemediesRefused));
        var zone = TimeZoneInfo.Utc;
        var stats = await h.Cases.GetStatisticsAsync(new CaseStatisticsQuery(h.Clock.GetUtcNow().AddDays(-1), h.Clock.GetUtcNow().AddDays(1), h.Clock.GetUtcNow(), zone));
        Assert.Equal(1, stats.EscalationTriggers[HandoffTriggers.PolicyPrefix + EscalationPolicy.Triggers.Anger]);
        Assert.False(stats.EscalationTriggers.ContainsKey(HandoffTriggers.RemediesRefused));
    }
}

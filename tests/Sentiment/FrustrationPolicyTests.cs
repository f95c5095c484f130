using System.Text.Json;
using ComplaintBot.Dialogs.Sentiment;

namespace ComplaintBot.Tests.Sentiment;

/// <summary>Frustration signals in one message, and the escalation policy adding them up across turns.</summary>
public class FrustrationPolicyTests
{
    private readonly EscalationPolicy _policy = new(new EscalationOptions());

    /// <summary>A polite reading: negative, well below the anger threshold.</summary>
    private static readonly SentimentResult Calm = new(SentimentLabel.Negative, 0.1, 0.6, 0.3, 0.2, [], "test");

    private EscalationDecision Say(MoodState mood, string text, SentimentResult? sentiment = null, bool rejectsRestatement = false)
        => _policy.Evaluate(mood, sentiment ?? Calm, new EscalationContext(Text: text, RejectsRestatement: rejectsRestatement));

    [Theory]
    [InlineData("This is the third time I'm asking.", FrustrationSignals.Kinds.Repeat)]
    [InlineData("I already told you the order number.", FrustrationSignals.Kinds.Repeat)]
    [InlineData("我又问了一遍，还是没人回答", FrustrationSignals.Kinds.Repeat)]
    [InlineData("说了多少遍了", FrustrationSignals.Kinds.Repeat)]
    [InlineData("Is anyone there?", FrustrationSignals.Kinds.Presence)]
    [InlineData("有人吗", FrustrationSignals.Kinds.Presence)]
    [InlineData("Why is it not here???", FrustrationSignals.Kinds.Punctuation)]
    [InlineData("为什么还不发货！！！", FrustrationSignals.Kinds.Punctuation)]
    [InlineData("I've been waiting 12 days for a reply", FrustrationSignals.Kinds.Waiting)]
    [InlineData("two weeks now and still nothing", FrustrationSignals.Kinds.Waiting)]
    [InlineData("已经等了五天了", FrustrationSignals.Kinds.Waiting)]
    [InlineData("都一个多星期了", FrustrationSignals.Kinds.Waiting)]
    [InlineData("Do you want to deal with it, or not?", FrustrationSignals.Kinds.Ultimatum)]
    [InlineData("你们到底管不管", FrustrationSignals.Kinds.Ultimatum)]
    // From the issue: support customers rarely swear.
    [InlineData("Can it take weeks???", FrustrationSignals.Kinds.Waiting)]
    [InlineData("Is this going to take months?", FrustrationSignals.Kinds.Waiting)]
    [InlineData("难道要等几个星期吗", FrustrationSignals.Kinds.Waiting)]
    [InlineData("I am dissatisfied, I want to cancel and I want back the money that has wrongly charged me.", FrustrationSignals.Kinds.Dissatisfied)]
    [InlineData("You charged me twice, I want my money back", FrustrationSignals.Kinds.Dissatisfied)]
    [InlineData("This is unacceptable.", FrustrationSignals.Kinds.Dissatisfied)]
    [InlineData("我很不满意，把乱扣的钱退给我", FrustrationSignals.Kinds.Dissatisfied)]
    [InlineData("重复扣款了，还我钱", FrustrationSignals.Kinds.Dissatisfied)]
    public void Each_kind_of_signal_is_read_in_both_languages(string text, string kind)
        => Assert.Contains(FrustrationSignals.Read(text, repeatsEarlier: false), s => s.Kind == kind);

    [Theory]
    [InlineData("Hi, my parcel has not arrived yet, could you check?")]
    [InlineData("I'd like a refund please.")]
    [InlineData("你好，我的快递还没到，帮我查一下")]
    [InlineData("好的，谢谢")]
    [InlineData("Is it possible to exchange the size?")]
    [InlineData("Could I cancel the order and get a refund?")]
    [InlineData("如果不满意可以退货吗？")]
    public void Ordinary_messages_carry_no_signal(string text)
        => Assert.Empty(FrustrationSignals.Read(text, repeatsEarlier: false));

    [Fact]
    public void Frustration_building_over_turns_escalates_though_no_message_is_angry()
    {
        var mood = new MoodState();
        Assert.False(Say(mood, "Hi, order SO1 has not arrived, could you check?").Escalate);
        Assert.False(Say(mood, "It has been 9 days now.").Escalate);
        Assert.False(Say(mood, "I already told you the order number.").Escalate);
        var d = Say(mood, "Do you want to deal with it or not?");
        Assert.True(d.Escalate);
        Assert.Equal(EscalationPolicy.Triggers.Frustration, d.Trigger);
        Assert.Contains("ultimatum", d.Reason);
        Assert.Equal(EscalationPolicy.Triggers.Frustration, mood.Decisions[^1].Trigger);
        Assert.All(mood.RecentAnger, a => Assert.True(a < 0.75));
    }

    [Fact]
    public void One_message_full_of_signals_is_not_enough_on_its_own()
    {
        var mood = new MoodState();
        var d = Say(mood, "Hello?? Is anyone there??? Third time I'm asking, do you want to deal with it or not???");
        Assert.False(d.Escalate);
        Assert.True(mood.Frustration > 0);
    }

    [Fact]
    public void Frustration_fades_when_the_customer_calms_down()
    {
        var mood = new MoodState();
        Say(mood, "Is anyone there?");
        foreach (var text in new[] { "ok, thanks for checking", "the order number is SO10000003", "yes that's the one", "I'd like a refund" })
            Assert.False(Say(mood, text).Escalate);
        Assert.False(Say(mood, "I already told you that.").Escalate);
    }

    [Fact]
    public void The_same_message_sent_again_counts_as_a_repeat()
    {
        var mood = new MoodState();
        Say(mood, "My order SO10000003 has not been delivered yet");
        Say(mood, "My order SO10000003 has not been delivered yet");
        Assert.Contains(mood.FrustrationSignals, s => s.StartsWith(FrustrationSignals.Kinds.Repeat));
    }

    [Fact]
    public void Rejecting_the_restatement_a_second_time_is_a_signal()
    {
        var mood = new MoodState();
        Say(mood, "no", rejectsRestatement: true);
        Assert.Empty(mood.FrustrationSignals);
        Say(mood, "no, that's not it", rejectsRestatement: true);
        Assert.Contains(mood.FrustrationSignals, s => s.StartsWith(FrustrationSignals.Kinds.RestatementRejected));
    }

    [Fact]
    public void A_positive_message_never_escalates_on_frustration()
    {
        var mood = new MoodState();
        var positive = new SentimentResult(SentimentLabel.Positive, 0.8, 0.1, 0.1, 0.1, [], "test");
        Say(mood, "Third time I'm asking, is anyone there??");
        Say(mood, "I already told you, it has been 9 days");
        Assert.False(Say(mood, "Is anyone there?? great, thanks!!", positive).Escalate);
    }

    [Fact]
    public void Frustration_can_be_switched_off()
    {
        var policy = new EscalationPolicy(new EscalationOptions { EscalateOnFrustration = false });
        var mood = new MoodState();
        foreach (var text in new[] { "Is anyone there??", "Third time I'm asking!!", "Do you want to deal with it or not???", "Hello?? anyone there??" })
            Assert.False(policy.Evaluate(mood, Calm, new EscalationContext(Text: text)).Escalate);
    }

    [Fact]
    public void The_frustration_state_survives_a_json_round_trip_without_the_message_text()
    {
        var mood = new MoodState();
        Say(mood, "My order SO10000003 is late, could you look into it");
        var json = JsonSerializer.Serialize(mood);
        Assert.DoesNotContain("SO10000003", json);
        var back = JsonSerializer.Deserialize<MoodState>(json)!;
        Assert.Equal(mood.Frustration, back.Frustration);
        Say(back, "My order SO10000003 is late, could you look into it");
        Assert.Contains(back.FrustrationSignals, s => s.StartsWith(FrustrationSignals.Kinds.Repeat));
    }
}

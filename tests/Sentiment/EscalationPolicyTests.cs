using ComplaintBot.Dialogs.Sentiment;

namespace ComplaintBot.Tests.Sentiment;

public class EscalationPolicyTests
{
    private readonly LexiconSentimentAnalyzer _analyzer = new();
    private readonly EscalationPolicy _policy = new(new EscalationOptions());

    private static SentimentResult Negative(double anger, params SentimentCue[] cues)
        => new(SentimentLabel.Negative, 0.1, 0.2, 0.7, anger, cues, "test");

    private EscalationDecision Say(MoodState mood, string text, EscalationContext? ctx = null)
        => _policy.Evaluate(mood, _analyzer.Analyze(text), ctx ?? new EscalationContext());

    [Fact]
    public void Anger_at_the_threshold_escalates()
    {
        var mood = new MoodState();
        var d = _policy.Evaluate(mood, Negative(0.8), new EscalationContext());
        Assert.True(d.Escalate);
        Assert.Equal(EscalationPolicy.Triggers.Anger, d.Trigger);
        Assert.Equal(EscalationPolicy.Triggers.Anger, mood.Decisions.Single().Trigger);
    }

    [Fact]
    public void Furious_message_from_the_lexicon_escalates_on_anger()
    {
        var d = Say(new MoodState(), "你们这些骗子，气死我了！！！");
        Assert.True(d.Escalate);
        Assert.Equal(EscalationPolicy.Triggers.Anger, d.Trigger);
    }

    [Fact]
    public void Steeply_rising_trend_escalates_below_the_threshold()
    {
        var mood = new MoodState();
        Assert.False(_policy.Evaluate(mood, Negative(0.1), new()).Escalate);
        Assert.False(_policy.Evaluate(mood, Negative(0.45), new()).Escalate);
        var d = _policy.Evaluate(mood, Negative(0.7), new());
        Assert.True(d.Escalate);
        Assert.Equal(EscalationPolicy.Triggers.Trend, d.Trigger);
        Assert.True(0.7 < new EscalationOptions().AngerThreshold);
    }

    [Fact]
    public void Flat_moderate_anger_does_not_escalate()
    {
        var mood = new MoodState();
        for (var i = 0; i < 6; i++) Assert.False(_policy.Evaluate(mood, Negative(0.6), new()).Escalate);
        Assert.Equal(6, mood.RecentAnger.Count);
    }

    [Fact]
    public void Only_the_last_six_messages_are_kept()
    {
        var mood = new MoodState();
        for (var i = 0; i < 10; i++) _policy.Evaluate(mood, Negative(0.1 * (i % 3)), new());
        Assert.Equal(6, mood.RecentAnger.Count);
        Assert.Equal(6, mood.TrendHistory.Count);
    }

    [Fact]
    public void Threat_escalates_even_when_anger_is_low()
    {
        var d = Say(new MoodState(), "不处理的话我会向12315反映");
        Assert.True(d.Escalate);
        Assert.Equal(EscalationPolicy.Triggers.Threat, d.Trigger);
        Assert.Contains("12315", d.Reason);
    }

    [Fact]
    public void Safety_issue_escalates()
    {
        var d = Say(new MoodState(), "The heater started to smoke and caught fire");
        Assert.True(d.Escalate);
        Assert.Equal(EscalationPolicy.Triggers.Safety, d.Trigger);
    }

    [Fact]
    public void Explicit_request_escalates_from_the_cue_or_the_context()
    {
        Assert.Equal(EscalationPolicy.Triggers.HumanRequest, Say(new MoodState(), "转人工").Trigger);
        var d = Say(new MoodState(), "ok", new EscalationContext(ExplicitHumanRequest: true));
        Assert.True(d.Escalate);
        Assert.Equal(EscalationPolicy.Triggers.HumanRequest, d.Trigger);
    }

    [Fact]
    public void Three_turns_not_understood_in_a_row_escalate()
    {
        var mood = new MoodState();
        var lost = new EscalationContext(NotUnderstood: true);
        Assert.False(Say(mood, "嗯", lost).Escalate);
        Assert.False(Say(mood, "那个", lost).Escalate);
        var d = Say(mood, "就是那个", lost);
        Assert.True(d.Escalate);
        Assert.Equal(EscalationPolicy.Triggers.NotUnderstood, d.Trigger);
    }

    [Fact]
    public void An_understood_turn_resets_the_misunderstanding_streak()
    {
        var mood = new MoodState();
        var lost = new EscalationContext(NotUnderstood: true);
        Say(mood, "嗯", lost);
        Say(mood, "那个", lost);
        Say(mood, "订单号是123", new EscalationContext());
        Assert.False(Say(mood, "嗯", lost).Escalate);
        Assert.Equal(1, mood.NotUnderstoodStreak);
    }

    [Fact]
    public void High_tier_customer_with_serious_case_escalates()
    {
        var d = Say(new MoodState(), "The blender arrived with a cracked jug", new EscalationContext(CustomerTier: "Gold", Severity: "serious"));
        Assert.True(d.Escalate);
        Assert.Equal(EscalationPolicy.Triggers.TierSeverity, d.Trigger);
        Assert.False(Say(new MoodState(), "The blender arrived with a cracked jug", new EscalationContext(CustomerTier: "regular", Severity: "serious")).Escalate);
    }

    [Theory]
    [InlineData("你好，我想问一下订单什么时候到", "好的，谢谢", "麻烦帮我查一下物流", "非常感谢，服务很好")]
    [InlineData("Hi, where is my parcel?", "Thanks, that helps", "Great, thank you so much!", "ok")]
    [InlineData("明天见！！", "收到了！！", "好的！！", "周末愉快！！")]
    [InlineData("您好，帮我查一下物流好吗", "好的，谢谢", "那明天再联系好不好", "好的")]
    public void Calm_positive_and_neutral_conversations_never_escalate(params string[] messages)
    {
        var mood = new MoodState();
        foreach (var m in messages)
        {
            var d = Say(mood, m);
            Assert.False(d.Escalate, $"{m}: {d.Reason}");
        }
        Assert.All(mood.Decisions, r => Assert.False(r.Escalated));
        Assert.Equal(messages.Length, mood.Decisions.Count);
    }

    [Fact]
    public void Positive_or_neutral_message_never_escalates_on_mood_even_with_a_high_score()
    {
        var mood = new MoodState();
        var oddlyScored = new SentimentResult(SentimentLabel.Positive, 0.8, 0.1, 0.1, 0.9, [], "test");
        Assert.False(_policy.Evaluate(mood, oddlyScored, new()).Escalate);
        var neutral = new SentimentResult(SentimentLabel.Neutral, 0.1, 0.8, 0.1, 0.9, [], "test");
        Assert.False(_policy.Evaluate(mood, neutral, new()).Escalate);
    }

    [Fact]
    public void Every_decision_is_recorded_with_its_reason()
    {
        var mood = new MoodState();
        Say(mood, "你好");
        Say(mood, "我要投诉到消协");
        Assert.Equal(2, mood.Decisions.Count);
        Assert.False(mood.Decisions[0].Escalated);
        Assert.Equal("none", mood.Decisions[0].Trigger);
        Assert.True(mood.Decisions[1].Escalated);
        Assert.False(string.IsNullOrWhiteSpace(mood.Decisions[1].Reason));
    }

    [Fact]
    public void Thresholds_come_from_options()
    {
        var strict = new EscalationPolicy(new EscalationOptions { AngerThreshold = 0.95 });
        Assert.False(strict.Evaluate(new MoodState(), Negative(0.8), new()).Escalate);
    }

    [Fact]
    public void Mood_state_survives_a_json_round_trip_with_its_decisions()
    {
        var mood = new MoodState();
        Say(mood, "你好");
        Say(mood, "我要投诉到消协");
        var json = System.Text.Json.JsonSerializer.Serialize(mood);
        var back = System.Text.Json.JsonSerializer.Deserialize<MoodState>(json)!;
        Assert.Equal(mood.RecentAnger, back.RecentAnger);
        Assert.Equal(mood.Trend, back.Trend);
        Assert.Equal(mood.Decisions, back.Decisions);
        Assert.True(back.Decisions[1].Escalated);
        Assert.False(back.Decisions[0].Escalated);
    }
}

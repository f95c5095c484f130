using ComplaintBot.Dialogs.Sentiment;

namespace ComplaintBot.Tests.Sentiment;

public class LexiconAnalyzerTests
{
    private readonly LexiconSentimentAnalyzer _analyzer = new();

    [Theory]
    [InlineData("质量很好，很满意")]
    [InlineData("The product is great, thank you")]
    public void Plainly_positive_messages_are_positive_and_calm(string text)
    {
        var r = _analyzer.Analyze(text);
        Assert.Equal(SentimentLabel.Positive, r.Label);
        Assert.True(r.Anger < 0.2, $"anger {r.Anger}");
        Assert.Contains(r.Cues, c => c.Kind == CueKind.Positive);
    }

    [Theory]
    [InlineData("很满意", "不太满意")]
    [InlineData("好吃", "一点都不好吃")]
    [InlineData("the service was good", "the service was not good")]
    [InlineData("I like it", "I don't like it")]
    public void Negation_flips_a_positive_word_to_negative(string plain, string negated)
    {
        var a = _analyzer.Analyze(plain);
        var b = _analyzer.Analyze(negated);
        Assert.True(a.Positive > a.Negative, $"{plain}: {a}");
        Assert.True(b.Negative > b.Positive, $"{negated}: {b}");
        Assert.Contains(b.Cues, c => c.Kind == CueKind.Negation);
    }

    [Theory]
    [InlineData("价格贵", "价格不贵")]
    [InlineData("it is bad", "it is not bad at all")]
    public void Negation_softens_a_negative_word(string plain, string negated)
    {
        var a = _analyzer.Analyze(plain);
        var b = _analyzer.Analyze(negated);
        Assert.True(a.Negative > a.Positive);
        Assert.True(b.Positive - b.Negative > a.Positive - a.Negative);
    }

    [Fact]
    public void Negation_scope_ends_at_the_clause_boundary()
    {
        var r = _analyzer.Analyze("我没有别的要求，东西很好");
        Assert.Equal(SentimentLabel.Positive, r.Label);
    }

    [Theory]
    [InlineData("质量差", "质量非常差")]
    [InlineData("this is bad", "this is extremely bad")]
    public void Intensifiers_strengthen_the_next_word(string plain, string intensified)
    {
        Assert.True(_analyzer.Score(intensified).Negative > _analyzer.Score(plain).Negative);
        Assert.Contains(_analyzer.Analyze(intensified).Cues, c => c.Kind == CueKind.Intensifier);
    }

    [Theory]
    [InlineData("很失望", "有点失望")]
    [InlineData("I am disappointed", "I am a bit disappointed")]
    public void Diminishers_weaken_the_next_word(string plain, string softened)
        => Assert.True(_analyzer.Score(softened).Negative < _analyzer.Score(plain).Negative);

    [Fact]
    public void What_follows_but_outweighs_what_precedes_it()
    {
        Assert.Equal(SentimentLabel.Negative, _analyzer.Analyze("包装很漂亮，但是质量太差了").Label);
        Assert.Equal(SentimentLabel.Positive, _analyzer.Analyze("delivery was slow but the quality is excellent").Label);
    }

    [Fact]
    public void Repeated_exclamation_marks_raise_anger_of_a_negative_message()
    {
        var calm = _analyzer.Analyze("退款太慢了");
        var loud = _analyzer.Analyze("退款太慢了！！！");
        Assert.True(loud.Anger > calm.Anger);
        Assert.Contains(loud.Cues, c => c.Kind == CueKind.Punctuation);
    }

    [Fact]
    public void All_caps_raises_anger_of_a_negative_message()
    {
        var calm = _analyzer.Analyze("this is unacceptable, where is my order");
        var caps = _analyzer.Analyze("THIS IS UNACCEPTABLE, WHERE IS MY ORDER");
        Assert.True(caps.Anger > calm.Anger);
        Assert.Contains(caps.Cues, c => c.Kind == CueKind.Caps);
    }

    [Fact]
    public void Caps_alone_on_a_neutral_message_is_not_anger()
        => Assert.True(_analyzer.Analyze("ORDER NUMBER 12345 PLEASE").Anger < 0.5);

    [Theory]
    [InlineData("再不退款我就打12315投诉你们")]
    [InlineData("我要找律师起诉你们")]
    [InlineData("I will call my lawyer and file a chargeback")]
    [InlineData("I'm going to report you to the BBB")]
    public void Threats_are_cued(string text)
    {
        var r = _analyzer.Analyze(text);
        Assert.True(r.HasThreat, string.Join(",", r.Cues));
        Assert.True(r.Negative > r.Positive);
    }

    [Theory]
    [InlineData("充电器用了一天就起火了")]
    [InlineData("孩子吃了以后过敏了")]
    [InlineData("the kettle caught fire and I burned my hand")]
    [InlineData("my son had an allergic reaction")]
    public void Safety_issues_are_cued(string text) => Assert.True(_analyzer.Analyze(text).HasSafetyIssue);

    [Theory]
    [InlineData("转人工")]
    [InlineData("我要找真人客服")]
    [InlineData("let me talk to a real person")]
    public void Requests_for_a_person_are_cued(string text) => Assert.True(_analyzer.Analyze(text).AsksForHuman);

    [Theory]
    [InlineData("你们这些骗子，卖假货，垃圾店！")]
    [InlineData("气死我了，什么破服务")]
    [InlineData("This is a fucking scam, you idiots")]
    [InlineData("I'm so angry, this is ridiculous!!")]
    public void Insults_and_anger_words_make_high_anger(string text)
    {
        var r = _analyzer.Analyze(text);
        Assert.True(r.Anger >= 0.75, $"anger {r.Anger}");
        Assert.Equal(SentimentLabel.Negative, r.Label);
    }

    [Fact]
    public void Ecommerce_complaint_words_are_negative_cues()
    {
        var r = _analyzer.Analyze("收到的是假货，包装破损，退款慢");
        Assert.Equal(SentimentLabel.Negative, r.Label);
        Assert.True(r.Cues.Count(c => c.Kind == CueKind.Complaint) >= 3);
    }

    [Theory]
    [InlineData("好像还没发货")]
    [InlineData("the class assignment")]
    public void Words_inside_longer_words_do_not_match(string text)
        => Assert.DoesNotContain(_analyzer.Analyze(text).Cues, c => c.Kind is CueKind.Positive or CueKind.Profanity);

    [Fact]
    public void Neutral_question_is_neutral()
    {
        var r = _analyzer.Analyze("我的订单什么时候发货？");
        Assert.Equal(SentimentLabel.Neutral, r.Label);
        Assert.Equal(0, r.Anger);
    }

    [Fact]
    public void Scores_sum_to_one()
    {
        var r = _analyzer.Analyze("东西不错，但是快递太慢");
        Assert.Equal(1.0, r.Positive + r.Neutral + r.Negative, 6);
    }
}

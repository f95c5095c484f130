using ComplaintBot.Dialogs.Sentiment;

namespace ComplaintBot.Tests.Sentiment;

/// <summary>The English corpus model (trained at first use from the embedded corpus) and its blend into the lexicon.</summary>
public class EnglishCorpusBlendTests
{
    private readonly LexiconSentimentAnalyzer _plain = new();
    private readonly LexiconSentimentAnalyzer _blended = new(options: new LexiconOptions { EnglishCorpusBlend = 1 });

    [Theory]
    [InlineData("You lot are useless, my refund is three weeks late and nobody answers!!")]
    [InlineData("damn that was a brutal match, well played both teams")]
    [InlineData("I'm gutted the shop closed, loved that place")]
    [InlineData("my brother yelled at the telly all night lol, classic derby")]
    [InlineData("Where is my parcel? It said Tuesday.")]
    public void The_blend_never_raises_anger_and_never_changes_the_label(string text)
    {
        var plain = _plain.Analyze(text);
        var blended = _blended.Analyze(text);
        Assert.True(blended.Anger <= plain.Anger, $"{text}: {plain.Anger} -> {blended.Anger}");
        Assert.Equal(plain.Label, blended.Label);
        Assert.Equal(plain.Cues.Count, blended.Cues.Count);
    }

    [Theory]
    [InlineData("你们这些骗子，气死我了！！！")]
    [InlineData("快递太慢了，等了一个星期")]
    [InlineData("damn 这个客服真的垃圾")]
    public void Chinese_messages_are_untouched_by_the_english_corpus_model(string text)
    {
        var plain = _plain.Analyze(text);
        var blended = _blended.Analyze(text);
        Assert.True(plain.Anger > 0, $"{text} should carry some anger for this test to mean anything");
        Assert.Equal((plain.Label, plain.Positive, plain.Negative, plain.Anger), (blended.Label, blended.Positive, blended.Negative, blended.Anger));
    }

    [Fact]
    public void The_blend_is_off_unless_configured()
    {
        Assert.Equal(0, new LexiconOptions().EnglishCorpusBlend);
        const string text = "ugh, the courier left it in the rain again";
        Assert.Equal(new LexiconSentimentAnalyzer(options: new LexiconOptions { EnglishCorpusBlend = 0 }).Analyze(text).Anger,
            _plain.Analyze(text).Anger);
    }

    [Fact]
    public void A_real_complaint_keeps_more_of_its_anger_than_friendly_banter_with_the_same_swear()
    {
        var model = EnglishAngerModel.Default;
        var complaint = model.Predict("Stop lying to me, where the hell is my refund?", 0.6);
        var banter = model.Predict("what the hell, that was the best pizza ever lol", 0.6);
        Assert.True(complaint > banter, $"complaint {complaint:0.00}, banter {banter:0.00}");
    }

    [Fact]
    public void Training_on_the_same_corpus_gives_the_same_model()
    {
        var corpus = EnglishAngerModel.EmbeddedCorpus();
        var lexicon = new LexiconSentimentAnalyzer();
        var a = EnglishAngerModel.Train(corpus, t => lexicon.Analyze(t).Anger);
        var b = EnglishAngerModel.Train(corpus, t => lexicon.Analyze(t).Anger);
        foreach (var text in new[] { "you call this a refund policy?", "lovely weather for a picnic", "meh" })
            Assert.Equal(a.Correction(text), b.Correction(text));
        Assert.Equal(corpus.Count, a.TrainedOn);
    }

    [Fact]
    public void The_embedded_corpus_has_both_labels_and_no_repeated_lines()
    {
        var corpus = EnglishAngerModel.EmbeddedCorpus();
        Assert.True(corpus.Count >= 2000, $"{corpus.Count} rows");
        Assert.True(corpus.Count(r => r.Angry) >= 800);
        Assert.True(corpus.Count(r => !r.Angry) >= 800);
        Assert.Equal(corpus.Count, corpus.Select(r => r.Text.Trim().ToLowerInvariant()).Distinct().Count());
    }

    [Theory]
    [InlineData("Hi, where is my parcel?", "Thanks, that helps", "Great, thank you so much!", "ok")]
    [InlineData("holy crap that was fast delivery", "damn, the jacket fits perfectly", "lol my dog already loves the toy")]
    public void Calm_conversations_never_escalate_with_the_blend_on(params string[] messages)
    {
        var policy = new EscalationPolicy(new EscalationOptions());
        var mood = new MoodState();
        foreach (var m in messages)
            Assert.False(policy.Evaluate(mood, _blended.Analyze(m), new EscalationContext()).Escalate, m);
        Assert.Equal(messages.Length, mood.Decisions.Count);
    }
}

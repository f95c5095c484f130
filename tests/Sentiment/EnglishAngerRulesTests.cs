using ComplaintBot.Dialogs.Sentiment;

namespace ComplaintBot.Tests.Sentiment;

/// <summary>The English rules of the lexicon analyzer that separate anger from swearing, joking and sympathy.</summary>
public class EnglishAngerRulesTests
{
    private readonly LexiconSentimentAnalyzer _analyzer = new();

    [Theory]
    [InlineData("this is fucking awesome")]
    [InlineData("the new update is so f***ing good")]
    [InlineData("damn fine work, thank you")]
    [InlineData("well fucking said")]
    [InlineData("fuck yeah, it finally works")]
    public void A_swear_that_emphasises_praise_is_not_anger(string text)
    {
        var r = _analyzer.Analyze(text);
        Assert.True(r.Anger < 0.5, $"anger {r.Anger}: {string.Join(",", r.Cues)}");
        Assert.Equal(SentimentLabel.Positive, r.Label);
    }

    [Theory]
    [InlineData("holy shit, that was quick")]
    [InlineData("that took a shitload of patience")]
    public void Swears_in_fixed_surprise_or_quantity_phrases_are_not_anger(string text)
        => Assert.True(_analyzer.Analyze(text).Anger < 0.5);

    [Fact]
    public void An_adverbial_swear_before_an_insult_stays_angry()
    {
        var r = _analyzer.Analyze("you are a fucking idiot");
        Assert.True(r.Anger >= 0.5, $"anger {r.Anger}");
        Assert.Contains(r.Cues, c => c.Kind == CueKind.Profanity);
    }

    [Theory]
    [InlineData("f*ck you and your store")]
    [InlineData("what a load of sh*t")]
    [InlineData("this f**king app crashed again")]
    [InlineData("the motherfucking courier lost it")]
    public void Obfuscated_swears_are_recognised(string text)
        => Assert.Contains(_analyzer.Analyze(text).Cues, c => c.Kind is CueKind.Profanity or CueKind.Anger);

    [Fact]
    public void Laughter_makes_a_jab_less_angry()
    {
        var jab = _analyzer.Analyze("that was stupid of you");
        var joking = _analyzer.Analyze("that was stupid of you lol");
        Assert.True(joking.Anger < jab.Anger, $"{joking.Anger} vs {jab.Anger}");
        Assert.True(joking.Anger < 0.5);
    }

    [Fact]
    public void A_winking_emoticon_is_laughter_not_a_clause_break()
    {
        var r = _analyzer.Analyze("nice try, you clown ;)");
        Assert.Contains(r.Cues, c => c.Text == ";)");
        Assert.True(r.Anger < _analyzer.Analyze("nice try, you clown").Anger);
    }

    [Fact]
    public void Consolation_around_bad_news_is_not_anger()
    {
        var plain = _analyzer.Analyze("losing your job sucks, that is awful");
        var consoling = _analyzer.Analyze("so sorry to hear that, losing your job sucks, that is awful");
        Assert.True(consoling.Anger < plain.Anger);
        Assert.True(consoling.Anger < 0.5, $"anger {consoling.Anger}");
    }

    [Fact]
    public void An_apology_before_but_does_not_soften_what_follows()
    {
        var r = _analyzer.Analyze("sorry, but this is ridiculous and you are all idiots");
        Assert.True(r.Anger >= 0.5, $"anger {r.Anger}");
    }

    [Theory]
    [InlineData("just do your job and refund me")]
    [InlineData("are you blind? the box is crushed")]
    public void Dismissive_retorts_to_staff_are_anger(string text)
        => Assert.True(_analyzer.Analyze(text).Anger >= 0.5, $"anger {_analyzer.Analyze(text).Anger}");

    [Theory]
    [InlineData("shut up, you clown")]
    [InlineData("who do you think you are?")]
    [InlineData("how dare you cancel my order")]
    [InlineData("what is your problem, seriously")]
    [InlineData("this policy is ridiculous and your excuse is pathetic")]
    [InlineData("that answer was laughable")]
    public void Retorts_and_contempt_are_anger(string text)
    {
        var r = _analyzer.Analyze(text);
        Assert.True(r.Anger >= 0.5, $"anger {r.Anger}: {string.Join(",", r.Cues)}");
    }

    [Fact]
    public void A_possessive_s_does_not_hide_the_word()
        => Assert.Contains(_analyzer.Analyze("that idiot's plan failed").Cues, c => c.Text == "idiot");

    [Fact]
    public void Disgust_is_negative_but_not_anger()
    {
        var r = _analyzer.Analyze("the smell in the fridge was disgusting");
        Assert.Equal(SentimentLabel.Negative, r.Label);
        Assert.True(r.Anger < 0.5, $"anger {r.Anger}");
    }

    [Fact]
    public void The_verb_mean_is_not_a_negative_word()
        => Assert.DoesNotContain(_analyzer.Analyze("I mean, it does what you mean").Cues, c => c.Kind == CueKind.Negative);

    [Fact]
    public void The_english_anger_scale_leaves_chinese_messages_alone()
    {
        var low = new LexiconSentimentAnalyzer(options: new LexiconOptions { EnglishAngerScale = 0.5 });
        var high = new LexiconSentimentAnalyzer(options: new LexiconOptions { EnglishAngerScale = 1.0 });
        Assert.Equal(high.Analyze("气死我了，什么破服务").Anger, low.Analyze("气死我了，什么破服务").Anger);
        Assert.True(low.Analyze("this is ridiculous").Anger < high.Analyze("this is ridiculous").Anger);
    }

    [Fact]
    public void An_emoji_does_not_turn_an_english_message_into_chinese()
        => Assert.Contains(_analyzer.Analyze("THIS IS A TERRIBLE SERVICE 😡").Cues, c => c.Kind == CueKind.Caps);

    [Theory]
    [InlineData("I'm so sad and scared, everything went wrong today", "everything went wrong today")]
    [InlineData("I miss my old phone, this one is bad", "this one is bad")]
    [InlineData("honestly I'm worried and nervous, the results were terrible", "the results were terrible")]
    public void Sadness_and_fear_words_take_anger_away_but_stay_negative(string sadOrAfraid, string plain)
    {
        var feeling = _analyzer.Analyze(sadOrAfraid);
        var bare = _analyzer.Analyze(plain);
        Assert.Equal(SentimentLabel.Negative, feeling.Label);
        Assert.True(feeling.Anger < bare.Anger || bare.Anger == 0, $"{feeling.Anger} vs {bare.Anger}");
        Assert.True(feeling.Anger < 0.5, $"anger {feeling.Anger}");
    }

    [Fact]
    public void An_insult_still_reads_as_anger_next_to_a_sad_word()
    {
        var r = _analyzer.Analyze("sadly you are all incompetent idiots");
        Assert.True(r.Anger >= 0.5, $"anger {r.Anger}: {string.Join(",", r.Cues)}");
    }

    [Fact]
    public void An_english_swear_weighs_more_as_anger_than_its_list_weight()
    {
        var plainWeights = new LexiconSentimentAnalyzer(options: new LexiconOptions { EnglishSwearAngerFactor = 1.0 });
        var text = "fuck this store";
        var weighted = _analyzer.Analyze(text);
        Assert.True(weighted.Anger > plainWeights.Analyze(text).Anger);
        Assert.True(weighted.Anger >= 0.5, $"anger {weighted.Anger}");
    }

    [Fact]
    public void The_swear_factor_leaves_praise_emphasis_and_chinese_curses_alone()
    {
        var plainWeights = new LexiconSentimentAnalyzer(options: new LexiconOptions { EnglishSwearAngerFactor = 1.0 });
        Assert.Equal(plainWeights.Analyze("so fucking good").Anger, _analyzer.Analyze("so fucking good").Anger);
        Assert.Equal(plainWeights.Analyze("你们这帮混蛋，垃圾店").Anger, _analyzer.Analyze("你们这帮混蛋，垃圾店").Anger);
    }

    [Fact]
    public void Praise_that_outweighs_a_jab_halves_its_anger()
    {
        var noRule = new LexiconSentimentAnalyzer(options: new LexiconOptions { PraiseOutweighsAngerFactor = 1.0 });
        const string text = "the courier was an idiot, the shop itself is great, friendly and fast, and I love the product";
        var mixed = _analyzer.Analyze(text);
        Assert.Equal(noRule.Score(text).Anger * 0.5, _analyzer.Score(text).Anger, 6);
        Assert.True(mixed.Anger < 0.5, $"anger {mixed.Anger}");
        Assert.True(_analyzer.Analyze("the courier was an idiot").Anger >= 0.5);
    }

    [Fact]
    public void Sarcastic_praise_outweighed_by_insults_stays_angry()
    {
        var r = _analyzer.Analyze("great, you lost my parcel again, you useless idiots");
        Assert.True(r.Anger >= 0.5, $"anger {r.Anger}: {string.Join(",", r.Cues)}");
    }

    private static LexiconSentimentAnalyzer With(Action<LexiconOptions> set)
    {
        var options = new LexiconOptions();
        set(options);
        return new LexiconSentimentAnalyzer(options: options);
    }

    [Theory]
    [InlineData("Ugh, you idiots lost my parcel")]
    [InlineData("Pathetic. Nobody answers the phone")]
    public void A_short_message_that_leads_with_the_anger_is_an_outburst(string text)
    {
        var off = With(o => o.OutburstAngerFactor = 1).Analyze(text);
        var on = _analyzer.Analyze(text);
        Assert.True(off.Anger > 0, $"{text} should carry anger for this test to mean anything");
        Assert.True(on.Anger > off.Anger, $"{on.Anger} vs {off.Anger}");
    }

    [Theory]
    [InlineData("I waited at home all day for the courier to come and in the end they were idiots")]
    [InlineData("you idiots lost my parcel lol")]
    public void A_late_anger_word_in_a_long_message_or_a_laughing_jab_is_not_an_outburst(string text)
    {
        var off = With(o => o.OutburstAngerFactor = 1).Analyze(text);
        Assert.True(off.Anger > 0, $"{text} should carry anger for this test to mean anything");
        Assert.Equal(off.Anger, _analyzer.Analyze(text).Anger);
    }

    [Fact]
    public void An_anger_word_inside_a_comment_of_three_sentences_weighs_less()
    {
        const string argument = "The match was on Sunday. The referee was biased. What a stupid decision that was.";
        const string twoSentences = "The referee was biased. What a stupid decision that was.";
        var off = With(o => o.ArgumentAngerFactor = 1);
        Assert.True(off.Analyze(argument).Anger > 0);
        Assert.True(_analyzer.Analyze(argument).Anger < off.Analyze(argument).Anger);
        Assert.Equal(off.Analyze(twoSentences).Anger, _analyzer.Analyze(twoSentences).Anger);
    }

    [Fact]
    public void Plain_negativity_without_an_anger_word_carries_less_anger_than_an_insult()
    {
        var off = With(o => o.NoAngerWordFactor = 1);
        const string plain = "Your service is terrible and slow!!!";
        const string insult = "Your service is terrible, you morons!!!";
        Assert.True(off.Analyze(plain).Anger > 0);
        Assert.True(_analyzer.Analyze(plain).Anger < off.Analyze(plain).Anger);
        Assert.Equal(off.Analyze(insult).Anger, _analyzer.Analyze(insult).Anger);
    }

    [Theory]
    [InlineData("你们的服务太差了！！！快递一直不到。客服也不回。我很生气。")]
    [InlineData("气死我了")]
    public void The_outburst_argument_and_plain_negativity_rules_leave_chinese_alone(string text)
    {
        var off = With(o => { o.OutburstAngerFactor = 1; o.ArgumentAngerFactor = 1; o.NoAngerWordFactor = 1; });
        Assert.True(off.Analyze(text).Anger > 0);
        Assert.Equal(off.Analyze(text).Anger, _analyzer.Analyze(text).Anger);
    }
}

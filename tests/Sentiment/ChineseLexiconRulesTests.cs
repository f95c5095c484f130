using ComplaintBot.Dialogs.Sentiment;

namespace ComplaintBot.Tests.Sentiment;

/// <summary>Rules and vocabulary of the Chinese list (zh.lex) beyond plain emotion words.</summary>
public class ChineseLexiconRulesTests
{
    private readonly LexiconSentimentAnalyzer _analyzer = new();

    [Theory]
    [InlineData("外婆住院了，我好难过，一个人偷偷哭")]
    [InlineData("半夜一个人走夜路，心慌得很，好害怕")]
    [InlineData("毕业了，好舍不得大家，会一直想念你们")]
    public void Sadness_and_fear_are_negative_but_not_angry(string text)
    {
        var r = _analyzer.Analyze(text);
        Assert.True(r.Negative > r.Positive, r.ToString());
        Assert.True(r.Anger < 0.3, $"anger {r.Anger}");
    }

    [Fact]
    public void The_same_complaint_is_less_angry_when_it_is_sad()
    {
        var angry = _analyzer.Analyze("你们又把我的包裹弄丢了，太过分了");
        var sad = _analyzer.Analyze("包裹弄丢了，里面是妈妈留给我的东西，好伤心");
        Assert.True(angry.Anger > sad.Anger + 0.2, $"{angry.Anger} vs {sad.Anger}");
    }

    [Theory]
    [InlineData("马勒戈壁的，排了两个小时队")]
    [InlineData("他妹的，电梯又坏了")]
    [InlineData("劳资不干了，有个屁用")]
    [InlineData("日了个狗了，刚洗的车又被溅了一身泥")]
    public void Written_around_curses_read_as_anger(string text)
    {
        var r = _analyzer.Analyze(text);
        Assert.True(r.Anger >= 0.5, $"anger {r.Anger}");
        Assert.Contains(r.Cues, c => c.Kind == CueKind.Profanity);
    }

    [Theory]
    [InlineData("房间靠马路，晚上有点吵")]
    [InlineData("我们去看孙子兵法的展览")]
    public void Place_and_book_words_that_contain_curse_characters_are_not_profanity(string text)
        => Assert.DoesNotContain(_analyzer.Analyze(text).Cues, c => c.Kind == CueKind.Profanity);

    [Theory]
    [InlineData("东西坏了还有脸让我自己修？")]
    [InlineData("天天打电话推销，有完没完")]
    [InlineData("这种说法真可笑，当我们是小孩吗")]
    [InlineData("又把快递放错地方，瞎搞")]
    public void Contempt_and_rhetorical_reproach_read_as_anger(string text)
    {
        var r = _analyzer.Analyze(text);
        Assert.True(r.Anger >= 0.5, $"anger {r.Anger}");
    }

    [Theory]
    [InlineData("面条有点硬")]
    [InlineData("汤太稠了")]
    public void A_degree_word_that_modifies_no_sentiment_word_still_complains(string text)
    {
        var r = _analyzer.Analyze(text);
        Assert.True(r.Negative > r.Positive, r.ToString());
        Assert.Contains(r.Cues, c => c.Kind == CueKind.Negative && c.Text.EndsWith('…'));
    }

    [Theory]
    [InlineData("这本书有点意思")]
    [InlineData("今天太阳很暖和，出去走走")]
    public void Degree_words_inside_other_words_do_not_complain(string text)
        => Assert.DoesNotContain(_analyzer.Analyze(text).Cues, c => c.Kind == CueKind.Negative);

    [Fact]
    public void A_degree_word_already_scored_through_its_sentiment_word_is_not_counted_twice()
    {
        var r = _analyzer.Analyze("有点咸");
        Assert.DoesNotContain(r.Cues, c => c.Text.EndsWith('…'));
        Assert.Contains(r.Cues, c => c.Kind == CueKind.Negative && c.Text == "咸");
    }

    [Theory]
    [InlineData("没有上次在店里吃的好吃")]
    [InlineData("这次的还没有楼下那家好")]
    public void Negation_reaches_across_a_comparison(string text)
    {
        var r = _analyzer.Analyze(text);
        Assert.True(r.Negative > r.Positive, r.ToString());
        Assert.Contains(r.Cues, c => c.Kind == CueKind.Negation);
    }

    [Theory]
    [InlineData("等了两个多小时才送到，汤也洒出来了")]
    [InlineData("没有筷子，饭菜都凉透了，分量好少")]
    [InlineData("太腻了，吃了两口就没胃口")]
    public void Food_delivery_complaints_are_negative(string text)
        => Assert.Equal(SentimentLabel.Negative, _analyzer.Analyze(text).Label);

    [Theory]
    [InlineData("准时送到，还是热的，很香")]
    [InlineData("送餐神速，分量足，没得说")]
    public void Food_delivery_praise_is_positive(string text)
        => Assert.Equal(SentimentLabel.Positive, _analyzer.Analyze(text).Label);

    [Fact]
    public void Praise_by_a_bare_degree_word_counts_only_at_the_end_of_its_clause()
    {
        var almost = _analyzer.Analyze("快递快一周了还没到");
        Assert.Equal(SentimentLabel.Negative, almost.Label);
        Assert.DoesNotContain(almost.Cues, c => c.Kind == CueKind.Positive);
        var praise = _analyzer.Analyze("好，就这样吧");
        Assert.Contains(praise.Cues, c => c.Kind == CueKind.Positive && c.Text == "好…");
    }

    [Theory]
    [InlineData("居然下雪了")]
    [InlineData("竟然在车站碰到了小学同学")]
    public void Surprise_markers_alone_are_not_anger(string text)
        => Assert.True(_analyzer.Analyze(text).Anger < 0.3);

    [Theory]
    [InlineData("凶手已经抓到了")]
    [InlineData("今天运气不错，天气也好")]
    [InlineData("孩子在操场上做操")]
    public void Plain_words_that_contain_an_anger_character_carry_no_anger(string text)
    {
        var r = _analyzer.Analyze(text);
        Assert.DoesNotContain(r.Cues, c => c.Kind is CueKind.Anger or CueKind.Profanity);
        Assert.True(r.Anger < 0.1, $"anger {r.Anger}");
    }

    [Theory]
    [InlineData("我擦，又停电了")]
    [InlineData("你们客服情商低得要命")]
    public void Euphemistic_curses_and_insults_about_wits_read_as_anger(string text)
        => Assert.True(_analyzer.Analyze(text).Anger >= 0.5);

    [Theory]
    [InlineData("情节引人入胜，孩子爱不释手", SentimentLabel.Positive)]
    [InlineData("真是的，发了三次消息都没回应", SentimentLabel.Negative)]
    [InlineData("说明书内容空洞，效果不佳", SentimentLabel.Negative)]
    [InlineData("招牌菜必点，还会光顾", SentimentLabel.Positive)]
    public void General_review_vocabulary_decides_the_label(string text, SentimentLabel expected)
        => Assert.Equal(expected, _analyzer.Analyze(text).Label);
    [Theory]
    [InlineData("你們的服務態度太差了，氣死我了", "你们的服务态度太差了，气死我了")]
    [InlineData("東西很好，謝謝老闆", "东西很好，谢谢老板")]
    [InlineData("說好的退款到現在還沒到帳", "说好的退款到现在还没到帐")]
    public void Traditional_script_scores_like_its_simplified_form(string traditional, string simplified)
    {
        var t = _analyzer.Analyze(traditional);
        var s = _analyzer.Analyze(simplified);
        Assert.Equal(s.Label, t.Label);
        Assert.Equal(s.Anger, t.Anger);
        Assert.Equal(s.Negative, t.Negative, 6);
    }

    [Fact]
    public void Characters_that_are_also_simplified_words_are_not_folded()
    {
        Assert.Equal("著名", ComplaintBot.Dialogs.Sentiment.Lexicon.SentimentLexicon.Normalize("著名"));
        Assert.Equal("乾坤", ComplaintBot.Dialogs.Sentiment.Lexicon.SentimentLexicon.Normalize("乾坤"));
    }

    [Theory]
    [InlineData("说好今天到，结果又取消了！！")]
    [InlineData("你什么时候才发货！！")]
    public void Shouting_without_any_sentiment_word_reads_as_agitation_with_a_neutral_label(string text)
    {
        var r = _analyzer.Analyze(text);
        Assert.True(r.Anger >= 0.5, $"anger {r.Anger}");
        Assert.Contains(r.Cues, c => c.Kind == CueKind.Punctuation);
        // No sentiment word: the label stays neutral, so the escalation policy never acts on this anger alone.
        Assert.Equal(SentimentLabel.Neutral, r.Label);
    }

    [Fact]
    public void Shouting_at_someone_is_angrier_than_shouting_alone()
        => Assert.True(_analyzer.Analyze("你什么时候才到！！").Anger > _analyzer.Analyze("什么时候才到！！").Anger);

    [Theory]
    [InlineData("收到礼物了，太开心了！！")]
    [InlineData("终于放假了！")]
    [InlineData("明天几点开门？")]
    public void Exclamations_next_to_praise_or_a_single_one_are_not_agitation(string text)
        => Assert.True(_analyzer.Analyze(text).Anger < 0.5, text);

    [Fact]
    public void Heartbreak_pulls_anger_down_like_other_sadness()
    {
        var r = _analyzer.Analyze("听到这个消息很伤心");
        Assert.True(r.Negative > r.Positive, r.ToString());
        Assert.Equal(0, r.Anger);
    }
    [Fact]
    public void Sadness_addressed_to_someone_is_longing_not_anger_at_them()
    {
        var longing = _analyzer.Analyze("好舍不得你们，一想到要分开就难过");
        Assert.DoesNotContain(longing.Cues, c => c.Kind == CueKind.Target);
        Assert.True(longing.Anger < 0.3, $"anger {longing.Anger}");
        var reproach = _analyzer.Analyze("你们太过分了，一直拖着不处理");
        Assert.Contains(reproach.Cues, c => c.Kind == CueKind.Target);
    }

    [Theory]
    [InlineData("服务真好，真是服了")]
    [InlineData("你们可真行，质量真不错，用一天就坏")]
    [InlineData("谢谢你全家")]
    public void Praise_next_to_an_irony_marker_is_read_as_a_complaint(string text)
    {
        var r = _analyzer.Analyze(text);
        Assert.Equal(SentimentLabel.Negative, r.Label);
        Assert.True(r.Anger >= 0.5, $"anger {r.Anger}");
    }

    [Fact]
    public void Praise_without_an_irony_marker_stays_praise()
        => Assert.Equal(SentimentLabel.Positive, _analyzer.Analyze("服务真好，下次还来").Label);

    [Theory]
    [InlineData("衣服收到了，很喜欢")]
    [InlineData("换了个枕头，睡得舒服了很多")]
    public void Words_ending_in_fu_are_not_the_irony_marker(string text)
        => Assert.Equal(SentimentLabel.Positive, _analyzer.Analyze(text).Label);

    [Fact]
    public void Jiejue_is_not_the_negator_juebu()
        => Assert.DoesNotContain(_analyzer.Analyze("问题解决不好，推来推去").Cues, c => c.Kind == CueKind.Negation);

    [Theory]
    [InlineData("都三天了还没发货", "都三天了")]
    [InlineData("已经一个星期了，还是没有消息", "已经一个星期了")]
    [InlineData("都已经半个多月了", "都已经半个多月了")]
    [InlineData("在门口等了两个小时", "等了两个小时")]
    public void Counting_the_days_of_a_wait_is_impatience(string text, string frame)
    {
        var r = _analyzer.Analyze(text);
        Assert.Contains(r.Cues, c => c.Kind == CueKind.Complaint && c.Text == frame);
        Assert.Equal(SentimentLabel.Negative, r.Label);
    }

    [Theory]
    [InlineData("都一样了")]
    [InlineData("我们都是三年级的")]
    [InlineData("等了一下")]
    public void Phrases_that_only_look_like_a_wait_are_not_impatience(string text)
        => Assert.DoesNotContain(_analyzer.Analyze(text).Cues, c => c.Kind == CueKind.Complaint);

    [Fact]
    public void Praise_outweighs_a_long_time_of_use()
        => Assert.Equal(SentimentLabel.Positive, _analyzer.Analyze("都用了三年了，还是很好用").Label);

    [Theory]
    [InlineData("说了多少遍了，还是发错")]
    [InlineData("你们是猪吗")]
    [InlineData("客服推来推去，到底什么时候给我处理")]
    [InlineData("你们有毛病吧")]
    public void Exasperation_and_insults_without_an_emotion_word_read_as_anger(string text)
        => Assert.True(_analyzer.Analyze(text).Anger >= 0.5, text);

    [Fact]
    public void A_strong_recommendation_is_praise_not_exasperation()
        => Assert.Equal(SentimentLabel.Positive, _analyzer.Analyze("这本书吐血推荐").Label);
    [Fact]
    public void Astonished_question_and_exclamation_marks_are_not_shouting()
        => Assert.True(_analyzer.Analyze("他们俩在一起了？？！！").Anger < 0.5);

    [Theory]
    [InlineData("你们能不能快点发货好吗")]
    [InlineData("回我一句话能死吗")]
    public void A_question_tagged_onto_a_complaint_is_exasperation(string text)
    {
        var r = _analyzer.Analyze(text);
        Assert.Equal(SentimentLabel.Negative, r.Label);
        Assert.True(r.Anger >= 0.5, $"anger {r.Anger}");
    }

    [Theory]
    [InlineData("您好，帮我查一下物流好吗")]
    [InlineData("明天再联系好不好")]
    public void A_polite_request_ending_in_hao_ma_stays_calm(string text)
    {
        var r = _analyzer.Analyze(text);
        Assert.NotEqual(SentimentLabel.Negative, r.Label);
        Assert.True(r.Anger < 0.4, $"anger {r.Anger}");
    }
    [Theory]
    [InlineData("我在社交媒体上看到的")]
    [InlineData("据香港媒体报道，今天发布了新规定")]
    [InlineData("这台相机暗处曝光不足")]
    [InlineData("律师事务所在三楼")]
    public void Compounds_that_contain_a_threat_word_threaten_nobody(string text)
    {
        var r = _analyzer.Analyze(text);
        Assert.False(r.HasThreat, text);
        Assert.Equal(SentimentLabel.Neutral, r.Label);
    }

    [Fact]
    public void Going_to_the_media_is_still_a_threat()
        => Assert.True(_analyzer.Analyze("再不处理我就找媒体曝光").HasThreat);
}

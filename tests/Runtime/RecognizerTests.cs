using ComplaintBot.Dialogs.Runtime;

namespace ComplaintBot.Tests.Runtime;

public sealed class RecognizerTests
{
    [Theory]
    [InlineData("是")]
    [InlineData("是的")]
    [InlineData("对")]
    [InlineData("对的")]
    [InlineData("没错")]
    [InlineData("好")]
    [InlineData("好的")]
    [InlineData("可以")]
    [InlineData("嗯")]
    [InlineData("是的，不过包装也坏了")]
    [InlineData("对啊！")]
    [InlineData("好的吧")]
    [InlineData("yes")]
    [InlineData("Yeah")]
    [InlineData("yep")]
    [InlineData("correct")]
    [InlineData("right")]
    [InlineData("Sure!")]
    [InlineData("OK")]
    [InlineData("yes please")]
    [InlineData("That's right.")]
    [InlineData("no problem")]
    [InlineData("ＹＥＳ")]
    public void Confirm_recognizes_yes_in_chinese_and_english(string text)
        => Assert.True(ConfirmRecognizer.Recognize(text));

    [Theory]
    [InlineData("不")]
    [InlineData("不是")]
    [InlineData("不对")]
    [InlineData("否")]
    [InlineData("没有")]
    [InlineData("不对，我要的是换货")]
    [InlineData("不是的")]
    [InlineData("no")]
    [InlineData("No.")]
    [InlineData("nope")]
    [InlineData("wrong")]
    [InlineData("not really")]
    [InlineData("no, the box was fine")]
    public void Confirm_recognizes_no_in_chinese_and_english(string text)
        => Assert.False(ConfirmRecognizer.Recognize(text));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("我的快递到哪了")]
    [InlineData("what do you mean")]
    [InlineData("对不起")]
    [InlineData("好像不是")]
    [InlineData("nothing arrived")]
    [InlineData("not sure")]
    public void Confirm_leaves_other_text_unrecognized(string text)
        => Assert.Null(ConfirmRecognizer.Recognize(text));

    [Theory]
    [InlineData("3", 3)]
    [InlineData("I ordered 2 of them", 2)]
    [InlineData("1,299.50", 1299.50)]
    [InlineData("４", 4)]
    [InlineData("三", 3)]
    [InlineData("两个", 2)]
    [InlineData("我买了两件", 2)]
    [InlineData("十", 10)]
    [InlineData("十二", 12)]
    [InlineData("二十", 20)]
    [InlineData("一百零五", 105)]
    [InlineData("两千三百", 2300)]
    [InlineData("三万五千", 35000)]
    [InlineData("3万", 30000)]
    [InlineData("一二三", 123)]
    [InlineData("five", 5)]
    [InlineData("twenty-one", 21)]
    [InlineData("twenty one", 21)]
    [InlineData("a hundred", 100)]
    [InlineData("one hundred and five", 105)]
    [InlineData("two thousand three hundred", 2300)]
    [InlineData("I'd give it a four", 4)]
    public void Number_recognizes_digits_chinese_and_english_numbers(string text, double expected)
    {
        Assert.True(NumberRecognizer.TryRecognize(text, out var value));
        Assert.Equal((decimal)expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("no idea")]
    [InlineData("不知道")]
    public void Number_fails_on_text_without_a_number(string text)
        => Assert.False(NumberRecognizer.TryRecognize(text, out _));

    private static readonly List<Choice> Remedies = new()
    {
        new Choice("补发新品", "重新发货", "replacement"),
        new Choice("退款并赠送优惠券", "退款", "refund"),
        new Choice("Talk to an agent", "human", "人工"),
    };

    [Theory]
    [InlineData("补发新品", 0, 1.0)]
    [InlineData("  退款并赠送优惠券。", 1, 1.0)]
    [InlineData("refund", 1, 1.0)]
    [InlineData("REPLACEMENT", 0, 1.0)]
    [InlineData("人工", 2, 1.0)]
    [InlineData("2", 1, 1.0)]
    [InlineData("第一个", 0, 1.0)]
    [InlineData("第3个", 2, 1.0)]
    [InlineData("二", 1, 1.0)]
    [InlineData("the second", 1, 1.0)]
    [InlineData("option 3", 2, 1.0)]
    [InlineData("我还是想要退款吧", 1, 0.8)]
    [InlineData("I'd like a replacement please", 0, 0.8)]
    [InlineData("can I talk to an agent", 2, 0.8)]
    public void Choice_recognizes_title_synonym_number_and_substring(string text, int index, double score)
    {
        var found = ChoiceRecognizer.Recognize(text, Remedies);
        Assert.NotNull(found);
        Assert.Equal(index, found.Index);
        Assert.Equal(Remedies[index].Value, found.Value);
        Assert.Equal(score, found.Score);
    }

    [Theory]
    [InlineData("")]
    [InlineData("4")]
    [InlineData("第五个")]
    [InlineData("something else entirely")]
    [InlineData("refund or replacement")] // equally good matches for two choices: ambiguous
    public void Choice_does_not_guess_on_unknown_out_of_range_or_ambiguous_replies(string text)
        => Assert.Null(ChoiceRecognizer.Recognize(text, Remedies));
}

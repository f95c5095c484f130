using ComplaintBot.Dialogs.Nlu;
using ComplaintBot.Dialogs.Orders;
using ComplaintBot.Dialogs.Text;

namespace ComplaintBot.Tests.Complaints;

public sealed class ExtractionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.FromHours(8));
    private static readonly ComplaintExtractor Nlu = new();
    private static Extraction X(string text) => Nlu.Extract(text, DemoShopData.Products, Now);

    [Theory]
    [InlineData("订单SO10000001的杯子碎了", "SO10000001")]
    [InlineData("my order so10000004 is late", "SO10000004")]
    [InlineData("订单号：202611201234567 还没到", "202611201234567")]
    [InlineData("order #A88231 arrived broken", "A88231")]
    [InlineData("Order number is SO-10000007", "SO10000007")]
    public void Order_numbers_are_found_in_zh_and_en(string text, string expected)
        => Assert.Equal(expected, Assert.Single(X(text).OrderNumbers));

    [Theory]
    [InlineData("it's SO 1000 0002", "SO10000002")]
    [InlineData("订单号是 so-1000 0001", "SO10000001")]
    [InlineData("SO1000-0003 arrived broken", "SO10000003")]
    [InlineData("order SO 10000004 is late", "SO10000004")]
    public void Order_numbers_typed_with_spaces_or_dashes_are_found_joined(string text, string expected)
        => Assert.Equal(expected, X(text).OrderNumbers.First());

    [Theory]
    [InlineData("so 100000 people complain")]
    [InlineData("I waited at 123456 main street")]
    public void A_lower_case_word_before_a_spaced_number_is_not_an_order_prefix(string text)
        => Assert.Empty(X(text).OrderNumbers);

    [Fact]
    public void A_mobile_number_is_a_phone_not_an_order()
    {
        var x = X("我的手机13812345678，订单SO10000002发错货了");
        Assert.Equal(["SO10000002"], x.OrderNumbers);
        Assert.Equal(["13812345678"], x.Phones);
    }

    [Theory]
    [InlineData("我付了¥59.5", 59.5, "CNY")]
    [InlineData("多收了20元", 20, "CNY")]
    [InlineData("I paid $1,299.00 for it", 1299, "USD")]
    [InlineData("it cost 199 CNY", 199, "CNY")]
    [InlineData("赔我5000块钱", 5000, "CNY")]
    public void Amounts_with_currency(string text, decimal amount, string currency)
        => Assert.Equal(new Money(amount, currency), Assert.Single(X(text).Amounts));

    [Theory]
    [InlineData("11月20日下单的", 2026, 11, 20)]
    [InlineData("2026-11-18 签收", 2026, 11, 18)]
    [InlineData("昨天收到的", 2026, 11, 23)]
    [InlineData("三天前就该到了", 2026, 11, 21)]
    [InlineData("delivered on Nov 21st", 2026, 11, 21)]
    [InlineData("it was supposed to come 5 days ago", 2026, 11, 19)]
    [InlineData("12月30日买的", 2025, 12, 30)]
    public void Dates_are_resolved_against_now(string text, int y, int m, int d)
        => Assert.Equal(new DateOnly(y, m, d), Assert.Single(X(text).Dates));

    [Theory]
    [InlineData("电话13812345678", "电话138****5678")]
    [InlineData("call me at +86 138 1234 5678", "call me at +86 138****5678")]
    [InlineData("mail wang.fang@example.com please", "mail w***@example.com please")]
    public void Contacts_are_masked_for_logs(string text, string masked)
        => Assert.Equal(masked, Masking.MaskContacts(text));

    [Fact]
    public void Phone_masking_keeps_first_three_and_last_four_digits()
        => Assert.Equal("138****5678", Masking.MaskPhone("138-1234-5678"));

    [Theory]
    [InlineData("杯子收到的时候碎了", ProblemKind.Damaged)]
    [InlineData("The mug arrived cracked", ProblemKind.Damaged)]
    [InlineData("杯子收到就是坏的", ProblemKind.Damaged)]
    [InlineData("杯子还是碎的", ProblemKind.Damaged)]
    [InlineData("打开一看盘子是碎的", ProblemKind.Damaged)]
    [InlineData("the mug was broken when it arrived", ProblemKind.Damaged)]
    [InlineData("你们发错货了，我买的是黑色", ProblemKind.WrongItem)]
    [InlineData("you sent me the wrong size", ProblemKind.WrongItem)]
    [InlineData("少发了一件", ProblemKind.MissingItem)]
    [InlineData("one mug was missing from the parcel", ProblemKind.MissingItem)]
    [InlineData("快递一个星期了还没到", ProblemKind.Late)]
    [InlineData("my headphones are late", ProblemKind.Late)]
    [InlineData("快递说包裹丢了", ProblemKind.Lost)]
    [InlineData("the parcel never arrived and was lost", ProblemKind.Lost)]
    [InlineData("热水壶用了两天就坏了", ProblemKind.QualityDefect)]
    [InlineData("the kettle stopped working", ProblemKind.QualityDefect)]
    [InlineData("面霜和宣传不符，虚假宣传", ProblemKind.FalseAdvertising)]
    [InlineData("the cream is not as advertised", ProblemKind.FalseAdvertising)]
    [InlineData("客服态度很差", ProblemKind.RudeService)]
    [InlineData("your agent was rude to me", ProblemKind.RudeService)]
    [InlineData("买完第二天就降价了", ProblemKind.PriceDispute)]
    [InlineData("I was overcharged", ProblemKind.PriceDispute)]
    public void Problems_by_keyword_rules(string text, ProblemKind expected)
        => Assert.Equal(expected, Assert.Single(X(text).Problems));

    [Fact]
    public void Several_problems_in_one_message_are_split_in_order()
        => Assert.Equal([ProblemKind.Damaged, ProblemKind.Late, ProblemKind.RudeService],
            X("杯子破损了，物流也慢，客服态度还差").Problems);

    [Fact]
    public void A_negated_problem_is_not_a_problem()
        => Assert.Equal([ProblemKind.MissingItem], X("没有破损，但是少发了一件").Problems);

    [Theory]
    [InlineData("我要退款", WishKind.Refund)]
    [InlineData("给我换一个新的", WishKind.Exchange)]
    [InlineData("把少的补发过来", WishKind.Reship)]
    [InlineData("退差价就行", WishKind.PartialRefund)]
    [InlineData("I want a refund", WishKind.Refund)]
    [InlineData("please send a replacement", WishKind.Reship)]
    [InlineData("I expect an apology", WishKind.Apology)]
    [InlineData("I want a partial refund", WishKind.PartialRefund)]
    public void Wishes(string text, WishKind expected) => Assert.Equal(expected, X(text).Wish);

    [Theory]
    [InlineData("假一赔十，我要十倍赔偿", 10)]
    [InlineData("必须给我5倍的赔偿", 5)]
    [InlineData("I demand 10x compensation", 10)]
    [InlineData("refund me 20 times the price", 20)]
    public void Excessive_demands_are_recognised(string text, decimal multiple)
    {
        var x = X(text);
        Assert.Equal(multiple, x.Excessive!.Multiple);
        Assert.NotNull(x.Wish);
    }

    [Fact]
    public void Three_times_is_within_the_statutory_cap() => Assert.Null(X("要求三倍赔偿").Excessive);

    [Theory]
    [InlineData("杯子碎了", "SKU-MUG-01")]
    [InlineData("my electric kettle leaks", "SKU-KET-02")]
    [InlineData("降噪耳机没声音", "SKU-HP-03")]
    public void Products_come_from_the_catalog(string text, string sku)
        => Assert.Equal(sku, Assert.Single(X(text).Products).Sku);

    [Fact]
    public void A_correction_is_a_no_with_new_facts()
    {
        var x = X("不是，是少发了一件");
        Assert.Equal(Answer.No, x.Answer);
        Assert.True(x.IsCorrection);
        Assert.Equal([ProblemKind.MissingItem], x.Problems);
        Assert.False(X("不对").IsCorrection);
    }

    [Theory]
    [InlineData("是的", Answer.Yes)]
    [InlineData("是的，没错", Answer.Yes)]
    [InlineData("Yes, that's right", Answer.Yes)]
    [InlineData("不对，需要更正", Answer.No)]
    [InlineData("No, let me correct it", Answer.No)]
    [InlineData("好慢啊", Answer.None)]
    [InlineData("是少发了", Answer.None)]
    public void Yes_and_no(string text, Answer expected) => Assert.Equal(expected, X(text).Answer);

    [Theory]
    [InlineData("转人工", Intent.Human)]
    [InlineData("人工！", Intent.Human)]
    [InlineData("I want to talk to a human", Intent.Human)]
    [InlineData("agent", Intent.Human)]
    [InlineData("取消", Intent.Cancel)]
    [InlineData("never mind", Intent.Cancel)]
    [InlineData("帮助", Intent.Help)]
    [InlineData("help", Intent.Help)]
    [InlineData("重新开始", Intent.StartOver)]
    [InlineData("start over", Intent.StartOver)]
    [InlineData("客服态度很差", Intent.None)]
    [InlineData("your agent was rude", Intent.None)]
    public void Interruption_intents(string text, Intent expected) => Assert.Equal(expected, X(text).Intent);

    [Theory]
    [InlineData("5", 5)]
    [InlineData("4分", 4)]
    [InlineData("五星", 5)]
    [InlineData("3 stars", 3)]
    [InlineData("SO10000005", null)]
    public void Satisfaction_scores(string text, int? expected) => Assert.Equal(expected, X(text).Score);

    [Theory]
    [InlineData("asdfgh")]
    [InlineData("qwzxv kjh")]
    [InlineData("fjdkslaf!!")]
    [InlineData("hahaha")]
    [InlineData("???")]
    [InlineData("。。。")]
    [InlineData("啊啊啊")]
    [InlineData("嗯嗯…")]
    [InlineData("123")]
    public void A_message_of_keyboard_mashing_fillers_or_punctuation_says_nothing(string text)
        => Assert.True(X(text).IsNoise);

    [Theory]
    [InlineData("the zipper is stuck")]
    [InlineData("birthday present")]
    [InlineData("ok")]
    [InlineData("拉链卡住了")]
    [InlineData("10000001")]
    [InlineData("?")]
    [InlineData("hi")]
    [InlineData("mug")]
    public void A_message_with_a_real_word_a_number_or_an_intent_is_not_noise(string text)
        => Assert.False(X(text).IsNoise);
}

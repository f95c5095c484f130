using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Nlu;
using ComplaintBot.Dialogs.Orders;
using ComplaintBot.Dialogs.Policy;
using ComplaintBot.Dialogs.Sentiment;
using Microsoft.Extensions.Options;

namespace ComplaintBot.Tests.Complaints;

public sealed class ClassificationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 2, 0, 0, TimeSpan.Zero);
    private static readonly IOptions<PolicyOptions> Policy = Options.Create(RepoPaths.Options<PolicyOptions>(PolicyOptions.Section));

    private static Order OrderOf(string number) => DemoShopData.Build(DemoShopData.OrderSpecs.Single(s => s.Number == number), Now);

    private static Task<CaseAnalysis> Analyze(ProblemKind problem, string text, string? order = null, CustomerTier tier = CustomerTier.Normal,
        ICaseStore? cases = null, SentimentResult? sentiment = null)
    {
        var o = order is null ? null : OrderOf(order);
        var analyzer = new CaseAnalyzer(Policy, cases ?? new InMemoryCaseStore(), new ManualClock(Now));
        return analyzer.AnalyzeAsync(new AnalysisInput(problem, text, o, o?.Lines[0].Sku, o?.Lines[0].UnitPrice, tier, sentiment, false));
    }

    [Theory]
    [InlineData(ProblemKind.Damaged, ComplaintCategory.Logistics)]
    [InlineData(ProblemKind.Late, ComplaintCategory.Logistics)]
    [InlineData(ProblemKind.Lost, ComplaintCategory.Logistics)]
    [InlineData(ProblemKind.WrongItem, ComplaintCategory.WrongOrMissingItem)]
    [InlineData(ProblemKind.MissingItem, ComplaintCategory.WrongOrMissingItem)]
    [InlineData(ProblemKind.QualityDefect, ComplaintCategory.ProductQuality)]
    [InlineData(ProblemKind.FalseAdvertising, ComplaintCategory.FalseAdvertising)]
    [InlineData(ProblemKind.RudeService, ComplaintCategory.ServiceAttitude)]
    [InlineData(ProblemKind.PriceDispute, ComplaintCategory.PriceDispute)]
    [InlineData(ProblemKind.Other, ComplaintCategory.Other)]
    public async Task Category_follows_the_problem(ProblemKind problem, ComplaintCategory expected)
        => Assert.Equal(expected, (await Analyze(problem, "x")).Category);

    [Fact]
    public async Task After_sales_wording_makes_an_unclassified_problem_an_after_sales_policy_complaint()
        => Assert.Equal(ComplaintCategory.AfterSalesPolicy, (await Analyze(ProblemKind.Other, "退款慢，一个月了还没到")).Category);

    [Theory]
    [InlineData(ProblemKind.Late, "SO10000004", Responsibility.ThirdParty)]   // delayed by the carrier
    [InlineData(ProblemKind.Late, "SO10000012", Responsibility.Unknown)]      // not yet due
    [InlineData(ProblemKind.Lost, "SO10000005", Responsibility.ThirdParty)]
    [InlineData(ProblemKind.Damaged, "SO10000006", Responsibility.ThirdParty)] // carrier recorded the damage
    [InlineData(ProblemKind.Damaged, "SO10000001", Responsibility.Mixed)]
    [InlineData(ProblemKind.WrongItem, "SO10000002", Responsibility.Merchant)]
    public async Task Responsibility_comes_from_the_logistics_record(ProblemKind problem, string order, Responsibility expected)
    {
        var a = await Analyze(problem, "x", order);
        Assert.Equal(expected, a.Responsibility);
        Assert.Contains(a.Reasons, r => r.StartsWith("responsibility " + expected));
    }

    [Fact]
    public async Task A_customer_admitting_fault_shifts_responsibility()
        => Assert.Equal(Responsibility.Customer, (await Analyze(ProblemKind.Other, "我不小心摔了一下就不亮了")).Responsibility);

    [Fact]
    public async Task Safety_is_urgent_and_urgent_priority()
    {
        var a = await Analyze(ProblemKind.QualityDefect, "水壶插电后冒烟了，差点起火", "SO10000007");
        Assert.Equal(Severity.Urgent, a.Severity);
        Assert.Equal(CasePriority.Urgent, a.Priority);
        Assert.Contains(a.Reasons, r => r.Contains("personal safety"));
    }

    [Fact]
    public async Task A_legal_threat_is_urgent()
        => Assert.Equal(Severity.Urgent, (await Analyze(ProblemKind.QualityDefect, "I will get a lawyer and sue you", "SO10000007")).Severity);

    [Fact]
    public async Task A_large_loss_is_serious_and_a_vip_raises_priority()
    {
        var a = await Analyze(ProblemKind.QualityDefect, "screen flickers", "SO10000011", CustomerTier.Vip);
        Assert.Equal(Severity.Serious, a.Severity);
        Assert.Equal(CasePriority.High, a.Priority);
    }

    [Fact]
    public async Task Several_open_cases_on_one_sku_make_a_batch_issue()
    {
        var cases = new InMemoryCaseStore(new ManualClock(Now));
        foreach (var i in Enumerable.Range(0, 2)) await cases.CreateAsync(new Case { ConversationId = $"c{i}", ProductSku = "SKU-KET-02" });
        var batch = await Analyze(ProblemKind.QualityDefect, "x", "SO10000007", cases: cases);
        Assert.Equal(Impact.Batch, batch.Impact);
        Assert.Equal(CasePriority.High, batch.Priority);
        var single = await Analyze(ProblemKind.QualityDefect, "x", "SO10000001", cases: cases);
        Assert.Equal(Impact.Single, single.Impact);
    }
}

public sealed class RemedyPolicyTests
{
    private static readonly RemedyPolicy Policy = new(Options.Create(RepoPaths.Options<PolicyOptions>(PolicyOptions.Section)));

    private static RemedyInput Input(ComplaintCategory category, Responsibility responsibility, ProblemKind problem,
        CustomerTier tier = CustomerTier.Normal, decimal price = 199, int? days = 3, WishKind? wish = null, decimal? amount = null)
        => new(category, responsibility, tier, problem, price, price, 0, days, wish, amount);

    [Fact]
    public void The_table_is_keyed_by_problem_category_responsibility_and_tier()
    {
        Assert.Equal(["Reship", "ReturnRefund"], Policy.Plan(Input(ComplaintCategory.Logistics, Responsibility.ThirdParty, ProblemKind.Lost)).Options.Take(2).Select(o => o.Key));
        Assert.Equal("Coupon:10", Policy.Plan(Input(ComplaintCategory.Logistics, Responsibility.ThirdParty, ProblemKind.Late)).Options[0].Key);
        Assert.Equal("Exchange", Policy.Plan(Input(ComplaintCategory.ProductQuality, Responsibility.Merchant, ProblemKind.QualityDefect)).Options[0].Key);
        Assert.Equal("Exchange+Coupon:15", Policy.Plan(Input(ComplaintCategory.ProductQuality, Responsibility.Merchant, ProblemKind.QualityDefect, CustomerTier.Gold)).Options[0].Key);
    }

    [Fact]
    public void Coupons_stay_within_five_to_twenty()
    {
        var low = Policy.Plan(Input(ComplaintCategory.ServiceAttitude, Responsibility.Merchant, ProblemKind.RudeService, price: 39));
        var vipHigh = Policy.Plan(Input(ComplaintCategory.ServiceAttitude, Responsibility.Merchant, ProblemKind.RudeService, CustomerTier.Vip, price: 6999));
        Assert.Equal(5, low.Options[0].Parts.Single(p => p.Kind == RemedyKind.Coupon).Amount);
        Assert.Equal(20, vipHigh.Options[0].Parts.Single(p => p.Kind == RemedyKind.Coupon).Amount);
    }

    [Fact]
    public void Without_shop_fault_returns_need_the_seven_day_window()
    {
        var within = Policy.Plan(Input(ComplaintCategory.Other, Responsibility.Customer, ProblemKind.Other, days: 5));
        var after = Policy.Plan(Input(ComplaintCategory.Other, Responsibility.Customer, ProblemKind.Other, days: 12));
        Assert.Contains(within.Options, o => o.Primary == RemedyKind.ReturnRefund);
        Assert.DoesNotContain(after.Options, o => o.Primary == RemedyKind.ReturnRefund);
        Assert.Equal(RemedyBasis.SevenDay, within.Basis);
    }

    [Fact]
    public void A_quality_defect_after_seven_days_is_still_returnable_with_that_basis()
    {
        var plan = Policy.Plan(Input(ComplaintCategory.ProductQuality, Responsibility.Merchant, ProblemKind.QualityDefect, days: 20));
        Assert.Equal(RemedyKind.Exchange, plan.Options[0].Primary);
        Assert.Equal(RemedyBasis.AfterSevenDay, plan.Basis);
    }

    [Fact]
    public void The_customers_wish_is_offered_first_when_the_table_allows_it()
        => Assert.Equal(RemedyKind.ReturnRefund, Policy.Plan(Input(ComplaintCategory.Logistics, Responsibility.Mixed, ProblemKind.Damaged, wish: WishKind.Refund)).Options[0].Primary);

    [Fact]
    public void A_partial_refund_uses_the_named_difference_capped_by_authority()
    {
        var named = Policy.Plan(Input(ComplaintCategory.PriceDispute, Responsibility.Merchant, ProblemKind.PriceDispute, price: 1299, amount: 100));
        var greedy = Policy.Plan(Input(ComplaintCategory.PriceDispute, Responsibility.Merchant, ProblemKind.PriceDispute, price: 1299, amount: 900));
        Assert.Equal(100, named.Options[0].Parts[0].Amount);
        Assert.Equal(389.7m, greedy.Options[0].Parts[0].Amount); // 30 % of the price
    }

    [Fact]
    public void Statutory_compensation_is_capped_at_three_times_the_price_and_the_bots_authority()
    {
        var cheap = Policy.Plan(Input(ComplaintCategory.FalseAdvertising, Responsibility.Merchant, ProblemKind.FalseAdvertising, price: 59));
        var dear = Policy.Plan(Input(ComplaintCategory.FalseAdvertising, Responsibility.Merchant, ProblemKind.FalseAdvertising, price: 899));
        Assert.Equal("ReturnRefund+Compensation:177", cheap.Highest.Key);
        Assert.Equal("ReturnRefund+Compensation:500", dear.Highest.Key);
        Assert.Equal(2697, dear.StatutoryCap);
    }

    [Theory]
    [InlineData(10, null, true)]
    [InlineData(3, null, false)]
    [InlineData(null, 5000, true)]
    [InlineData(null, 300, false)]
    public void Demands_beyond_the_cap_or_authority_are_recognised(int? multiple, int? amount, bool beyond)
        => Assert.Equal(beyond, Policy.IsBeyondAuthority((decimal?)multiple, (decimal?)amount, 239));

    [Fact]
    public void Value_bands_come_from_configuration()
    {
        Assert.Equal("low", Policy.ValueBandOf(59));
        Assert.Equal("mid", Policy.ValueBandOf(899));
        Assert.Equal("high", Policy.ValueBandOf(6999));
    }
}

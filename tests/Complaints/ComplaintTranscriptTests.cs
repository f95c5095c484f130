using System.Text.Json.Nodes;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Complaints;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Tests.Support;

namespace ComplaintBot.Tests.Complaints;

/// <summary>
/// Scripted conversations with the real complaint bot, checked turn by turn, each in zh-CN and en-US. Expected
/// texts are rendered from the shipped templates, so the tests check wording choice and values, not copies.
/// </summary>
public sealed class ComplaintTranscriptTests
{
    private const string Case1 = "C20261124-0001";
    // The return window the basis lines state comes from the policy settings, not from the template.
    private static readonly object ReturnWindow = new { days = RepoPaths.Options<Dialogs.Policy.PolicyOptions>(Dialogs.Policy.PolicyOptions.Section).ReturnWindowDays };
    private static string L(string lang, string zh, string en) => lang == "zh-CN" ? zh : en;

    private static string Restated(ComplaintHarness h, string lang, string problem, string? order, string? product, string? wish)
    {
        var subject = h.T(lang, "restate.subject", new { order, product });
        var clause = h.T(lang, "restate.clause_" + problem, new { subject });
        return h.T(lang, "restate.question", new { clause, wish = wish is null ? null : h.T(lang, "labels.wish_" + wish) });
    }

    private static string Received(ComplaintHarness h, string lang, string number = Case1)
        => h.T(lang, "acknowledge.received", new { caseNumber = number, firstResponseMinutes = 30, resolutionHours = 48 });

    private static string Yes(string lang) => L(lang, "是的，没错", "Yes, that's right");

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task Damaged_item_is_acknowledged_restated_verified_remedied_confirmed_and_rated(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000001");
        await c.Say(L(lang, "我的订单SO10000001收到的马克杯碎了，我要换货", "My mug from order SO10000001 arrived broken, I want an exchange"),
            Received(h, lang),
            Restated(h, lang, "damaged", "SO10000001", L(lang, "陶瓷马克杯", "ceramic mug"), "exchange"),
            h.T(lang, "restate.yes"));
        var offer = await c.Say(Yes(lang),
            h.T(lang, "remedies.basis_seven_day", ReturnWindow),
            h.T(lang, "remedies.remedy_exchange"));
        Assert.Contains(h.T(lang, "remedies.neither"), offer.Buttons());
        var confirm = await c.Say("1", h.T(lang, "remedies.agreed", new { remedy = h.T(lang, "remedies.combine", new { a = h.T(lang, "remedies.remedy_exchange"), b = h.T(lang, "remedies.remedy_coupon", new { amount = 15 }) }) }),
            Case1, "400-820-8820", h.T(lang, "confirm.step_ship_replacement"), h.T(lang, "csat.ask"));
        var card = confirm.SelectMany(a => a.Attachments ?? []).Single(a => a.ContentType == ConfirmStep.ContentType);
        Assert.Equal(Case1, card.Content!["caseNumber"]!.GetValue<string>());
        Assert.Equal(3, card.Content["steps"]!.AsArray().Count);
        await c.Say("5", h.T(lang, "csat.thanks", new { score = 5 }));

        var k = await h.OnlyCaseAsync(c);
        Assert.Equal(CaseStatus.Executing, k.Status);
        Assert.Equal([CaseTransition.Open, CaseTransition.ConfirmRestatement, CaseTransition.Propose, CaseTransition.Agree, CaseTransition.Execute, CaseTransition.Rate],
            k.History.Select(x => x.Transition));
        Assert.Equal(ComplaintCategory.Logistics, k.Category);
        Assert.Equal("Exchange+Coupon:15", k.RemedyChosen);
        Assert.Equal(5, k.Csat);
        Assert.Equal("Gold", k.CustomerTier);
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task Wrong_item_asks_only_for_the_wish_it_does_not_know(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000002");
        var first = await c.Say(L(lang, "订单SO10000002发错货了，T恤尺码不对", "Order SO10000002: you sent me the wrong size T-shirt"),
            Received(h, lang), h.T(lang, "clarify.ask_wish"));
        Assert.DoesNotContain(first, a => a.Text == h.T(lang, "clarify.ask_order") || a.Text == h.T(lang, "clarify.ask_problem"));
        await c.Say(L(lang, "我要退款", "I want a refund"),
            Restated(h, lang, "wrong_item", "SO10000002", L(lang, "纯棉T恤", "cotton T-shirt"), "refund"));
        await c.Say(Yes(lang), h.T(lang, "remedies.remedy_return_refund"), h.T(lang, "remedies.basis_seven_day", ReturnWindow));
        await c.Say(h.T(lang, "remedies.remedy_return_refund"), h.T(lang, "confirm.step_pickup"), h.T(lang, "csat.ask"));

        var k = await h.OnlyCaseAsync(c);
        Assert.Equal(ComplaintCategory.WrongOrMissingItem, k.Category);
        Assert.Equal(Responsibility.Merchant, k.Responsibility);
        Assert.Equal("ReturnRefund", k.RemedyChosen);
        Assert.Contains(CaseStatus.Clarifying, k.History.Select(x => x.Status));
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task Missing_item_in_a_two_item_order_asks_which_product_with_the_order_lines_as_choices(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000003");
        var ask = await c.Say(L(lang, "订单SO10000003少发了一件，请补发", "Order SO10000003: one item is missing from the parcel, please resend it"),
            h.T(lang, "clarify.ask_product", new { orderNumber = "SO10000003" }));
        Assert.Contains(L(lang, "陶瓷马克杯", "ceramic mug"), ask.Buttons());
        Assert.Contains(L(lang, "电热水壶", "electric kettle"), ask.Buttons());
        await c.Say(L(lang, "陶瓷马克杯", "ceramic mug"),
            Restated(h, lang, "missing_item", "SO10000003", L(lang, "陶瓷马克杯", "ceramic mug"), "reship"));
        await c.Say(Yes(lang), h.T(lang, "remedies.remedy_reship"));
        await c.Say("1", h.T(lang, "confirm.step_ship_replacement"));
        var k = await h.OnlyCaseAsync(c);
        Assert.Equal("SKU-MUG-01", k.ProductSku);
        Assert.Equal("Reship", k.RemedyChosen);
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task Late_delivery_is_checked_against_tracking_and_the_carrier_is_responsible(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000004");
        await c.Say(L(lang, "订单SO10000004的耳机一直没到，物流太慢了，给个说法", "My headphones from order SO10000004 are late, I want an explanation"),
            Restated(h, lang, "late", "SO10000004", L(lang, "无线降噪耳机", "wireless noise-cancelling headphones"), "explanation"));
        await c.Say(Yes(lang),
            h.T(lang, "verify.delayed", new { carrier = L(lang, "中通快递", "ZTO Express"), days = 3, lastEvent = L(lang, "因转运中心积压，快件延误", "Delayed by a backlog at the sorting centre") }),
            h.T(lang, "remedies.basis_carrier"), h.T(lang, "remedies.remedy_coupon", new { amount = 10 }));
        await c.Say("1", h.T(lang, "confirm.step_carrier_claim"));
        var k = await h.OnlyCaseAsync(c);
        Assert.Equal(ComplaintCategory.Logistics, k.Category);
        Assert.Equal(Responsibility.ThirdParty, k.Responsibility);
        Assert.Contains(k.AnalysisReasons, r => r.Contains("past the expected delivery date"));
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task A_parcel_reported_late_that_the_carrier_lost_is_handled_as_lost(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000005");
        await c.Say(L(lang, "订单SO10000005的跑鞋一直没收到，请补发", "My running shoes from order SO10000005 still haven't arrived, please resend them"),
            Restated(h, lang, "late", "SO10000005", L(lang, "跑步鞋", "running shoes"), "reship"));
        await c.Say(Yes(lang),
            h.T(lang, "verify.lost", new { carrier = L(lang, "圆通速递", "YTO Express"), lastEvent = L(lang, "承运方确认快件丢失", "Carrier confirmed the parcel lost") }),
            h.T(lang, "remedies.remedy_reship"), h.T(lang, "remedies.basis_carrier"));
        await c.Say("1", h.T(lang, "confirm.step_ship_replacement"), h.T(lang, "confirm.step_carrier_claim"));
        var k = await h.OnlyCaseAsync(c);
        Assert.Equal("Lost", k.Facts.Problem);
        Assert.Equal(Severity.Serious, k.Severity);
        Assert.Equal(Responsibility.ThirdParty, k.Responsibility);
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task Quality_defect_within_seven_days_cites_the_no_reason_return_window(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000007");
        await c.Say(L(lang, "订单SO10000007的电热水壶用了两天就坏了，我要退款", "The electric kettle from order SO10000007 stopped working, I want a refund"),
            Restated(h, lang, "quality_defect", "SO10000007", L(lang, "电热水壶", "electric kettle"), "refund"));
        await c.Say(Yes(lang), h.T(lang, "remedies.basis_seven_day", ReturnWindow), h.T(lang, "remedies.remedy_return_refund"));
        var k = await h.OnlyCaseAsync(c);
        Assert.Equal(ComplaintCategory.ProductQuality, k.Category);
        Assert.Equal(CasePriority.Normal, k.Priority);
        Assert.StartsWith("ReturnRefund", k.RemediesOffered[0].Kind); // the customer's wish comes first
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task Quality_defect_after_seven_days_is_still_covered_as_a_quality_claim(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000008");
        await c.Say(L(lang, "订单SO10000008的电饭煲质量问题，不加热了，要换货", "The rice cooker from order SO10000008 has a quality problem, I want an exchange"),
            Restated(h, lang, "quality_defect", "SO10000008", L(lang, "电饭煲", "rice cooker"), "exchange"));
        await c.Say(Yes(lang), h.T(lang, "verify.delivered", new { date = h.Clock.GetUtcNow().AddDays(-20).ToString("yyyy-MM-dd"), days = 20 }),
            h.T(lang, "remedies.basis_after_seven_day", ReturnWindow), h.T(lang, "remedies.remedy_exchange"));
        await c.Say("1", h.T(lang, "confirm.step_pickup"));
        Assert.Equal("Exchange", (await h.OnlyCaseAsync(c)).RemedyChosen);
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task False_advertising_is_serious_and_offers_a_refund(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000009");
        await c.Say(L(lang, "订单SO10000009的面霜与描述不符，要退款", "The face cream from order SO10000009 is not as advertised, I want a refund"),
            Restated(h, lang, "false_advertising", "SO10000009", L(lang, "保湿面霜", "moisturising face cream"), "refund"));
        await c.Say(Yes(lang), h.T(lang, "remedies.remedy_return_refund"), h.T(lang, "remedies.basis_seven_day", ReturnWindow));
        var k = await h.OnlyCaseAsync(c);
        Assert.Equal(ComplaintCategory.FalseAdvertising, k.Category);
        Assert.Equal(Severity.Serious, k.Severity);
        Assert.Equal(CasePriority.High, k.Priority);
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task Rude_service_gets_an_apology_and_a_service_review(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000012");
        await c.Say(L(lang, "我咨询订单SO10000012的时候客服态度很差，我要一个道歉", "Your customer service was rude to me about order SO10000012, I expect an apology"),
            Restated(h, lang, "rude_service", "SO10000012", L(lang, "西湖龙井茶礼盒", "Longjing green tea gift box"), "apology"));
        await c.Say(Yes(lang), h.T(lang, "remedies.remedy_apology"));
        await c.Say("1", h.T(lang, "confirm.step_apology"), h.T(lang, "confirm.step_service_review"));
        var k = await h.OnlyCaseAsync(c);
        Assert.Equal(ComplaintCategory.ServiceAttitude, k.Category);
        Assert.Equal("Vip", k.CustomerTier);
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task Price_drop_is_refunded_as_the_difference_the_customer_named(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000010");
        await c.Say(L(lang, "订单SO10000010的手表买完就降价了100元，退差价", "The smart watch from order SO10000010 had a price drop of 100 yuan right after I bought it, refund the difference"),
            Restated(h, lang, "price_dispute", "SO10000010", L(lang, "智能手表", "smart watch"), "partial_refund"));
        await c.Say(Yes(lang), h.T(lang, "remedies.remedy_partial_refund", new { amount = 100 }));
        await c.Say("1", h.T(lang, "confirm.step_refund", new { amount = 100 }));
        var k = await h.OnlyCaseAsync(c);
        Assert.Equal(ComplaintCategory.PriceDispute, k.Category);
        Assert.Equal("PartialRefund:100", k.RemedyChosen);
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task A_corrected_restatement_updates_the_facts_and_is_restated_again(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000003");
        await c.Say(L(lang, "订单SO10000003的马克杯碎了，要补发", "The mug in order SO10000003 arrived broken, please send a replacement"),
            Restated(h, lang, "damaged", "SO10000003", L(lang, "陶瓷马克杯", "ceramic mug"), "reship"));
        await c.Say(L(lang, "不是，是少发了一件", "No, one mug was missing from the parcel"),
            Restated(h, lang, "missing_item", "SO10000003", L(lang, "陶瓷马克杯", "ceramic mug"), "reship"));
        // A plain "no" asks what to correct.
        await c.Say(L(lang, "不对", "No"), h.T(lang, "restate.ask_correction"));
        await c.Say(L(lang, "是电热水壶少发了", "it was the electric kettle that was missing"),
            Restated(h, lang, "missing_item", "SO10000003", L(lang, "电热水壶", "electric kettle"), "reship"));
        await c.Say(Yes(lang), h.T(lang, "remedies.remedy_reship"));
        var k = await h.OnlyCaseAsync(c);
        Assert.Equal("MissingItem", k.Facts.Problem);
        Assert.Equal("SKU-KET-02", k.ProductSku);
        Assert.Equal(2, k.Facts.Corrections.Count);
        Assert.Equal(3, k.Restatements.Count);
        Assert.Equal(CaseStatus.Proposed, k.Status);
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task A_message_with_three_problems_is_split_and_each_is_restated_and_handled_in_order(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000001");
        var product = L(lang, "陶瓷马克杯", "ceramic mug");
        await c.Say(L(lang, "订单SO10000001的杯子破损了，物流也慢，客服态度还差，我要退款", "Order SO10000001: the mug arrived damaged, also the delivery was slow and the service was impolite. I would like a refund."),
            h.T(lang, "restate.multi_intro", new { count = 3, list = string.Join(L(lang, "、", ", "), new[] { "damaged", "late", "rude_service" }.Select(p => h.T(lang, "labels.problem_" + p))) }),
            Restated(h, lang, "damaged", "SO10000001", product, "refund"));
        await c.Say(Yes(lang), h.T(lang, "remedies.remedy_return_refund"));
        await c.Say("1", h.T(lang, "confirm.step_refund", new { amount = 118 }),
            h.T(lang, "restate.next_issue", new { index = 2, problem = h.T(lang, "labels.problem_late") }), h.T(lang, "clarify.ask_wish"));
        await c.Say(L(lang, "给个说法", "I want an explanation"), Restated(h, lang, "late", "SO10000001", product, "explanation"));
        await c.Say(Yes(lang), h.T(lang, "remedies.remedy_coupon", new { amount = 15 }));
        await c.Say("1", h.T(lang, "restate.next_issue", new { index = 3, problem = h.T(lang, "labels.problem_rude_service") }));
        await c.Say(L(lang, "道歉", "an apology"), Restated(h, lang, "rude_service", "SO10000001", product, "apology"));
        await c.Say(Yes(lang), h.T(lang, "remedies.remedy_apology"));
        await c.Say("1", h.T(lang, "confirm.step_service_review"), h.T(lang, "csat.ask"));
        await c.Say("4", h.T(lang, "csat.thanks", new { score = 4 }));

        var cases = await h.CasesOfAsync(c);
        Assert.Equal(["Damaged", "Late", "RudeService"], cases.Select(k => k.Facts.Problem));
        Assert.All(cases, k => Assert.Equal(CaseStatus.Executing, k.Status));
        Assert.All(cases, k => Assert.Equal(4, k.Csat));
        Assert.Equal(2, cases[0].RelatedCases.Count);
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task An_unknown_order_number_is_reasked_with_a_hint_then_the_flow_continues_without_it(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        await c.Say(L(lang, "我买的杯子碎了，订单号SO99999999，要退款", "My mug arrived broken, order SO99999999, I want a refund"),
            Received(h, lang), h.T(lang, "clarify.order_not_found", new { orderNumber = "SO99999999", attempt = 1, maxAttempts = 3 }));
        await c.Say("SO88888888", h.T(lang, "clarify.order_not_found", new { orderNumber = "SO88888888", attempt = 2, maxAttempts = 3 }));
        await c.Say("SO77777777", h.T(lang, "clarify.order_skip"), Restated(h, lang, "damaged", null, L(lang, "陶瓷马克杯", "ceramic mug"), "refund"));
        await c.Say(Yes(lang), h.T(lang, "verify.no_order"));
        var k = await h.OnlyCaseAsync(c);
        Assert.Null(k.OrderNumber);
        Assert.Equal(CaseStatus.Proposed, k.Status);
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task Outside_service_hours_the_customer_is_told_when_a_person_handles_it(string lang)
    {
        // 23:30 in Shanghai.
        using var h = new ComplaintHarness(new DateTimeOffset(2026, 11, 24, 15, 30, 0, TimeSpan.Zero));
        var c = h.Customer(lang);
        await c.Say(L(lang, "订单SO10000001的杯子碎了，要换货", "The mug from order SO10000001 arrived broken, I want an exchange"),
            h.T(lang, "acknowledge.off_hours", new { caseNumber = Case1, serviceHours = "08:00–22:00", opensAt = "2026-11-25 08:00" }));
        var k = await h.OnlyCaseAsync(c);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 0, 30, 0, TimeSpan.Zero), k.FirstResponseDue);
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task Both_remedies_refused_leads_to_one_negotiation_round_with_the_next_options(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000006");
        await c.Say(L(lang, "订单SO10000006的料理机收到时破损了", "The blender from order SO10000006 arrived damaged"), h.T(lang, "clarify.ask_wish"));
        await c.Say(L(lang, "你们看着办", "whatever you think is fair"),
            Restated(h, lang, "damaged", "SO10000006", L(lang, "破壁料理机", "high-speed blender"), null).Split(L(lang, "，您希望", ", and")[0])[0]);
        await c.Say(Yes(lang), h.T(lang, "verify.damaged_in_transit", new { carrier = L(lang, "中通快递", "ZTO Express"), lastEvent = L(lang, "已签收（外包装破损）", "Delivered (packaging damaged)") }),
            h.T(lang, "remedies.remedy_reship"), h.T(lang, "remedies.remedy_return_refund"));
        var negotiation = await c.Say(h.T(lang, "remedies.neither"),
            h.T(lang, "remedies.negotiate", new { optionA = h.T(lang, "remedies.remedy_partial_refund", new { amount = 119.8 }), optionB = h.T(lang, "remedies.combine", new { a = h.T(lang, "remedies.remedy_exchange"), b = h.T(lang, "remedies.remedy_coupon", new { amount = 10 }) }), basis = h.T(lang, "remedies.basis_carrier") }));
        Assert.Contains(h.T(lang, "remedies.neither"), negotiation.Buttons());
        await c.Say("2", h.T(lang, "confirm.step_ship_replacement"));
        var k = await h.OnlyCaseAsync(c);
        Assert.Equal(["Reship", "ReturnRefund"], k.RemediesRefused);
        Assert.Equal(4, k.RemediesOffered.Count);
        Assert.Equal("Exchange+Coupon:10", k.RemedyChosen);
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task Refusing_the_negotiated_options_too_hands_the_case_to_a_supervisor(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000006");
        await c.Say(L(lang, "订单SO10000006的料理机收到时破损了，要退款", "The blender from order SO10000006 arrived damaged, I want a refund"));
        await c.Say(Yes(lang));
        await c.Say(h.T(lang, "remedies.neither"), h.T(lang, "remedies.basis_carrier"));
        await c.Say(h.T(lang, "remedies.neither"), h.T(lang, "handoff.supervisor", new { caseNumber = Case1 }));
        var k = await h.OnlyCaseAsync(c);
        Assert.Equal(CaseStatus.Escalated, k.Status);
        Assert.Equal(HandoffTriggers.RemediesRefused, k.EscalationTrigger);
        Assert.True(Assert.Single(h.Handoff.Requests).ToSupervisor);
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task An_excessive_demand_gets_the_legal_basis_and_the_highest_offer_then_a_supervisor(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000009");
        await c.Say(L(lang, "订单SO10000009的面霜与描述不符，我要求十倍赔偿", "The face cream from order SO10000009 is not as advertised. I demand 10x compensation"),
            Restated(h, lang, "false_advertising", "SO10000009", L(lang, "保湿面霜", "moisturising face cream"), "compensation"));
        var highest = h.T(lang, "remedies.combine", new { a = h.T(lang, "remedies.remedy_return_refund"), b = h.T(lang, "remedies.remedy_compensation", new { amount = 500 }) });
        var offer = await c.Say(Yes(lang), highest, L(lang, "3 倍", "3 times"));
        Assert.Contains(h.T(lang, "remedies.accept"), offer.Buttons());
        await c.Say(h.T(lang, "remedies.refuse"), h.T(lang, "handoff.supervisor", new { caseNumber = Case1 }));
        var k = await h.OnlyCaseAsync(c);
        Assert.Equal(CaseStatus.Escalated, k.Status);
        Assert.Equal(HandoffTriggers.BeyondAuthority, k.EscalationTrigger);
        Assert.Equal(10, k.Facts.DemandMultiple);
        Assert.Contains("ReturnRefund+Compensation:500", k.RemediesRefused);
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task Accepting_the_highest_offer_after_an_excessive_demand_confirms_it(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000009");
        await c.Say(L(lang, "订单SO10000009的面霜与描述不符，我要求十倍赔偿", "The face cream from order SO10000009 is not as advertised. I demand 10x compensation"));
        await c.Say(Yes(lang));
        await c.Say(h.T(lang, "remedies.accept"), h.T(lang, "confirm.step_refund", new { amount = 500 }));
        Assert.Equal("ReturnRefund+Compensation:500", (await h.OnlyCaseAsync(c)).RemedyChosen);
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task Asking_for_a_person_at_any_step_escalates_the_case(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000002");
        await c.Say(L(lang, "订单SO10000002发错货了", "Order SO10000002: you sent me the wrong item"), h.T(lang, "clarify.ask_wish"));
        await c.Say(L(lang, "转人工", "I want to talk to a human"), h.T(lang, "handoff.person", new { caseNumber = Case1 }));
        var k = await h.OnlyCaseAsync(c);
        Assert.Equal(CaseStatus.Escalated, k.Status);
        Assert.Equal(HandoffTriggers.HumanRequest, k.EscalationTrigger);
        Assert.True(k.Priority >= CasePriority.High);
        Assert.False(Assert.Single(h.Handoff.Requests).ToSupervisor);
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task An_angry_threatening_customer_is_handed_to_a_person_at_once(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        await c.Say(L(lang, "订单SO10000005到现在都没收到！你们这是什么垃圾服务！气死我了！！再不处理我就打12315投诉！", "Order SO10000005 never arrived!!! This is ridiculous, worst service ever, I will get a lawyer and report you!"),
            h.T(lang, "acknowledge.angry"), h.T(lang, "handoff.person", new { caseNumber = Case1 }));
        var k = await h.OnlyCaseAsync(c);
        Assert.Equal(CaseStatus.Escalated, k.Status);
        Assert.StartsWith(HandoffTriggers.PolicyPrefix, k.EscalationTrigger);
        Assert.NotNull(h.Handoff.Requests.Single().Mood);
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task A_signed_in_customer_picks_from_recent_orders_instead_of_typing_a_number(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang, customerId: "cust-002");
        var ask = await c.Say(L(lang, "衣服发错货了，要换货", "You sent me the wrong item, I want an exchange"), h.T(lang, "clarify.ask_order_choice"));
        var buttons = ask.Buttons();
        Assert.Contains("SO10000002", buttons);
        Assert.Contains(h.T(lang, "clarify.no_order"), buttons);
        await c.Say(ask.Last().SuggestedActions!.Actions.First(a => a.Title!.StartsWith("SO10000002")).Title!,
            Restated(h, lang, "wrong_item", "SO10000002", L(lang, "纯棉T恤", "cotton T-shirt"), "exchange"));
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task A_customer_returning_in_a_new_conversation_continues_the_open_case(string lang)
    {
        using var h = new ComplaintHarness();
        var first = h.Customer(lang, customerId: "cust-002");
        await first.Say(L(lang, "订单SO10000002发错货了", "Order SO10000002: you sent me the wrong item"), h.T(lang, "clarify.ask_wish"));

        h.Clock.Advance(TimeSpan.FromHours(2));
        var again = h.Customer(lang, customerId: "cust-002");
        await again.Say(L(lang, "我要退款", "I want a refund"),
            h.T(lang, "acknowledge.returning", new { caseNumber = Case1, status = h.T(lang, "labels.status_clarifying") }),
            Restated(h, lang, "wrong_item", "SO10000002", L(lang, "纯棉T恤", "cotton T-shirt"), "refund"));
        Assert.Single(await h.Cases.QueryAsync(new CaseQuery(CustomerId: "cust-002")));
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task Typing_the_same_order_number_never_shows_one_conversation_another_conversations_case(string lang)
    {
        // Issue 17.2: Y completes a complaint on SO10000001; X stops at the remedy offer on the same order; Y says hello.
        using var h = new ComplaintHarness();
        var y = h.Customer(lang);
        await y.Say(L(lang, "我的订单SO10000001收到的马克杯碎了，我要换货", "My mug from order SO10000001 arrived broken, I want an exchange"));
        await y.Say(ComplaintHarness.Last4("SO10000001"), h.T(lang, "identity.verified"));
        await y.Say(Yes(lang));
        await y.Say("1");
        await y.Say("5");

        h.Clock.Advance(TimeSpan.FromMinutes(10));
        var x = h.Customer(lang);
        await x.Say(L(lang, "订单SO10000001的马克杯碎了，我要退款", "The mug from order SO10000001 arrived broken, I want a refund"));
        await x.Say(ComplaintHarness.Last4("SO10000001"), h.T(lang, "identity.verified"));
        await x.Say(Yes(lang));
        var xCase = await h.OnlyCaseAsync(x);
        Assert.Equal(CaseStatus.Proposed, xCase.Status);

        h.Clock.Advance(TimeSpan.FromMinutes(1));
        var hello = await y.Say(L(lang, "你好", "hello"), h.T(lang, "greeting.hello"));
        Assert.DoesNotContain(hello, a => a.Text?.Contains(xCase.Number) == true);
        var after = await h.Cases.GetAsync(xCase.Number);
        Assert.Equal(CaseStatus.Proposed, after!.Status);
        Assert.Null(after.CustomerId); // no channel proved who the customer is, so the case names no customer id
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task Typing_an_order_number_does_not_put_the_orders_owner_and_contact_data_on_the_case(string lang)
    {
        // Issue 13.10: the order's owner (cust-001) has a phone and an e-mail on file; whoever merely typed the number
        // must not get them stored on the case (where agents, follow-ups and exports would use them as the customer's).
        using var h = new ComplaintHarness();
        var stranger = h.Customer(lang);
        await stranger.Say(L(lang, "我的订单SO10000001收到的马克杯碎了，我要换货", "My mug from order SO10000001 arrived broken, I want an exchange"));
        var typed = await h.OnlyCaseAsync(stranger);
        Assert.Equal("SO10000001", typed.OrderNumber);
        Assert.Null(typed.ContactPhone);
        Assert.Null(typed.ContactEmail);
        Assert.Null(typed.CustomerId);
        Assert.NotEqual("王芳", typed.CustomerName);

        // The owner, signed in through the shop (the channel proved who they are), gets their contact data on file.
        var owner = h.Customer(lang, customerId: "cust-001");
        await owner.Say(L(lang, "订单SO10000001的杯子碎了，我要换货", "The mug from order SO10000001 arrived broken, I want an exchange"));
        var own = await h.OnlyCaseAsync(owner);
        Assert.Equal("cust-001", own.CustomerId);
        Assert.Equal("13812345678", own.ContactPhone);
        Assert.Equal("wangfang@example.com", own.ContactEmail);
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task Help_reprompts_cancel_closes_and_start_over_begins_again(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000002");
        await c.Say(L(lang, "订单SO10000002发错货了", "Order SO10000002: you sent me the wrong item"), h.T(lang, "clarify.ask_wish"));
        await c.Say(L(lang, "帮助", "help"), h.T(lang, "interrupt.help"), h.T(lang, "clarify.ask_wish"));
        await c.Say(L(lang, "重新开始", "start over"), h.T(lang, "interrupt.start_over"));
        await c.Say(L(lang, "订单SO10000001的杯子碎了，要补发", "The mug from order SO10000001 arrived broken, please send a replacement"),
            Received(h, lang, "C20261124-0002"));
        await c.Say(L(lang, "取消", "cancel"), h.T(lang, "interrupt.cancelled", new { caseNumber = "C20261124-0002" }));
        var cases = await h.CasesOfAsync(c);
        Assert.All(cases, k => Assert.Equal(CaseStatus.Closed, k.Status));
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task An_agent_handing_back_for_satisfaction_gets_the_csat_question(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        await c.Say(L(lang, "订单SO10000002发错货了", "Order SO10000002: you sent me the wrong item"));
        await c.Say(L(lang, "人工", "agent"), h.T(lang, "handoff.person", new { caseNumber = Case1 }));
        var resumed = await c.SendAsync(new Activity
        {
            Type = ActivityTypes.Event, Name = ComplaintEvents.Resume,
            Value = new JsonObject { ["at"] = ComplaintEvents.ResumeAt.Csat, ["case"] = Case1 },
        });
        Assert.Equal(h.T(lang, "csat.ask"), Assert.Single(resumed).Text);
        await c.Say("4", h.T(lang, "csat.thanks", new { score = 4 }));
        Assert.Equal(4, (await h.OnlyCaseAsync(c)).Csat);
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task An_agent_handing_back_to_the_flow_gets_the_open_question_asked_again(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000002");
        await c.Say(L(lang, "订单SO10000002发错货了", "Order SO10000002: you sent me the wrong item"), h.T(lang, "clarify.ask_wish"));
        await c.Say(L(lang, "人工", "agent"), h.T(lang, "handoff.person", new { caseNumber = Case1 }));
        var resumed = await c.SendAsync(new Activity
        {
            Type = ActivityTypes.Event, Name = ComplaintEvents.Resume,
            Value = new JsonObject { ["at"] = ComplaintEvents.ResumeAt.Flow, ["case"] = Case1 },
        });
        Assert.Contains(resumed, r => r.Text == h.T(lang, "clarify.ask_wish"));
        // The flow really continues from there: the wish leads to the restatement.
        await c.Say(L(lang, "我要换货", "I want an exchange"), h.T(lang, "restate.yes"));
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task An_agent_handing_back_for_remedies_gets_two_options_offered_and_the_choice_confirmed(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        await c.Say(L(lang, "订单SO10000002发错货了，我要换货", "Order SO10000002: you sent me the wrong item, I want an exchange"));
        await c.Say(L(lang, "人工", "agent"), h.T(lang, "handoff.person", new { caseNumber = Case1 }));
        var resumed = await c.SendAsync(new Activity
        {
            Type = ActivityTypes.Event, Name = ComplaintEvents.Resume,
            Value = new JsonObject { ["at"] = ComplaintEvents.ResumeAt.Remedies, ["case"] = Case1 },
        });
        var offer = Assert.Single(resumed, r => r.SuggestedActions is not null);
        Assert.True(offer.SuggestedActions!.Actions.Count >= 3, $"two options and 'neither' expected: {resumed.Buttons()}");
        await c.Say(offer.SuggestedActions.Actions[0].Title!, Case1);
        var k = await h.OnlyCaseAsync(c);
        Assert.NotNull(k.RemedyChosen);
        Assert.Contains(k.Status, new[] { CaseStatus.Agreed, CaseStatus.Executing });
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task Photos_are_kept_as_evidence_and_the_question_is_asked_again(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000002");
        await c.Say(L(lang, "订单SO10000002发错货了", "Order SO10000002: you sent me the wrong item"), h.T(lang, "clarify.ask_wish"));
        var photo = c.MakeMessage(null);
        photo.Attachments = [new Attachment { ContentType = "image/jpeg", ContentUrl = "https://files.invalid/wrong-shirt.jpg", Name = "wrong-shirt.jpg" }];
        var replies = await c.SendAsync(photo);
        Assert.Equal([h.T(lang, "clarify.evidence_received", new { count = 1 }), h.T(lang, "clarify.ask_wish")], replies.Select(r => r.Text));
        Assert.Contains("https://files.invalid/wrong-shirt.jpg", (await h.OnlyCaseAsync(c)).Facts.Evidence);
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task The_greeting_is_sent_once_when_the_customer_joins(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        var joined = await c.SendAsync(new Activity
        {
            Type = ActivityTypes.ConversationUpdate,
            MembersAdded = [new ChannelAccount { Id = "bot" }, new ChannelAccount { Id = "user1" }],
        });
        Assert.Equal(h.T(lang, "greeting.welcome"), Assert.Single(joined).Text);
        var again = await c.SendAsync(new Activity { Type = ActivityTypes.ConversationUpdate, MembersAdded = [new ChannelAccount { Id = "user1" }] });
        Assert.Empty(again);
        await c.Say(L(lang, "订单SO10000001的杯子碎了，要换货", "The mug from order SO10000001 arrived broken, I want an exchange"), Received(h, lang));
    }
}

public sealed class CustomerIdentityTests
{
    [Fact]
    public void A_customer_id_a_client_put_on_the_activity_is_not_trusted_even_on_channel_directline()
    {
        var forged = new Activity
        {
            ChannelId = "directline", From = new ChannelAccount { Id = "u" },
            ChannelData = new JsonObject { ["customerId"] = "cust-004", ["signedInCustomerId"] = "cust-004" },
        };
        forged.From.SetSignedInCustomerId("cust-004");
        var turn = new ComplaintBot.Dialogs.Turns.TurnContext(new TestAdapter((_, _) => Task.CompletedTask), forged);
        Assert.Null(CustomerIdentity.Of(turn));
        turn.SetSignedInCustomerId("cust-004"); // what the Direct Line adapter does with its token's id
        Assert.Equal("cust-004", CustomerIdentity.Of(turn));
    }
}

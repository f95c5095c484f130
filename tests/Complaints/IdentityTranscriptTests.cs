using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Schema;

namespace ComplaintBot.Tests.Complaints;

/// <summary>
/// Identity before order details (issue 13.10), over the real dialog in zh-CN and en-US: a customer who types an order
/// number is asked for the last 4 digits of the order's phone or its e-mail before anything of the order (delivery
/// record, product lines, prices, the owner's tier or contact data) is shown or used; the complaint goes on either way.
/// </summary>
public sealed class IdentityTranscriptTests
{
    // Order SO10000004: James Miller (cust-005), wireless noise-cancelling headphones (899), delayed with ZTO Express.
    private const string Order = "SO10000004";
    private const string Owner = "cust-005";
    private static string L(string lang, string zh, string en) => lang == "zh-CN" ? zh : en;

    private static string Late(string lang) => L(lang, "订单SO10000004的快递一直没到，给个说法", "My parcel from order SO10000004 still hasn't arrived, I want an explanation");

    private static string Ask(ComplaintHarness h, string lang) => h.T(lang, "identity.ask", new { orderNumber = Order });

    private static string Restated(ComplaintHarness h, string lang, string? product)
    {
        var subject = h.T(lang, "restate.subject", new { order = Order, product });
        var clause = h.T(lang, "restate.clause_late", new { subject });
        return h.T(lang, "restate.question", new { clause, wish = h.T(lang, "labels.wish_explanation") });
    }

    /// <summary>Everything the order record and its owner would give away, in both languages.</summary>
    private static async Task<List<string>> SecretsAsync(ComplaintHarness h)
    {
        var order = (await h.Orders.GetOrderAsync(Order))!;
        var owner = (await h.Orders.GetCustomerAsync(order.CustomerId))!;
        var secrets = new List<string> { owner.Name, owner.Phone!, owner.Email!, owner.Phone![^4..], owner.Phone![..3] + "****" };
        foreach (var line in order.Lines) secrets.AddRange([line.Name, line.NameEn, line.UnitPrice.ToString("0.##")]);
        var sh = order.Shipment!;
        secrets.AddRange([sh.Carrier, sh.CarrierEn, sh.TrackingNumber]);
        secrets.AddRange(sh.Events.SelectMany(e => new[] { e.Text, e.TextEn }));
        return secrets;
    }

    private static void NothingOf(IEnumerable<string> secrets, IEnumerable<Activity> replies)
    {
        foreach (var reply in replies)
        {
            var said = reply.Text + " " + string.Join(" ", reply.SuggestedActions?.Actions.Select(a => a.Title) ?? [])
                       + " " + string.Join(" ", (reply.Attachments ?? []).Select(a => a.Content?.ToJsonString()));
            foreach (var secret in secrets)
                Assert.False(said.Contains(secret, StringComparison.OrdinalIgnoreCase), $"The bot told an unproven customer \"{secret}\":\n{said}");
        }
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task An_anonymous_customer_who_types_an_order_number_is_asked_to_prove_it_before_any_order_detail(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        var first = await c.Say(Late(lang), Ask(h, lang), h.T(lang, "identity.cannot"));
        NothingOf(await SecretsAsync(h), first);
        var k = await h.OnlyCaseAsync(c);
        Assert.Equal(CustomerVerification.None, k.Verification);
        Assert.Null(k.ContactPhone);
        Assert.Null(k.ContactEmail);
        Assert.Null(k.CustomerName);
        Assert.Null(k.CustomerTier);
        Assert.Null(k.ProductSku);
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task The_last_4_digits_of_the_orders_phone_prove_it_and_the_details_are_shown(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        await c.Say(Late(lang), Ask(h, lang));
        await c.Say(L(lang, "尾号2222", "2222"), h.T(lang, "identity.verified"),
            Restated(h, lang, L(lang, "无线降噪耳机", "wireless noise-cancelling headphones")));
        await c.Say(L(lang, "是的，没错", "Yes, that's right"),
            h.T(lang, "verify.delayed", new { carrier = L(lang, "中通快递", "ZTO Express"), days = 3, lastEvent = L(lang, "因转运中心积压，快件延误", "Delayed by a backlog at the sorting centre") }));
        var k = await h.OnlyCaseAsync(c);
        Assert.Equal(CustomerVerification.PhoneLast4, k.Verification);
        Assert.Equal("SKU-HP-03", k.ProductSku);
        Assert.Equal("13700002222", k.ContactPhone);
        Assert.Equal("Normal", k.CustomerTier);
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task The_orders_e_mail_in_any_case_proves_it(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        await c.Say(Late(lang), Ask(h, lang));
        await c.Say(L(lang, "邮箱是 James.Miller@EXAMPLE.com", "it's James.Miller@EXAMPLE.com"), h.T(lang, "identity.verified"),
            Restated(h, lang, L(lang, "无线降噪耳机", "wireless noise-cancelling headphones")));
        Assert.Equal(CustomerVerification.Email, (await h.OnlyCaseAsync(c)).Verification);
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task Three_wrong_answers_go_on_in_general_terms_with_an_agent_offered_and_nothing_of_the_order_told(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        var secrets = await SecretsAsync(h);
        var all = new List<Activity>();
        all.AddRange(await c.Say(Late(lang), Ask(h, lang)));
        all.AddRange(await c.Say("5678", h.T(lang, "identity.wrong", new { attempt = 1, maxAttempts = 3 })));
        all.AddRange(await c.Say("wrong@example.com", h.T(lang, "identity.wrong", new { attempt = 2, maxAttempts = 3 })));
        var third = await c.Say("1111", h.T(lang, "identity.general_terms"), Restated(h, lang, null));
        Assert.Contains(h.T(lang, "identity.agent_button"), third.Buttons());
        all.AddRange(third);
        // The complaint still goes on: the record is not told, remedies need no order value, the confirmation keeps quiet.
        var offer = await c.Say(L(lang, "是的，没错", "Yes, that's right"), h.T(lang, "identity.not_shown"));
        Assert.DoesNotContain(offer, a => a.Text == h.T(lang, "verify.no_order"));
        all.AddRange(offer);
        all.AddRange(await c.Say("1", h.T(lang, "csat.ask")));
        NothingOf(secrets, all);

        var k = await h.OnlyCaseAsync(c);
        Assert.Equal(CustomerVerification.None, k.Verification);
        Assert.Null(k.ContactPhone);
        Assert.Null(k.CustomerTier);
        Assert.Equal(Order, k.OrderNumber); // agents still see which order the customer named
        Assert.Equal(CaseStatus.Executing, k.Status);
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task A_customer_who_cannot_answer_goes_on_in_general_terms_and_is_not_asked_again(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        await c.Say(Late(lang), Ask(h, lang));
        var next = await c.Say(L(lang, "不记得了", "I don't have that phone any more"), h.T(lang, "identity.general_terms"), Restated(h, lang, null));
        NothingOf(await SecretsAsync(h), next);
        var offer = await c.Say(L(lang, "是的，没错", "Yes, that's right"), h.T(lang, "identity.not_shown"));
        Assert.DoesNotContain(offer, a => a.Text!.Contains(Ask(h, lang)));
        Assert.Equal(CustomerVerification.None, (await h.OnlyCaseAsync(c)).Verification);
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task A_signed_in_customer_who_owns_the_order_is_not_asked(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang, customerId: Owner);
        var first = await c.Say(Late(lang), Restated(h, lang, L(lang, "无线降噪耳机", "wireless noise-cancelling headphones")));
        Assert.DoesNotContain(first, a => a.Text == Ask(h, lang));
        var k = await h.OnlyCaseAsync(c);
        Assert.Equal(CustomerVerification.SignedIn, k.Verification);
        Assert.Equal("James Miller", k.CustomerName);
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task A_signed_in_customer_who_does_not_own_the_order_is_asked_like_anyone_else(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang, customerId: "cust-001");
        var first = await c.Say(Late(lang), Ask(h, lang));
        NothingOf(await SecretsAsync(h), first);
        var k = await h.OnlyCaseAsync(c);
        Assert.Equal(CustomerVerification.None, k.Verification);
        Assert.Null(k.ContactPhone);
        Assert.Equal("Gold", k.CustomerTier); // the signed-in customer's own tier, not the order owner's
    }
}

using System.Text.Json.Nodes;
using ComplaintBot.Bot.Llm;
using ComplaintBot.Bot.Nlu;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Nlu;
using ComplaintBot.Dialogs.Orders;
using ComplaintBot.Dialogs.Policy;
using ComplaintBot.Tests.Complaints;
using ComplaintBot.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using static ComplaintBot.Tests.Support.ChatCompletionsServer;

namespace ComplaintBot.Tests.Nlu;

/// <summary>
/// <c>Nlu:Provider = llm</c>: the Semantic Kernel provider against a local server speaking the chat-completions API, with
/// tool calls, failures and stalls scripted. Every failure gives the rules' understanding for the turn.
/// </summary>
public sealed class LlmNluProviderTests : IDisposable
{
    private readonly ComplaintHarness _shop = new();
    private static readonly DateTimeOffset Now = ComplaintHarness.OfficeHours;

    public void Dispose() => _shop.Dispose();

    internal static RulesNluProvider Rules()
    {
        var faq = new FaqBook(RepoPaths.Prompts);
        return new RulesNluProvider(new ComplaintExtractor(), new RuleIntentClassifier(faq), RepoPaths.Options<PolicyOptions>(PolicyOptions.Section).AfterSalesWords);
    }

    internal static LlmNluProvider Provider(string endpoint, IOrderService orders, int timeoutMs = 60_000, int retries = 2)
    {
        var o = new LlmOptions { Endpoint = endpoint, Model = "test-model", Key = "sk-test", TimeoutMs = timeoutMs, Retries = retries };
        return new LlmNluProvider(new LlmClients(o).Kernel, RepoPaths.Prompts, Rules(), new FaqBook(RepoPaths.Prompts), orders,
            NluSetup.CreatePipeline(o), NullLogger<LlmNluProvider>.Instance, "SO");
    }

    private static NluRequest Ask(string text, string? customer = null, string locale = "en-US")
        => new(text, locale, DemoShopData.Products, Now) { CustomerId = customer };

    /// <summary>A well-formed answer; override what a test needs.</summary>
    internal static object Model(string intent = "complaint", string language = "en-US", string? category = "ProductQuality",
        string[]? problems = null, string? sku = null, string? wish = null, object[]? amounts = null, string[]? corrections = null) => new
    {
        intent, language, category,
        problems = problems ?? ["QualityDefect"],
        product_sku = sku, wish,
        amounts = amounts ?? [],
        corrections = corrections ?? [],
    };

    private const string Vague = "the gadget I got from you for boiling water is dead after two days, I want my 199 yuan back";

    [Fact]
    public async Task Good_answer_fills_intent_category_product_problem_wish_and_amount()
    {
        await using var server = await StartAsync(Json(Model(sku: "SKU-KET-02", wish: "Refund", amounts: [new { amount = 199, currency = "CNY" }])));
        var rulesAlone = await Rules().UnderstandAsync(Ask(Vague));
        Assert.Empty(rulesAlone.Extraction.Products); // what the model adds: the rules see no product here

        var u = await Provider(server.BaseUrl, _shop.Orders).UnderstandAsync(Ask(Vague));

        Assert.Equal("llm", u.Provider);
        Assert.Null(u.FallbackReason);
        Assert.Equal(MessageIntent.Complaint, u.Intent.Intent);
        Assert.Equal("en-US", u.Intent.Language);
        Assert.Equal(ComplaintCategory.ProductQuality, u.Category);
        Assert.Equal([ProblemKind.QualityDefect], u.Extraction.Problems);
        Assert.Equal("SKU-KET-02", Assert.Single(u.Extraction.Products).Sku);
        Assert.Equal(WishKind.Refund, u.Extraction.Wish);
        Assert.Equal(199m, Assert.Single(u.Extraction.Amounts).Amount);
        Assert.Empty(u.Rejected);

        var sent = Assert.Single(server.Requests);
        Assert.Equal("test-model", sent["model"]!.GetValue<string>());
        Assert.Equal("json_schema", sent["response_format"]!["type"]!.GetValue<string>());
        Assert.Equal("understanding", sent["response_format"]!["json_schema"]!["name"]!.GetValue<string>());
        Assert.Contains("product_sku", sent["response_format"]!["json_schema"]!["schema"]!.ToJsonString());
        Assert.Contains("SKU-KET-02", Text(sent["messages"]![0]!));          // the catalog is in the system prompt
        Assert.Equal(Vague, Text(sent["messages"]![1]!));
        Assert.Null(sent["tools"]);                                           // anonymous: no order functions offered
    }

    [Fact]
    public async Task Chinese_message_gets_the_Chinese_instruction()
    {
        await using var server = await StartAsync(Json(Model(language: "zh-CN")));
        await Provider(server.BaseUrl, _shop.Orders).UnderstandAsync(Ask("烧水的那个东西两天就坏了", locale: "zh-CN"));
        Assert.Contains("顾客", Text(Assert.Single(server.Requests)["messages"]![0]!));
    }

    [Fact]
    public async Task Model_looks_up_the_proven_customers_order_through_the_kernel_function_and_names_its_line()
    {
        // cust-001 owns SO10000001 (two ceramic mugs).
        await using var server = await StartAsync(
            ToolCall("orders-lookup_order", """{"orderNumber":"SO10000001"}"""),
            Json(Model(category: "Logistics", problems: ["Damaged"], sku: "SKU-MUG-01", wish: "Reship")));
        var u = await Provider(server.BaseUrl, _shop.Orders).UnderstandAsync(Ask("what I ordered last week came in pieces, please send it again", customer: "cust-001"));

        Assert.Equal("llm", u.Provider);
        Assert.Equal("SKU-MUG-01", u.Extraction.Products[0].Sku);
        Assert.Equal(WishKind.Reship, u.Extraction.Wish);
        var requests = server.Requests.ToList();
        Assert.Equal(2, requests.Count);
        var tools = requests[0]["tools"]!.AsArray().Select(t => t!["function"]!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("orders-lookup_order", tools);
        Assert.Contains("orders-list_my_orders", tools);
        var toolResult = requests[1]["messages"]!.AsArray().Single(m => m!["role"]!.GetValue<string>() == "tool");
        Assert.Contains("SKU-MUG-01", Text(toolResult!));
    }

    [Fact]
    public async Task Order_function_never_shows_another_customers_order()
    {
        // cust-002 asks; SO10000001 belongs to cust-001.
        await using var server = await StartAsync(
            ToolCall("orders-lookup_order", """{"orderNumber":"SO10000001"}"""),
            Json(Model(sku: null)));
        await Provider(server.BaseUrl, _shop.Orders).UnderstandAsync(Ask("my order SO10000001 is broken", customer: "cust-002"));

        var toolResult = server.Requests.Last()["messages"]!.AsArray().Single(m => m!["role"]!.GetValue<string>() == "tool");
        Assert.Contains("not_found", Text(toolResult!));
        Assert.DoesNotContain("SKU-MUG-01", Text(toolResult!));
    }

    [Fact]
    public async Task Order_the_customer_proved_by_the_identity_question_is_the_only_one_the_model_may_look_up()
    {
        // Anonymous, but SO10000001 was proved (last 4 digits of its phone); SO10000002 was not.
        await using var server = await StartAsync(
            ToolCall("orders-lookup_order", """{"orderNumber":"SO10000002"}"""),
            ToolCall("orders-lookup_order", """{"orderNumber":"SO10000001"}"""),
            Json(Model(category: "Logistics", problems: ["Damaged"], sku: "SKU-MUG-01")));
        var request = Ask("it came broken") with { OrderNumber = "SO10000001", ProvenOrderNumber = "SO10000001" };
        var u = await Provider(server.BaseUrl, _shop.Orders).UnderstandAsync(request);

        var toolResults = server.Requests.Last()["messages"]!.AsArray().Where(m => m!["role"]!.GetValue<string>() == "tool").Select(m => Text(m!)).ToList();
        Assert.Equal(2, toolResults.Count);
        Assert.Contains("not_found", toolResults[0]);
        Assert.Contains("SKU-MUG-01", toolResults[1]);
        Assert.Equal("SKU-MUG-01", u.Extraction.Products[0].Sku);
    }

    [Fact]
    public async Task Typed_order_that_is_not_proved_neither_reaches_the_model_nor_bounds_its_product()
    {
        // Anonymous, SO10000001 only typed: no functions, and its lines are no evidence either way (the catalog is).
        await using var server = await StartAsync(Json(Model(sku: "SKU-LAP-04")));
        var u = await Provider(server.BaseUrl, _shop.Orders).UnderstandAsync(Ask("order SO10000001 is faulty") with { OrderNumber = "SO10000001" });
        Assert.Null(Assert.Single(server.Requests)["tools"]);
        Assert.DoesNotContain("SKU-MUG-01\"", Assert.Single(server.Requests).ToJsonString()[..200]);
        Assert.Equal("SKU-LAP-04", u.Extraction.Products[0].Sku);
    }

    [Fact]
    public async Task Model_that_invents_a_product_not_on_the_order_is_rejected_and_the_rules_product_kept()
    {
        // SO10000001 (cust-001's, signed in) has only mugs; the model names the laptop.
        const string text = "order SO10000001: the mug arrived with a crack";
        await using var server = await StartAsync(Json(Model(category: "Logistics", problems: ["Damaged"], sku: "SKU-LAP-04")));
        var u = await Provider(server.BaseUrl, _shop.Orders).UnderstandAsync(Ask(text, customer: "cust-001"));

        Assert.Equal("llm", u.Provider);
        Assert.Contains(u.Rejected, r => r.Contains("SKU-LAP-04"));
        Assert.Equal("SKU-MUG-01", Assert.Single(u.Extraction.Products).Sku); // the rules' reading of "mug"
        Assert.Equal([ProblemKind.Damaged], u.Extraction.Problems);          // the other facts are still the model's
    }

    [Fact]
    public async Task Model_that_invents_a_product_outside_the_catalog_is_rejected()
    {
        await using var server = await StartAsync(Json(Model(sku: "SKU-ROCKET-99")));
        var u = await Provider(server.BaseUrl, _shop.Orders).UnderstandAsync(Ask(Vague));
        Assert.Contains(u.Rejected, r => r.Contains("SKU-ROCKET-99"));
        Assert.Empty(u.Extraction.Products);
    }

    [Fact]
    public async Task Amount_not_written_in_the_message_is_rejected()
    {
        await using var server = await StartAsync(Json(Model(amounts: [new { amount = 5000, currency = "CNY" }])));
        var u = await Provider(server.BaseUrl, _shop.Orders).UnderstandAsync(Ask(Vague));
        Assert.Contains(u.Rejected, r => r.Contains("5000"));
        Assert.Equal(199m, Assert.Single(u.Extraction.Amounts).Amount); // the rules' 199 yuan
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("""{"intent":"complaint","language":"en-US" """)]
    [InlineData("""{"intent":"furious","language":"en-US","category":null,"problems":[],"product_sku":null,"wish":null,"amounts":[],"corrections":[]}""")]
    [InlineData("""{"intent":"complaint","language":"en-US","category":null,"problems":["Exploded"],"product_sku":null,"wish":null,"amounts":[],"corrections":[]}""")]
    [InlineData("""{"intent":"complaint","language":"en-US","category":null,"problems":[],"product_sku":null,"wish":null,"amounts":[]}""")]
    public async Task Malformed_or_off_schema_answer_falls_back_to_the_rules(string answer)
    {
        await using var server = await StartAsync(Answer(answer));
        var u = await Provider(server.BaseUrl, _shop.Orders).UnderstandAsync(Ask(Vague));
        var rules = await Rules().UnderstandAsync(Ask(Vague));

        Assert.Equal("rules", u.Provider);
        Assert.StartsWith("invalid answer", u.FallbackReason);
        Assert.Equal(rules.Intent, u.Intent);
        Assert.Equal(rules.Extraction.Problems, u.Extraction.Problems);
    }

    [Fact]
    public async Task Answer_slower_than_TimeoutMs_falls_back_to_the_rules()
    {
        await using var server = await StartAsync(Stall());
        var u = await Provider(server.BaseUrl, _shop.Orders, timeoutMs: 300, retries: 0).UnderstandAsync(Ask(Vague));
        Assert.Equal("rules", u.Provider);
        Assert.StartsWith("timeout", u.FallbackReason);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(500)]
    public async Task Throttled_or_failed_call_is_retried_and_the_retry_answers(int status)
    {
        await using var server = await StartAsync(Status(status), Json(Model(sku: "SKU-KET-02")));
        var u = await Provider(server.BaseUrl, _shop.Orders).UnderstandAsync(Ask(Vague));
        Assert.Equal("llm", u.Provider);
        Assert.Equal("SKU-KET-02", u.Extraction.Products[0].Sku);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Failures_past_the_retries_fall_back_to_the_rules()
    {
        await using var server = await StartAsync(Status(500));
        var u = await Provider(server.BaseUrl, _shop.Orders, retries: 2).UnderstandAsync(Ask(Vague));
        Assert.Equal("rules", u.Provider);
        Assert.StartsWith("error", u.FallbackReason);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Refused_request_is_not_retried_and_falls_back_to_the_rules()
    {
        await using var server = await StartAsync(Status(400));
        var u = await Provider(server.BaseUrl, _shop.Orders).UnderstandAsync(Ask(Vague));
        Assert.Equal("rules", u.Provider);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Correction_of_earlier_facts_marks_the_extraction_as_a_correction()
    {
        await using var server = await StartAsync(Json(Model(sku: "SKU-KET-02", corrections: ["product"])));
        var request = Ask("sorry, I meant the thing for boiling water") with { Known = new KnownFacts(ProblemKind.QualityDefect, "SKU-MUG-01", null) };
        var u = await Provider(server.BaseUrl, _shop.Orders).UnderstandAsync(request);
        Assert.Equal([CorrectedFact.Product], u.Corrections);
        Assert.True(u.Extraction.IsCorrection);
        Assert.Contains("SKU-MUG-01", Text(Assert.Single(server.Requests)["messages"]![0]!)); // the model is told the earlier facts
    }

    [Fact]
    public void Schema_enums_are_the_bots_own_types()
    {
        Assert.Equal(Enum.GetNames<ProblemKind>(), UnderstandingSchema.EnumOf("problems"));
        Assert.Equal(Enum.GetNames<WishKind>(), UnderstandingSchema.EnumOf("wish"));
        Assert.Equal(Enum.GetNames<ComplaintCategory>(), UnderstandingSchema.EnumOf("category"));
        Assert.Equal(Enum.GetNames<CorrectedFact>().Select(n => n.ToLowerInvariant()), UnderstandingSchema.EnumOf("corrections"));
    }

    /// <summary>A message's text, whether sent as a string or as content parts.</summary>
    internal static string Text(JsonNode message) => message["content"] switch
    {
        JsonArray parts => string.Concat(parts.Select(p => p!["text"]?.GetValue<string>())),
        { } c => c.GetValue<string>(),
        _ => "",
    };
}

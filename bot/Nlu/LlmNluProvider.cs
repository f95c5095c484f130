using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Nlu;
using ComplaintBot.Dialogs.Orders;
using ComplaintBot.Dialogs.Runtime;
using ComplaintBot.Dialogs.Text;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using Polly;
using OpenAIChat = OpenAI.Chat;

namespace ComplaintBot.Bot.Nlu;

/// <summary>
/// Understanding by a language model (<c>Nlu:Provider = llm</c>) through a Semantic Kernel <see cref="Kernel"/>: the
/// <c>understand.system</c> prompt, the message as the user turn, structured output against
/// <see cref="UnderstandingSchema"/>, and — for a proven customer or a proven order — the order functions of
/// <see cref="OrderLookupPlugin"/>, which the kernel runs when the model calls them.
/// <para>The rules always run first: they supply what the model is not asked (order numbers, dates, yes/no, rating,
/// interruptions) and the whole answer when the model fails. A timeout, an error after the retries, a refusal or an
/// answer that breaks the schema gives the rules' result for the turn. A fact that fails a check is replaced by the
/// rules' one: a product that is on no entitled order in context (or, without one, not in the catalog), an amount that is
/// not written in the message.</para>
/// </summary>
public sealed partial class LlmNluProvider(
    Kernel kernel, PromptLibrary prompts, RulesNluProvider rules, FaqBook faq, IOrderService orders, ResiliencePipeline pipeline,
    ILogger<LlmNluProvider> log, string? orderNumberPrefix = null) : INluProvider
{
    public const string ProviderName = "llm";
    public string Name => ProviderName;

    public async ValueTask<Understanding> UnderstandAsync(NluRequest request, CancellationToken ct = default)
    {
        var baseline = await rules.UnderstandAsync(request, ct);
        // Nothing for a model to add to an empty message, a bare yes/no or an emoji.
        if (string.IsNullOrWhiteSpace(request.Text) || baseline.Extraction.IsBareAnswer || baseline.Intent.Intent == MessageIntent.Mood)
            return baseline;

        var plugin = request.CustomerId is not null || request.ProvenOrderNumber is not null
            ? new OrderLookupPlugin(orders, request.CustomerId, request.ProvenOrderNumber, orderNumberPrefix)
            : null;
        string answer;
        var started = Stopwatch.GetTimestamp();
        var outcome = "ok";
        using (var span = BotTelemetry.StartSpan("nlu.llm", ActivityKind.Client))
        {
            try
            {
                answer = await pipeline.ExecuteAsync(async token => await AskAsync(request, plugin, token), ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; }
            catch (Exception ex)
            {
                outcome = ex is OperationCanceledException or TimeoutException or Polly.Timeout.TimeoutRejectedException ? "timeout" : "error";
                span.Fail(ex);
                log.LogWarning("Language-model understanding failed ({Error}); the rules answer this turn", ex.Message);
                return baseline with { FallbackReason = $"{outcome}: {ex.GetType().Name}" };
            }
            finally
            {
                BotTelemetry.LlmDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
                    new KeyValuePair<string, object?>("outcome", outcome), new KeyValuePair<string, object?>("use", "nlu"));
            }
        }
        try
        {
            return await MergeAsync(baseline, ModelAnswer.Parse(answer), request, plugin, ct);
        }
        catch (InvalidDataException ex)
        {
            log.LogWarning("Language-model understanding answered outside the schema ({Error}); the rules answer this turn", ex.Message);
            return baseline with { FallbackReason = "invalid answer: " + ex.Message };
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // E.g. a number too large for a decimal, or the shop failing while the answer is checked.
            log.LogWarning(ex, "Language-model understanding could not be checked; the rules answer this turn");
            return baseline with { FallbackReason = "unchecked answer: " + ex.GetType().Name };
        }
    }

    private async Task<string> AskAsync(NluRequest request, OrderLookupPlugin? plugin, CancellationToken ct)
    {
        var turnKernel = kernel.Clone();
        if (plugin is not null) turnKernel.Plugins.AddFromObject(plugin, "orders");
        var locale = LocaleResolver.Resolve(request.Locale, request.Text, prompts.DefaultLocale);
        var history = new ChatHistory();
        history.AddSystemMessage(prompts.Render(locale, "understand.system", new
        {
            products = request.Catalog.Select(p => new { sku = p.Sku, name = p.DisplayName(locale) }).ToList(),
            verified = plugin is not null,
            known = request.Known is { } k ? new { problem = k.Problem?.ToString() ?? "-", sku = k.Sku ?? "-", wish = k.Wish?.ToString() ?? "-" } : null,
            orderNumber = request.OrderNumber,
            currencies = string.Join(", ", UnderstandingSchema.EnumOf("currency")),
            shopCurrency = prompts.Currency,
        }));
        history.AddUserMessage(request.Text!);
        var settings = new OpenAIPromptExecutionSettings
        {
            Temperature = 0,
            MaxTokens = 500,
            ResponseFormat = OpenAIChat.ChatResponseFormat.CreateJsonSchemaFormat("understanding", BinaryData.FromString(UnderstandingSchema.Text), jsonSchemaIsStrict: true),
            FunctionChoiceBehavior = plugin is null ? null : FunctionChoiceBehavior.Auto(),
        };
        var reply = await turnKernel.GetRequiredService<IChatCompletionService>().GetChatMessageContentAsync(history, settings, turnKernel, ct);
        // A refusal comes without content; it is no answer.
        return reply.Content is { Length: > 0 } content ? content : throw new InvalidDataException("the model answered with no content (a refusal?)");
    }

    private async Task<Understanding> MergeAsync(Understanding baseline, ModelAnswer m, NluRequest request, OrderLookupPlugin? plugin, CancellationToken ct)
    {
        var x = baseline.Extraction;
        var rejected = new List<string>();

        // The product: a line of an order in context, else (no order in context) a catalog product.
        var products = x.Products;
        if (m.ProductSku is { } sku)
        {
            var lines = await OrderLinesInContextAsync(request, x, plugin, ct);
            var catalogHit = request.Catalog.FirstOrDefault(p => string.Equals(p.Sku, sku, StringComparison.OrdinalIgnoreCase));
            Product? product = null;
            if (lines.Count > 0)
            {
                if (lines.FirstOrDefault(l => string.Equals(l.Sku, sku, StringComparison.OrdinalIgnoreCase)) is { } line)
                    product = catalogHit ?? new Product(line.Sku, line.Name, line.NameEn, line.UnitPrice, "", []);
                else rejected.Add($"product {sku}: not a line of the order");
            }
            else if (catalogHit is not null) product = catalogHit;
            else rejected.Add($"product {sku}: not in the catalog");
            if (product is not null) products = [product, .. x.Products.Where(p => p.Sku != product.Sku)];
        }

        // Amounts: only numbers the customer wrote.
        var amounts = x.Amounts;
        if (m.Amounts.Count > 0)
        {
            var written = NumbersIn(x.Text);
            var invented = m.Amounts.Where(a => !written.Contains(a.Amount)).ToList();
            if (invented.Count == 0) amounts = m.Amounts;
            else rejected.Add("amounts " + string.Join(", ", invented.Select(a => a.Amount.ToString(CultureInfo.InvariantCulture))) + ": not in the message");
        }

        var problems = m.Problems.Count > 0 ? m.Problems : x.Problems;
        var intent = MergeIntent(baseline.Intent, m.Intent);
        var complaintFacts = problems.Count > 0 || x.OrderNumbers.Count > 0 || x.Excessive is not null;
        // The rules' conversational intents follow the model's reading; cancel, help and start over stay the rules'.
        var conversational = x.Intent switch
        {
            Intent.None or Intent.Greeting or Intent.Human => m.Intent switch
            {
                "human" when !complaintFacts => Intent.Human,
                "greeting" when !complaintFacts && x.Intent == Intent.None => Intent.Greeting,
                "complaint" when x.Intent == Intent.Greeting => Intent.None,
                _ => x.Intent,
            },
            _ => x.Intent,
        };
        var merged = x with
        {
            Problems = problems,
            Products = products,
            Wish = m.Wish ?? x.Wish,
            Amounts = amounts,
            Intent = conversational,
            CorrectsEarlierFacts = m.Corrections.Count > 0 && request.Known is not null,
        };
        if (intent.Intent == MessageIntent.Question && intent.FaqTopic is null) intent = intent with { FaqTopic = faq.Topic(x.Text) };
        if (m.Language is { } language && !string.Equals(language, intent.Language, StringComparison.OrdinalIgnoreCase))
            intent = intent with { Language = language };
        if (rejected.Count > 0) log.LogInformation("Language-model facts rejected, the rules' kept: {Rejected}", string.Join("; ", rejected));

        return new Understanding(merged, intent)
        {
            Category = intent.Intent == MessageIntent.Complaint
                ? m.Category ?? baseline.Category ?? Dialogs.Policy.CaseAnalyzer.CategoryOf(problems.FirstOrDefault(ProblemKind.Other), x.Text, [])
                : null,
            Corrections = request.Known is null ? [] : m.Corrections,
            Provider = ProviderName,
            Rejected = rejected,
        };
    }

    /// <summary>The model's intent, except that an emoji mood and thanks stay what the rules read.</summary>
    private static IntentResult MergeIntent(IntentResult rules, string model)
    {
        if (rules.Intent is MessageIntent.Mood or MessageIntent.Thanks) return rules;
        var intent = model switch
        {
            "complaint" => MessageIntent.Complaint,
            "question" => MessageIntent.Question,
            "greeting" => MessageIntent.Greeting,
            "human" => MessageIntent.HumanRequest,
            _ => MessageIntent.Unrelated,
        };
        return rules with { Intent = intent, FaqTopic = intent == MessageIntent.Question ? rules.FaqTopic : null };
    }

    /// <summary>
    /// Lines of every order in context that the conversation is entitled to (its proven customer's, or the order the
    /// customer proved): the conversation's order, orders the message names, orders the model looked up. An order the
    /// customer only typed counts for nothing here (its lines are details the customer has not proved a right to), so
    /// the product is then checked against the catalog.
    /// </summary>
    private async Task<IReadOnlyList<OrderLine>> OrderLinesInContextAsync(NluRequest request, Extraction x, OrderLookupPlugin? plugin, CancellationToken ct)
    {
        var lines = new List<OrderLine>();
        var numbers = new List<string>();
        if (request.OrderNumber is { } current) numbers.Add(current);
        foreach (var n in x.OrderNumbers)
        {
            numbers.Add(n);
            if (n.All(char.IsAsciiDigit) && orderNumberPrefix is { Length: > 0 }) numbers.Add(orderNumberPrefix + n);
        }
        if (plugin is null) return lines;
        foreach (var n in numbers.Distinct())
            if (await orders.GetOrderAsync(n, ct) is { } order && plugin.Entitled(order)) lines.AddRange(order.Lines);
        lines.AddRange(plugin.Consulted.SelectMany(o => o.Lines));
        return lines;
    }

    [GeneratedRegex(@"\d+(?:,\d{3})*(?:\.\d+)?")]
    private static partial Regex Number();

    private static HashSet<decimal> NumbersIn(string text)
        => Number().Matches(text).Select(m => decimal.TryParse(m.Value.Replace(",", ""), NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : -1).ToHashSet();

    /// <summary>The model's answer, checked against the schema and typed.</summary>
    internal sealed record ModelAnswer(string Intent, string? Language, ComplaintCategory? Category, IReadOnlyList<ProblemKind> Problems,
        string? ProductSku, WishKind? Wish, IReadOnlyList<Money> Amounts, IReadOnlyList<CorrectedFact> Corrections)
    {
        public static ModelAnswer Parse(string answer)
        {
            JsonElement root;
            try { root = JsonDocument.Parse(answer).RootElement; }
            catch (JsonException ex) { throw new InvalidDataException($"not JSON: {ex.Message}", ex); }
            var errors = UnderstandingSchema.Validate(root);
            if (errors.Count > 0) throw new InvalidDataException(string.Join("; ", errors.Take(3)));
            static string? Str(JsonElement e) => e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            return new ModelAnswer(
                root.GetProperty("intent").GetString()!,
                root.GetProperty("language").GetString(),
                Str(root.GetProperty("category")) is { } c ? Enum.Parse<ComplaintCategory>(c) : null,
                root.GetProperty("problems").EnumerateArray().Select(p => Enum.Parse<ProblemKind>(p.GetString()!)).Distinct().ToList(),
                Str(root.GetProperty("product_sku")) is { Length: > 0 } s ? s.Trim() : null,
                Str(root.GetProperty("wish")) is { } w ? Enum.Parse<WishKind>(w) : null,
                root.GetProperty("amounts").EnumerateArray().Select(a => new Money(a.GetProperty("amount").GetDecimal(), a.GetProperty("currency").GetString()!)).ToList(),
                root.GetProperty("corrections").EnumerateArray().Select(c => Enum.Parse<CorrectedFact>(c.GetString()!, ignoreCase: true)).Distinct().ToList());
        }
    }
}

using ComplaintBot.Dialogs.Policy;

namespace ComplaintBot.Dialogs.Nlu;

/// <summary>
/// The deterministic understanding (<c>Nlu:Provider = rules</c>, the default): <see cref="ComplaintExtractor"/> for the
/// facts, an <see cref="IIntentClassifier"/> (the keyword rules) for the intent, and the policy's category table.
/// </summary>
public sealed class RulesNluProvider(ComplaintExtractor extractor, IIntentClassifier intents, IReadOnlyList<string>? afterSalesWords = null) : INluProvider
{
    public const string ProviderName = "rules";
    public string Name => ProviderName;

    public async ValueTask<Understanding> UnderstandAsync(NluRequest request, CancellationToken ct = default)
    {
        var x = extractor.Extract(request.Text, request.Catalog, request.Now);
        var intent = await intents.ClassifyAsync(request.Text, x, ct);
        return new Understanding(x, intent)
        {
            Category = intent.Intent == MessageIntent.Complaint ? CaseAnalyzer.CategoryOf(x.Problems.FirstOrDefault(ProblemKind.Other), x.Text, afterSalesWords ?? []) : null,
            Corrections = x.IsCorrection ? Corrected(x) : [],
        };
    }

    /// <summary>The facts a correction ("不是，是少发了一件") brings.</summary>
    internal static IReadOnlyList<CorrectedFact> Corrected(Extraction x)
    {
        var list = new List<CorrectedFact>();
        if (x.Problems.Count > 0) list.Add(CorrectedFact.Problem);
        if (x.Products.Count > 0) list.Add(CorrectedFact.Product);
        if (x.Wish is not null) list.Add(CorrectedFact.Wish);
        if (x.OrderNumbers.Count > 0) list.Add(CorrectedFact.Order);
        return list;
    }
}

using System.Globalization;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Orders;
using ComplaintBot.Dialogs.Text;

namespace ComplaintBot.Dialogs.Nlu;

/// <summary>One labelled first message: what a person reading it says it is. "-" = none.</summary>
public sealed record LabelledMessage(int Line, string Text, string Language, string Intent, string Category, string Product, string Wish);

/// <summary>How often a provider agreed with the labels on one field.</summary>
public sealed record FieldScore(string Field, int Correct, int Total)
{
    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;
}

public sealed record EvaluationReport(string Provider, int Messages, int Complaints, IReadOnlyList<FieldScore> Scores, IReadOnlyList<string> Misses)
{
    public FieldScore this[string field] => Scores.Single(s => s.Field == field);
}

/// <summary>
/// Scores an <see cref="INluProvider"/> on labelled first messages (<c>eval-understanding --data FILE.tsv</c>). The
/// file has a header and the columns text, language, intent, category, product, wish. Intent and language are scored
/// on every message; category, product (the catalog sku named, or "-") and wish (or "-") on the complaints.
/// </summary>
public static class UnderstandingEvaluation
{
    public static readonly string[] Columns = ["text", "language", "intent", "category", "product", "wish"];
    public static readonly string[] Intents = ["complaint", "question", "greeting", "human", "unrelated"];
    public const string None = "-";

    /// <summary>Reads and checks a labelled file; a bad row throws <see cref="FormatException"/> naming its line.</summary>
    public static IReadOnlyList<LabelledMessage> Read(TextReader reader, IReadOnlyList<Product> catalog)
    {
        var header = reader.ReadLine()?.Split('\t');
        if (header is null || !header.SequenceEqual(Columns)) throw new FormatException("line 1: the header must be " + string.Join("<TAB>", Columns));
        var rows = new List<LabelledMessage>();
        var line = 1;
        while (reader.ReadLine() is { } raw)
        {
            line++;
            if (string.IsNullOrWhiteSpace(raw)) continue;
            var f = raw.Split('\t');
            if (f.Length != Columns.Length) throw new FormatException($"line {line}: {f.Length} columns, not {Columns.Length}");
            var row = new LabelledMessage(line, f[0].Trim(), f[1], f[2], f[3], f[4], f[5]);
            void Check(bool ok, string what) { if (!ok) throw new FormatException($"line {line}: {what}"); }
            Check(row.Text.Length > 0, "empty text");
            Check(row.Language is LocaleResolver.Chinese or LocaleResolver.English, $"language '{row.Language}'");
            Check(Intents.Contains(row.Intent), $"intent '{row.Intent}'");
            var complaint = row.Intent == "complaint";
            Check(complaint ? Enum.TryParse<ComplaintCategory>(row.Category, out _) : row.Category == None, $"category '{row.Category}' for {row.Intent}");
            Check(row.Product == None || catalog.Any(p => p.Sku == row.Product), $"product '{row.Product}' is not in the catalog");
            Check(row.Wish == None || Enum.TryParse<WishKind>(row.Wish, out _), $"wish '{row.Wish}'");
            Check(complaint || (row.Product == None && row.Wish == None), "product and wish are labelled on complaints only");
            rows.Add(row);
        }
        return rows;
    }

    public static async Task<EvaluationReport> RunAsync(INluProvider provider, IReadOnlyList<LabelledMessage> rows, IReadOnlyList<Product> catalog,
        DateTimeOffset now, CancellationToken ct = default)
    {
        int language = 0, intent = 0, category = 0, product = 0, wish = 0, complaints = 0;
        var misses = new List<string>();
        foreach (var row in rows)
        {
            // Each message is a first message: no customer, no order, no earlier facts.
            var u = await provider.UnderstandAsync(new NluRequest(row.Text, null, catalog, now), ct);
            var got = Predicted(u);
            void Score(ref int counter, string field, string expected, string actual)
            {
                if (expected == actual) counter++;
                else misses.Add($"line {row.Line} {field}: expected {expected}, got {actual} | {row.Text}");
            }
            Score(ref language, "language", row.Language, got.Language);
            Score(ref intent, "intent", row.Intent, got.Intent);
            if (row.Intent != "complaint") continue;
            complaints++;
            Score(ref category, "category", row.Category, got.Category);
            Score(ref product, "product", row.Product, got.Product);
            Score(ref wish, "wish", row.Wish, got.Wish);
        }
        return new EvaluationReport(provider.Name, rows.Count, complaints,
        [
            new("intent", intent, rows.Count), new("language", language, rows.Count),
            new("category", category, complaints), new("product", product, complaints), new("wish", wish, complaints),
        ], misses);
    }

    /// <summary>An understanding in the file's labels.</summary>
    public static (string Language, string Intent, string Category, string Product, string Wish) Predicted(Understanding u) => (
        u.Intent.Language ?? None,
        u.Intent.Intent switch
        {
            MessageIntent.Complaint => "complaint",
            MessageIntent.Question => "question",
            MessageIntent.Greeting or MessageIntent.Thanks => "greeting",
            MessageIntent.HumanRequest => "human",
            _ => "unrelated",
        },
        u.Category?.ToString() ?? None,
        u.Extraction.Products.FirstOrDefault()?.Sku ?? None,
        u.Extraction.Wish?.ToString() ?? None);

    public static void Write(EvaluationReport report, TextWriter w, int showMisses = 0)
    {
        w.WriteLine($"provider {report.Provider}: {report.Messages} messages, {report.Complaints} complaints");
        foreach (var s in report.Scores)
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {s.Field,-9} {s.Accuracy:0.000}  ({s.Correct}/{s.Total})"));
        foreach (var m in report.Misses.Take(showMisses)) w.WriteLine("  miss: " + m);
    }
}

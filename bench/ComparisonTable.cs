using System.Globalization;
using System.Text;

namespace ComplaintBot.Bench;

/// <summary>
/// The side-by-side table of <c>bench -- compare</c> (Markdown, so it can go into docs/benchmark.md as printed):
/// turns/s, p50 and p99 per language and server CPU per turn for ours, the peer and the no-op ceiling, then the ratios
/// against the targets of issue 15.
/// </summary>
public static class ComparisonTable
{
    public const double MinTimesPeerThroughput = 3.0;
    public const double MaxShareOfPeerP99 = 0.5;
    public const double MinShareOfNoOpThroughput = 0.35;
    public const double MaxCpuMsPerTurn = 0.3;

    public static string Format(ServerFigures ours, ServerFigures peer, ServerFigures noOp, IReadOnlyList<string> languages)
    {
        var s = new StringBuilder();
        var langs = string.Join("/", languages);
        s.AppendLine($"| server | turns/s {langs} | p50 ms {langs} | p99 ms {langs} | CPU ms/turn {langs} | errors {langs} |");
        s.AppendLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var server in new[] { ours, peer, noOp })
        {
            if (server.NotRun is not null)
            {
                s.AppendLine($"| {server.Name} | not run: {server.NotRun} | | | | |");
                continue;
            }
            string Each(Func<LoadResult, string> f) => string.Join(" / ", languages.Select(l => server.For(l) is { } r ? f(r) : "–"));
            s.AppendLine($"| {server.Name} | {Each(r => N(r.TurnsPerSecond, 0))} | {Each(r => N(r.P50Ms, 1))} | {Each(r => N(r.P99Ms, 1))} " +
                         $"| {Each(r => r.CpuMsPerTurn is { } c ? N(c, 3) : "–")} | {Each(r => r.Errors.ToString(CultureInfo.InvariantCulture))} |");
        }
        s.AppendLine();
        s.AppendLine($"| ratio (target) | {string.Join(" | ", languages)} | |");
        s.AppendLine($"| --- |{string.Concat(languages.Select(_ => " --- |"))} --- |");
        Ratio(s, $"ours / peer turns/s (≥ {N(MinTimesPeerThroughput, 0)}×)", languages,
            l => Divide(ours.For(l)?.TurnsPerSecond, peer.For(l)?.TurnsPerSecond), v => v >= MinTimesPeerThroughput, v => N(v, 2) + "×");
        Ratio(s, $"ours / peer p99 (≤ {N(MaxShareOfPeerP99, 1)}×)", languages,
            l => Divide(ours.For(l)?.P99Ms, peer.For(l)?.P99Ms), v => v <= MaxShareOfPeerP99, v => N(v, 2) + "×");
        Ratio(s, $"ours / no-op turns/s (≥ {N(MinShareOfNoOpThroughput * 100, 0)} %)", languages,
            l => Divide(ours.For(l)?.TurnsPerSecond, noOp.For(l)?.TurnsPerSecond), v => v >= MinShareOfNoOpThroughput, v => N(v * 100, 1) + " %");
        Ratio(s, $"ours CPU ms/turn (≤ {N(MaxCpuMsPerTurn, 1)})", languages,
            l => ours.For(l)?.CpuMsPerTurn, v => v <= MaxCpuMsPerTurn, v => N(v, 3));
        return s.ToString();
    }

    private static void Ratio(StringBuilder s, string label, IReadOnlyList<string> languages, Func<string, double?> value, Func<double, bool> met, Func<double, string> show)
    {
        var values = languages.Select(value).ToArray();
        var verdict = values.Any(v => v is null || double.IsNaN(v.Value)) ? "n/a"
            : values.All(v => met(v!.Value)) ? "met" : "not met";
        s.AppendLine($"| {label} | {string.Join(" | ", values.Select(v => v is { } x && !double.IsNaN(x) ? show(x) : "n/a"))} | {verdict} |");
    }

    private static double? Divide(double? a, double? b) => a is { } x && b is { } y && y > 0 ? x / y : null;

    private static string N(double v, int decimals) => v.ToString("F" + decimals, CultureInfo.InvariantCulture);
}

using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace ComplaintBot.Bench;

/// <summary>
/// <c>bench -- store-size --store PATH [--cases N]</c> (issue 15, "flat with the store's size"): the same load against
/// our bot on an empty store and then on the seeded store at PATH (seeded first with <see cref="StoreSeeder"/> when
/// missing), and the bot's resident memory at the end of each (VmRSS, and the peak VmHWM). Median latency per script
/// step shows which request grows with the store. Runs on the seeded store add their conversations to it.
/// </summary>
public static class StoreSizeRun
{
    public const double MinShareOfEmpty = 0.9;
    public const double MaxRssMiB = 250;

    public static async Task<int> RunAsync(BenchOptions o)
    {
        var path = Path.GetFullPath(o.Store!);
        if (!File.Exists(path)) await StoreSeeder.SeedAsync(path, o.Cases);
        Console.WriteLine($"store-size: {o.Customers} customers, {o.Warmup.TotalSeconds:F0} s warm-up + {o.Duration.TotalSeconds:F0} s measured per store and language");
        Console.WriteLine("machine at start: " + MachineLoad.Now());
        BenchBotSettings.Print(BenchBotSettings.ForLoad);

        var empty = await MeasureAsync("empty store", null, o);
        var seededLabel = $"seeded store ({Describe(path)})";
        var seeded = await MeasureAsync(seededLabel, path, o);
        Console.WriteLine();
        Console.WriteLine("machine at end: " + MachineLoad.Now());
        Console.WriteLine(Format(empty, seeded, o.Languages));
        return 0;
    }

    private static async Task<StoreFigures> MeasureAsync(string label, string? path, BenchOptions o)
    {
        await using var bot = await ServerProcess.StartBotAsync(BenchBotSettings.ForLoad, path);
        var idle = bot.Memory();
        Console.WriteLine($"-- {label}: bot started, {idle}");
        var results = new Dictionary<string, LoadResult>();
        foreach (var language in o.Languages)
        {
            var result = await LoadRun.RunAsync(bot.MessagesUrl, ComplaintScript.ForComplaintBot(language), o.Customers, o.Warmup, o.Duration, bot.ProcessId);
            Console.WriteLine($"{label}, {language}:");
            Console.WriteLine(result.Describe());
            results[language] = result;
        }
        var end = bot.Memory();
        Console.WriteLine($"{label}: after the load {end}");
        return new StoreFigures(label, results, idle, end);
    }

    public static string Format(StoreFigures empty, StoreFigures seeded, IReadOnlyList<string> languages)
    {
        var s = new StringBuilder();
        var langs = string.Join("/", languages);
        s.AppendLine($"| store | turns/s {langs} | p50 ms {langs} | p99 ms {langs} | p50 ms per step ({langs}) | CPU ms/turn {langs} | RSS idle → end (peak) MiB |");
        s.AppendLine("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (var f in new[] { empty, seeded })
        {
            string Each(Func<LoadResult, string> show) => string.Join(" / ", languages.Select(l => f.ByLanguage.TryGetValue(l, out var r) ? show(r) : "–"));
            s.AppendLine($"| {f.Label} | {Each(r => N(r.TurnsPerSecond, 0))} | {Each(r => N(r.P50Ms, 1))} | {Each(r => N(r.P99Ms, 1))} " +
                         $"| {Each(r => string.Join(" ", r.StepP50Ms.Select(ms => N(ms, 1))))} | {Each(r => r.CpuMsPerTurn is { } c ? N(c, 3) : "–")} " +
                         $"| {(f.Idle is { } i ? N(i.RssMiB, 0) : "?")} → {(f.End is { } e ? $"{N(e.RssMiB, 0)} ({N(e.PeakRssMiB, 0)})" : "?")} |");
        }
        s.AppendLine();
        var shares = languages.Select(l => seeded.ByLanguage[l].TurnsPerSecond / empty.ByLanguage[l].TurnsPerSecond).ToArray();
        s.AppendLine($"seeded / empty turns/s: {string.Join(" / ", shares.Select(x => N(x * 100, 0) + " %"))} (target ≥ {N(MinShareOfEmpty * 100, 0)} %: " +
                     $"{(shares.All(x => x >= MinShareOfEmpty) ? "met" : "not met")})");
        if (seeded.End is { } m)
            s.AppendLine($"RSS on the seeded store after the load: {N(m.RssMiB, 0)} MiB, peak {N(m.PeakRssMiB, 0)} MiB (target ≤ {N(MaxRssMiB, 0)} MB: {(m.PeakRssMiB <= MaxRssMiB ? "met" : "not met")})");
        return s.ToString();
    }

    /// <summary>"100002 cases, 1600032 transcript rows, 3100 MB", read before the bot opens it.</summary>
    private static string Describe(string path)
    {
        using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        db.Open();
        long Count(string table)
        {
            using var cmd = db.CreateCommand();
            cmd.CommandText = $"SELECT COUNT(*) FROM {table}";
            return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        return $"{Count("complaint_case")} cases, {Count("state_items")} conversation states, {Count("transcript")} transcript rows, {new FileInfo(path).Length / 1024 / 1024} MB";
    }

    private static string N(double v, int decimals) => v.ToString("F" + decimals, CultureInfo.InvariantCulture);
}

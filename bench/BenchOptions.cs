using System.Globalization;

namespace ComplaintBot.Bench;

/// <summary>The command line of every mode (<see cref="BenchMode"/>); <see cref="Usage"/> lists it.</summary>
public sealed record BenchOptions
{
    public BenchMode Mode { get; init; } = BenchMode.Load;
    public Uri Url { get; init; } = new("http://127.0.0.1:3978/api/messages");
    public int Customers { get; init; } = 20;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(20);
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(10);
    public bool StartBot { get; init; }
    public int? ServerPid { get; init; }
    public IReadOnlyList<string> Languages { get; init; } = ComplaintScript.Languages;
    public string? PeerSource { get; init; }
    public bool NoPeer { get; init; }
    public int Cases { get; init; } = 100_000;
    public string? Store { get; init; }
    public TimeSpan Think { get; init; } = TimeSpan.FromSeconds(5);
    public int Port { get; init; }

    public const string Usage = """
        ComplaintBot bench (docs/benchmark.md). dotnet run -c Release --project bench -- [MODE] [options]
        modes:
          (none)       one server: --url URL [--server-pid PID] or --start-bot; --lang en|zh (default en)
          compare      ours, the botbuilder JS peer and the no-op endpoint side by side, en and zh, with the ratios
          trace        one scripted conversation per language against ours and the peer, printed
          seed         --cases N --store PATH: fill a SQLite store with N conversations and cases
          store-size   the load against our bot on an empty store, then on PATH (seeded first if missing): turns/s, RSS
          directline   --customers N (default 1000) Direct Line WebSocket customers, one message every --think S
        options:
          --customers N      concurrent customers (default 20; directline 1000)
          --duration S       measured seconds per run (default 20)
          --warmup S         unmeasured seconds before each run (default 10)
          --lang L[,L]       en, zh or en,zh (default both in compare, trace, store-size; en otherwise)
          --peer DIR         the peer's source (default ../shared/peer-botbuilder); --no-peer skips it
          --cases N          seed / store-size: conversations and cases (default 100000)
          --store PATH       seed / store-size: the SQLite file
          --think S          directline: seconds between a customer's messages (default 5)
        """;

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        var i = 0;
        if (args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal))
        {
            o = o with
            {
                Mode = args[0] switch
                {
                    "compare" => BenchMode.Compare,
                    "trace" => BenchMode.Trace,
                    "seed" => BenchMode.Seed,
                    "store-size" => BenchMode.StoreSize,
                    "directline" => BenchMode.DirectLine,
                    "noop-server" => BenchMode.NoOpServer,
                    _ => throw new ArgumentException($"unknown mode {args[0]}"),
                },
            };
            i = 1;
        }
        var customersGiven = false;
        var languagesGiven = false;
        for (; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            double Seconds() => double.Parse(Next(), CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--url": o = o with { Url = new Uri(Next()) }; break;
                case "--customers": o = o with { Customers = int.Parse(Next(), CultureInfo.InvariantCulture) }; customersGiven = true; break;
                case "--duration": o = o with { Duration = TimeSpan.FromSeconds(Seconds()) }; break;
                case "--warmup": o = o with { Warmup = TimeSpan.FromSeconds(Seconds()) }; break;
                case "--start-bot": o = o with { StartBot = true }; break;
                case "--server-pid": o = o with { ServerPid = int.Parse(Next(), CultureInfo.InvariantCulture) }; break;
                case "--lang": o = o with { Languages = ParseLanguages(Next()) }; languagesGiven = true; break;
                case "--peer": o = o with { PeerSource = Next() }; break;
                case "--no-peer": o = o with { NoPeer = true }; break;
                case "--cases": o = o with { Cases = int.Parse(Next(), CultureInfo.InvariantCulture) }; break;
                case "--store": o = o with { Store = Next() }; break;
                case "--think": o = o with { Think = TimeSpan.FromSeconds(Seconds()) }; break;
                case "--port": o = o with { Port = int.Parse(Next(), CultureInfo.InvariantCulture) }; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        if (!customersGiven && o.Mode == BenchMode.DirectLine) o = o with { Customers = 1000 };
        if (!languagesGiven && o.Mode is BenchMode.Load or BenchMode.DirectLine) o = o with { Languages = ["en"] };
        if (o.Customers < 1) throw new ArgumentException("--customers must be at least 1");
        if (o.Cases < 1) throw new ArgumentException("--cases must be at least 1");
        if (o.Mode == BenchMode.Seed && o.Store is null) throw new ArgumentException("seed needs --store PATH");
        if (o.Mode == BenchMode.StoreSize && o.Store is null) throw new ArgumentException("store-size needs --store PATH");
        if (o.Mode == BenchMode.NoOpServer && o.Port <= 0) throw new ArgumentException("noop-server needs --port N");
        return o;
    }

    private static string[] ParseLanguages(string value)
    {
        var langs = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (langs.Length == 0 || langs.Any(l => !ComplaintScript.Languages.Contains(l))) throw new ArgumentException($"--lang takes en, zh or en,zh, not {value}");
        return langs;
    }
}

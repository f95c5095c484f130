namespace ComplaintBot.Bench;

/// <summary>Command line: --url, --customers, --duration, --warmup, --start-bot, --server-pid.</summary>
public sealed record BenchOptions(Uri Url, int Customers, TimeSpan Duration, TimeSpan Warmup, bool StartBot, int? ServerPid = null)
{
    public const string Usage = """
        ComplaintBot load generator: N concurrent scripted complaint conversations over /api/messages (deliveryMode=expectReplies).
          --url URL          bot endpoint (default http://127.0.0.1:3978/api/messages)
          --customers N      concurrent customers, each on its own conversation (default 20)
          --duration S       measured seconds (default 30)
          --warmup S         unmeasured seconds before that, for JIT and caches (default 5)
          --start-bot        build-configuration copy of the bot is started as a child process on a free port
                             with a temporary data directory, then stopped (ignores --url)
          --server-pid PID   with --url: also report that local server process's CPU time per turn
                             (with --start-bot it is reported for the started bot anyway)
        """;

    public static BenchOptions Parse(string[] args)
    {
        var url = new Uri("http://127.0.0.1:3978/api/messages");
        int customers = 20;
        double duration = 30, warmup = 5;
        var startBot = false;
        int? serverPid = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--url": url = new Uri(Next()); break;
                case "--customers": customers = int.Parse(Next()); break;
                case "--duration": duration = double.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--warmup": warmup = double.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--start-bot": startBot = true; break;
                case "--server-pid": serverPid = int.Parse(Next()); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        if (customers < 1) throw new ArgumentException("--customers must be at least 1");
        return new BenchOptions(url, customers, TimeSpan.FromSeconds(duration), TimeSpan.FromSeconds(warmup), startBot, serverPid);
    }
}

namespace ComplaintBot.Bot.Hosting;

/// <summary>
/// Maintenance commands run instead of the web host: `dotnet run --project bot -- NAME [options]`.
/// Each area adds its commands to <see cref="Commands"/>.
/// </summary>
public static class CommandLine
{
    private static readonly Dictionary<string, Func<string[], TextWriter, Task<int>>> Commands = new(StringComparer.OrdinalIgnoreCase)
    {
        ["hash-password"] = Agents.HashPasswordCommand.RunAsync,
        ["train-sentiment"] = Sentiment.SentimentCommands.TrainAsync,
        ["eval-sentiment"] = Sentiment.SentimentCommands.EvalAsync,
        ["eval-understanding"] = Nlu.UnderstandingCommands.EvalAsync,
        ["teams-manifest"] = Channels.Teams.TeamsManifestCommand.RunAsync,
    };

    /// <summary>One line per command for the help text; a command without one is still listed.</summary>
    private static readonly Dictionary<string, string> Summaries = new(StringComparer.OrdinalIgnoreCase)
    {
        ["hash-password"] = "print a salted hash for Agents:Accounts (argument or standard input)",
        ["train-sentiment"] = "train the sentiment model: --data CHATS.tsv --out MODEL.cbsm (a shop's own chats) or --datasets DIR --out MODEL.cbsm (the public default)",
        ["eval-sentiment"] = "measure a sentiment provider: --data FILE.tsv --task anger|polarity --positive LABELS [--provider model|lexicon] [--half even|odd]",
        ["eval-understanding"] = "score a message reader on labelled first messages: --data FILE.tsv [--provider rules|llm] [--misses N]",
        ["teams-manifest"] = "write the Teams app package: --app-id GUID --out FILE.zip [--website https://…]",
    };

    private static readonly string[] HelpWords = ["--help", "-h", "-?", "/?", "help"];

    /// <returns>The exit code when args name a command (or ask for help); null to start the web host.</returns>
    /// <param name="output">Where the command prints its result; standard output unless a caller (a test) needs
    /// it apart from whatever else the process writes to the console.</param>
    /// <param name="error">Where errors go; standard error by default.</param>
    public static async Task<int?> TryRunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        if (args.Length == 0) return null;
        if (HelpWords.Contains(args[0], StringComparer.OrdinalIgnoreCase))
        {
            WriteUsage(output);
            return 0;
        }
        if (!Commands.TryGetValue(args[0], out var run))
        {
            // Options (--urls …) and configuration overrides (Key=Value) are for the web host; any other bare word is
            // a mistyped command, which must not silently start a server instead.
            if (args[0].StartsWith('-') || args[0].Contains('=')) return null;
            error.WriteLine($"Unknown command '{args[0]}'.");
            WriteUsage(error);
            return 2;
        }
        try
        {
            return await run(args[1..], output);
        }
        catch (ArgumentException ex)
        {
            error.WriteLine($"{args[0]}: {ex.Message}");
            return 2;
        }
    }

    private static void WriteUsage(TextWriter w)
    {
        w.WriteLine("Usage: dotnet run --project bot [-- --urls URL | Section:Key=Value ...]   start the bot (web host)");
        w.WriteLine("       dotnet run --project bot -- COMMAND [options]                      run a maintenance command");
        w.WriteLine();
        w.WriteLine("Commands:");
        var width = Commands.Keys.Max(k => k.Length) + 2;
        foreach (var name in Commands.Keys.Order(StringComparer.Ordinal))
            w.WriteLine($"  {name.PadRight(width)}{Summaries.GetValueOrDefault(name, "")}");
    }
}

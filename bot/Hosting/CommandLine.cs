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
    };

    /// <returns>The exit code when args name a command; null to start the web host.</returns>
    /// <param name="output">Where the command prints its result; standard output unless a caller (a test) needs
    /// it apart from whatever else the process writes to the console.</param>
    public static async Task<int?> TryRunAsync(string[] args, TextWriter? output = null)
    {
        if (args.Length == 0 || !Commands.TryGetValue(args[0], out var run)) return null;
        try
        {
            return await run(args[1..], output ?? Console.Out);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine($"{args[0]}: {ex.Message}");
            return 2;
        }
    }
}

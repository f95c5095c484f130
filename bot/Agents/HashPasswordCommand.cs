namespace ComplaintBot.Bot.Agents;

/// <summary>
/// <c>dotnet run --project bot -- hash-password [PASSWORD]</c>: prints a hash for Agents:Accounts[].PasswordHash.
/// Without an argument the password is read from standard input (so it stays out of shell history).
/// </summary>
public static class HashPasswordCommand
{
    public static Task<int> RunAsync(string[] args) => RunAsync(args, Console.Out);

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var password = args.Length > 0 ? args[0] : (await Console.In.ReadLineAsync())?.TrimEnd('\r', '\n');
        if (string.IsNullOrEmpty(password)) throw new ArgumentException("usage: hash-password PASSWORD (or the password on standard input)");
        output.WriteLine(AgentPasswordHasher.Hash(password));
        return 0;
    }
}

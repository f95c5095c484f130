using ComplaintBot.Bot.Hosting;

namespace ComplaintBot.Tests.Hosting;

/// <summary>What an operator gets from `dotnet run --project bot -- …`: help, a refused typo, or the web host.</summary>
public sealed class CommandLineTests
{
    [Theory, InlineData("--help"), InlineData("-h"), InlineData("help")]
    public async Task Help_lists_every_command_with_what_it_does_and_starts_no_server(string arg)
    {
        var output = new StringWriter();
        Assert.Equal(0, await CommandLine.TryRunAsync([arg], output, new StringWriter()));
        var text = output.ToString();
        foreach (var command in new[] { "hash-password", "train-sentiment", "eval-sentiment", "teams-manifest" })
            Assert.Matches($@"(?m)^\s+{command}\s+\S", text);
        Assert.Contains("dotnet run --project bot", text);
    }

    [Fact]
    public async Task A_misspelt_command_is_refused_with_the_list_instead_of_starting_the_server()
    {
        var error = new StringWriter();
        Assert.Equal(2, await CommandLine.TryRunAsync(["hash-pasword", "x"], new StringWriter(), error));
        Assert.Contains("hash-pasword", error.ToString());
        Assert.Contains("hash-password", error.ToString());
    }

    [Theory]
    [InlineData]
    [InlineData("--urls", "http://127.0.0.1:5000")]
    [InlineData("Storage:Provider=Memory")]
    [InlineData("--environment=Production")]
    public async Task Host_arguments_start_the_web_host(params string[] args)
        => Assert.Null(await CommandLine.TryRunAsync(args, new StringWriter(), new StringWriter()));
}

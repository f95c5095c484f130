using System.Collections.Concurrent;
using ComplaintBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ComplaintBot.Tests.Hosting;

/// <summary>
/// The console log is for operators: what happens in every ordinary conversation is written at Debug, so 1,000
/// customers do not cost a log line each (issue 15, the Direct Line bench), while escalations and failures stay visible.
/// </summary>
public sealed class ConversationLogTests
{
    [Fact]
    public async Task A_customer_proving_their_order_is_logged_at_debug_and_writes_no_information_line()
    {
        var logs = new LogEntries();
        await using var server = BotServer.Start(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Debug",
            ["Logging:LogLevel:Microsoft"] = "Warning",
            ["Logging:LogLevel:System"] = "Warning",
        }, s => s.AddSingleton<ILoggerProvider>(logs));
        logs.Entries.Clear(); // start-up lines are not the conversation's
        using var http = server.CreateClient();

        var conversation = "conv-log-" + Guid.NewGuid().ToString("N")[..8];
        await ApiMessages.SendAsync(http, ApiMessages.Message(conversation, "My parcel from order SO10000004 still hasn't arrived, I want an explanation"));
        await ApiMessages.SendAsync(http, ApiMessages.Message(conversation, "2222"));

        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Debug && e.Text.Contains("SO10000004") && e.Text.Contains("proved"));
        var loud = logs.Entries.Where(e => e.Level >= LogLevel.Information && e.Category.StartsWith("ComplaintBot", StringComparison.Ordinal)).ToList();
        Assert.True(loud.Count == 0, "Information lines of an ordinary conversation:\n" + string.Join("\n", loud.Select(e => $"{e.Level} {e.Category}: {e.Text}")));
    }

    private sealed class LogEntries : ILoggerProvider
    {
        public ConcurrentQueue<(LogLevel Level, string Category, string Text)> Entries { get; } = new();
        public ILogger CreateLogger(string categoryName) => new Logger(Entries, categoryName);
        public void Dispose() { }

        private sealed class Logger(ConcurrentQueue<(LogLevel, string, string)> entries, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
                => entries.Enqueue((logLevel, category, formatter(state, exception)));
        }
    }
}

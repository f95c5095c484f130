using ComplaintBot.Bot.Agents;
using ComplaintBot.Bot.Channels.BotFramework;
using ComplaintBot.Bot.Channels.DirectLine;
using ComplaintBot.Bot.Complaints;
using ComplaintBot.Bot.FollowUps;
using ComplaintBot.Bot.Hosting;
using ComplaintBot.Bot.Llm;
using ComplaintBot.Bot.Nlu;
using ComplaintBot.Bot.Sentiment;
using ComplaintBot.Bot.Stores;

// Composition root. Each area registers itself through one extension method in its own folder.
if (await CommandLine.TryRunAsync(args) is int exitCode) return exitCode;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = HostPaths.ContentRoot(),
    WebRootPath = HostPaths.WebRoot(),
});

WebApplication app;
try
{
    builder.Services.AddStores(builder.Configuration);
    builder.Services.AddRuntime(builder.Configuration);
    builder.Services.AddLlm(builder.Configuration);
    builder.Services.AddSentiment(builder.Configuration);
    builder.Services.AddNlu(builder.Configuration);
    builder.Services.AddComplaintFlow(builder.Configuration);
    builder.Services.AddBotFrameworkChannel(builder.Configuration);
    builder.Services.AddDirectLine(builder.Configuration);
    builder.Services.AddAgentConsole(builder.Configuration);
    builder.Services.AddFollowUps(builder.Configuration);
    builder.Services.AddTelemetry(builder.Configuration);
    builder.Services.AddRateLimits();
    builder.Services.AddFaultInjection(builder.Configuration); // last: wraps stores the areas registered (off unless set)

    app = builder.Build();
    // The checked settings (ValidateOnStart) are checked here, before the host starts and logs a failure with its
    // stack trace: an operator's typo gets one line per bad key instead.
    app.Services.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate();
}
catch (Exception ex) when (SettingsErrors.Describe(ex, builder.Configuration) is { Count: > 0 } lines)
{
    foreach (var line in lines) Console.Error.WriteLine(line);
    return 3;
}

app.UseSecurityHeaders();
app.UseRateLimits();
app.UseDefaultFiles();
app.UseStaticFiles();
app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));
app.MapTelemetry();
app.MapBotFramework();
app.MapDirectLine();
app.MapAgentConsole();
app.MapStorefront();

app.Run();
return 0;

/// <summary>Visible to WebApplicationFactory in tests.</summary>
public partial class Program;

using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Complaints;
using ComplaintBot.Dialogs.Handoff;
using ComplaintBot.Dialogs.State;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ComplaintBot.Bot.Agents;

/// <summary>Human hand-off and the agent console (/agent): accounts, sign-in, queue, live chat hub, timeouts.</summary>
public static class AgentSetup
{
    public static IServiceCollection AddAgentConsole(this IServiceCollection services, IConfiguration config)
    {
        var accounts = config.GetSection(AgentAccountOptions.Section).Get<AgentAccountOptions>() ?? new();
        var handoffOptions = config.GetSection(HandoffOptions.Section).Get<HandoffOptions>() ?? new();
        services.AddSingleton(accounts);
        services.AddSingleton(handoffOptions);
        services.AddSingleton(sp => new AgentDirectory(accounts, sp.GetRequiredService<IHostEnvironment>().IsDevelopment()));
        services.AddAgentAuth(accounts);
        services.AddSignalR();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<INotificationBus, InProcessNotificationBus>();
        services.TryAddSingleton<IHandoffStore>(_ => new SqliteHandoffStore(config["Storage:Sqlite:Path"] ?? "data/complaintbot.db"));
        services.TryAddSingleton<IProactiveSender, ChannelRouter>();
        services.TryAddSingleton(sp => new HandoffService(
            sp.GetRequiredService<IHandoffStore>(),
            sp.GetRequiredService<IProactiveSender>(),
            sp.GetRequiredService<IHandoffTexts>(),
            sp.GetRequiredService<INotificationBus>(),
            sp.GetRequiredService<HandoffOptions>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ITranscriptStore>(),
            // Without a case store the console still works from the queue snapshot.
            sp.GetService<ICaseStore>() is { } cases ? new CaseHandoffRecorder(cases, sp.GetRequiredService<TimeProvider>()) : null));
        services.TryAddSingleton<IHandoffTexts, PendingPromptRenderer>();
        services.TryAddSingleton<HandoffMiddleware>();
        // Replaces the complaint flow's default (which only tells the customer).
        services.RemoveAll<IHandoffRequester>();
        services.AddSingleton<IHandoffRequester, HandoffRequester>();

        services.AddHostedService<AgentHubRelay>();
        services.AddHostedService<HandoffTimeoutService>();
        return services;
    }

    public static WebApplication MapAgentConsole(this WebApplication app)
    {
        AgentEndpoints.Map(app);
        app.MapHub<AgentHub>(AgentHub.Path);
        return app;
    }

    /// <summary>Until the complaint flow's prompt renderer is registered: fails loudly instead of inventing text.</summary>
    private sealed class PendingPromptRenderer : IHandoffTexts
    {
        public string Render(string template, string locale, IReadOnlyDictionary<string, object?> variables)
            => throw new InvalidOperationException($"No prompt renderer is registered; cannot render '{template}'.");
    }
}

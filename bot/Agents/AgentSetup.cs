using ComplaintBot.Bot.Channels.BotFramework;
using ComplaintBot.Bot.Channels.DirectLine;
using ComplaintBot.Bot.Dashboard;
using ComplaintBot.Bot.Hosting;
using ComplaintBot.Bot.Privacy;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Complaints;
using ComplaintBot.Dialogs.FollowUps;
using ComplaintBot.Dialogs.Handoff;
using ComplaintBot.Dialogs.Policy;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Dialogs.Text;
using ComplaintBot.Dialogs.Turns;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using IMiddleware = ComplaintBot.Dialogs.Turns.IMiddleware;

namespace ComplaintBot.Bot.Agents;

/// <summary>Human hand-off and the agent console (/agent): accounts, sign-in, queue, live chat hub, timeouts.</summary>
public static class AgentSetup
{
    public static IServiceCollection AddAgentConsole(this IServiceCollection services, IConfiguration config)
    {
        // Bound when first used, from the host's final configuration (test hosts add settings after this runs).
        services.AddSingleton(sp => sp.GetRequiredService<IConfiguration>().GetSection(AgentAccountOptions.Section).Get<AgentAccountOptions>() ?? new());
        services.AddSingleton<IValidateOptions<AgentAccountOptions>, DefaultPasswordRule>();
        services.AddSingleton<SignInLockout>();
        services.AddOptions<AgentAccountOptions>().BindConfiguration(AgentAccountOptions.Section).ValidateOnStart();
        services.AddCheckedOptions<HandoffOptions>(HandoffOptions.Section, (r, o) =>
        {
            r.Positive(nameof(o.QueueTimeout), o.QueueTimeout);
            r.Positive(nameof(o.QueueSweepInterval), o.QueueSweepInterval);
            r.Positive(nameof(o.AverageHandleTime), o.AverageHandleTime);
            r.Positive(nameof(o.FirstResponseSla), o.FirstResponseSla);
            r.Positive(nameof(o.ExternalTimeout), o.ExternalTimeout);
            r.NotNegative(nameof(o.AgentAuthority), o.AgentAuthority);
            r.Require(o.SupervisorAuthority >= o.AgentAuthority, nameof(o.SupervisorAuthority), o.SupervisorAuthority,
                $"an amount at least Agents:AgentAuthority ({o.AgentAuthority})");
        });
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<HandoffOptions>>().Value);
        services.AddCheckedOptions<ContactCentreOptions>(ContactCentreOptions.Section, (r, o) =>
        {
            for (var i = 0; i < o.Secrets.Count; i++)
                r.Require(o.Secrets[i].Length >= ContactCentreOptions.MinSecretLength, $"{nameof(o.Secrets)}:{i}", "(hidden)",
                    $"a random secret of at least {ContactCentreOptions.MinSecretLength} characters");
        });
        services.AddSingleton(sp => new AgentDirectory(sp.GetRequiredService<AgentAccountOptions>(), sp.GetRequiredService<IHostEnvironment>().IsDevelopment()));
        services.AddAgentAuth(config.GetSection(AgentAccountOptions.Section).Get<AgentAccountOptions>() ?? new());
        services.AddSignalR();

        services.TryAddSingleton(TimeProvider.System);
        services.AddServiceHours();
        services.TryAddSingleton<INotificationBus, InProcessNotificationBus>();
        services.AddSqliteDatabase();
        services.TryAddSingleton<IHandoffStore>(sp => new SqliteHandoffStore(sp.GetRequiredService<SqliteDatabase>()));
        services.TryAddSingleton<IProactiveSender, ChannelRouter>();
        services.TryAddSingleton(sp =>
        {
            var o = config.GetSection(PromptOptions.Section).Get<PromptOptions>() ?? new();
            var root = RuntimeSetup.ResolvePath(sp.GetRequiredService<IHostEnvironment>().ContentRootPath, o.Path);
            if (!Directory.Exists(root)) root = Path.Combine(AppContext.BaseDirectory, o.Path);
            return new PromptLibrary(root, o.DefaultLocale, o.Currency);
        });
        services.TryAddSingleton<IHandoffTexts, PromptHandoffTexts>();
        // An agent's remedy is confirmed to the customer in the same written form as the bot's.
        services.TryAddSingleton(sp => new WrittenConfirmation(sp.GetRequiredService<PromptLibrary>(),
            sp.GetService<IOptions<ComplaintOptions>>()?.Value ?? new(), sp.GetRequiredService<ServiceHours>()));
        services.TryAddSingleton(sp => new HandoffService(
            sp.GetRequiredService<IHandoffStore>(),
            sp.GetRequiredService<IProactiveSender>(),
            sp.GetRequiredService<IHandoffTexts>(),
            sp.GetRequiredService<INotificationBus>(),
            sp.GetRequiredService<HandoffOptions>(),
            sp.GetRequiredService<ServiceHours>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ITranscriptStore>(),
            // Without a case store the console still works from the queue snapshot.
            sp.GetService<ICaseStore>() is { } cases ? new CaseHandoffRecorder(cases, sp.GetRequiredService<TimeProvider>(), sp.GetService<FollowUpPlanner>(), sp.GetRequiredService<WrittenConfirmation>(),
                sp.GetService<Microsoft.Extensions.Options.IOptions<SlaOptions>>()?.Value) : null,
            sp.GetRequiredService<WrittenConfirmation>())
        {
            // Resolved per use: the bot needs the complaint flow's root dialog, registered by another area.
            ResumeBot = (turn, ct) => sp.GetRequiredService<IBot>().OnTurnAsync(turn, ct),
        });
        // After the runtime's turn serialization and transcript logger (AddRuntime runs first), so messages the
        // bot does not answer are still logged.
        services.TryAddSingleton<HandoffMiddleware>();
        services.AddSingleton<IMiddleware>(sp => sp.GetRequiredService<HandoffMiddleware>());
        services.AddSingleton(sp => new ProactiveRoute("directline", ChannelRouter.IsOwnDirectLine, () => sp.GetRequiredService<DirectLineAdapter>()));
        services.AddSingleton(sp => new ProactiveRoute("botframework", _ => true, () => sp.GetRequiredService<BotFrameworkAdapter>(), Fallback: true));
        // Replaces the complaint flow's default (which only tells the customer).
        services.RemoveAll<IHandoffRequester>();
        services.AddSingleton<IHandoffRequester, HandoffRequester>();

        services.AddHostedService<AgentHubRelay>();
        services.AddHostedService<HandoffTimeoutService>();
        // The console's dashboard (figures, batch-issue alerts, CSV export) lives in bot/Dashboard.
        services.AddDashboard();
        // Lead-only customer export/erasure and the retention job live in bot/Privacy.
        services.AddPrivacy();
        return services;
    }

    public static WebApplication MapAgentConsole(this WebApplication app)
    {
        AgentEndpoints.Map(app);
        ContactCentreEndpoint.Map(app);
        app.MapHub<AgentHub>(AgentHub.Path);
        app.MapDashboard();
        app.MapPrivacy();
        return app;
    }
}

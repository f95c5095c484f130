using ComplaintBot.Bot.Hosting;
using ComplaintBot.Dialogs.Policy;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ComplaintBot.Bot.Dashboard;

/// <summary>The agent console's dashboard: figures, batch-issue alerts (checked, recorded, pushed to the hub) and the CSV export.</summary>
public static class DashboardSetup
{
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        // Bound when first used, from the host's final configuration (test hosts add settings after this runs).
        services.AddCheckedOptions<DashboardOptions>(DashboardOptions.Section, (r, o) =>
        {
            r.Positive("BatchAlert:Window", o.BatchAlert.Window);
            r.Positive("BatchAlert:Threshold", o.BatchAlert.Threshold);
            r.Positive("BatchAlert:CheckInterval", o.BatchAlert.CheckInterval);
            r.NotNegative("BatchAlert:Keep", o.BatchAlert.Keep);
            r.Positive("Export:MaxRows", o.Export.MaxRows);
        });
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<DashboardOptions>>().Value);
        services.TryAddSingleton(sp => sp.GetRequiredService<DashboardOptions>().BatchAlert);
        services.TryAddSingleton(sp => sp.GetRequiredService<DashboardOptions>().Export);
        services.AddServiceHours(); // the shop's time zone: day boundaries of the periods and times in the export
        services.TryAddSingleton(sp => new BatchAlertService(
            sp.GetRequiredService<Dialogs.Cases.ICaseStore>(),
            sp.GetRequiredService<Dialogs.State.IStorage>(),
            sp.GetRequiredService<Dialogs.State.INotificationBus>(),
            sp.GetRequiredService<BatchAlertOptions>(),
            sp.GetService<IOptions<PolicyOptions>>() ?? Options.Create(new PolicyOptions()),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<BatchAlertService>>()));
        services.TryAddSingleton(sp => new DashboardService(
            sp.GetRequiredService<Dialogs.Cases.ICaseStore>(),
            sp.GetRequiredService<BatchAlertService>(),
            sp.GetRequiredService<ServiceHours>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<BatchAlertRelay>();
        services.AddHostedService<BatchAlertMonitor>();
        return services;
    }

    public static WebApplication MapDashboard(this WebApplication app)
    {
        DashboardEndpoints.Map(app);
        return app;
    }
}

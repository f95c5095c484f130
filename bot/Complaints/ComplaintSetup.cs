using ComplaintBot.Bot.Hosting;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Complaints;
using ComplaintBot.Dialogs.Orders;
using ComplaintBot.Dialogs.Policy;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Dialogs.Text;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ComplaintBot.Bot.Complaints;

public static class ComplaintSetup
{
    /// <summary>
    /// The complaint flow: prompts and the promise guard, the shop backend (demo SQLite shop or HTTP), the case store
    /// (same SQLite file as the bot's state), policy, and <see cref="ComplaintDialog"/> as the root dialog.
    /// Other areas may replace <see cref="IHandoffRequester"/> (hand-off) or <see cref="ICaseStore"/> (PostgreSQL)
    /// by registering theirs; everything here uses TryAdd.
    /// </summary>
    public static IServiceCollection AddComplaintFlow(this IServiceCollection services, IConfiguration config)
    {
        services.AddCheckedOptions<PromptOptions>(Dialogs.Text.PromptOptions.Section, (r, o) =>
            r.Require(MoneyFormat.IsKnownCurrency(o.Currency), nameof(o.Currency), o.Currency, "an ISO 4217 currency code such as CNY, USD or EUR"));
        services.Configure<PromiseGuardOptions>(config.GetSection(PromiseGuardOptions.Section));
        services.Configure<OrderServiceOptions>(config.GetSection(OrderServiceOptions.Section));
        services.AddCheckedOptions<PolicyOptions>(PolicyOptions.Section, (r, o) =>
        {
            r.NotNegative(nameof(o.ReturnWindowDays), o.ReturnWindowDays);
            r.Positive(nameof(o.BatchThreshold), o.BatchThreshold);
            r.Require(o.SystemicThreshold >= o.BatchThreshold, nameof(o.SystemicThreshold), o.SystemicThreshold,
                $"a whole number at least Policy:BatchThreshold ({o.BatchThreshold})");
        });
        services.AddCheckedOptions<SlaOptions>(SlaOptions.Section, (r, o) =>
        {
            r.Positive(nameof(o.FirstResponseMinutes), o.FirstResponseMinutes);
            foreach (var (severity, hours) in o.ResolutionHours) r.Positive($"ResolutionHours:{severity}", hours);
        });
        services.AddCheckedOptions<ComplaintOptions>(ComplaintOptions.Section, (r, o) =>
        {
            r.Positive(nameof(o.MaxOrderAttempts), o.MaxOrderAttempts);
            r.Positive(nameof(o.MaxVerifyAttempts), o.MaxVerifyAttempts);
            r.Positive(nameof(o.RecentOrderChoices), o.RecentOrderChoices);
        });
        services.TryAddSingleton(TimeProvider.System);

        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<Dialogs.Text.PromptOptions>>().Value;
            var env = sp.GetRequiredService<IHostEnvironment>();
            var path = RuntimeSetup.ResolvePath(env.ContentRootPath, o.Path);
            // Runs from elsewhere find the copy next to the binary (the build copies prompts/).
            if (!Directory.Exists(path)) path = Path.Combine(AppContext.BaseDirectory, o.Path);
            return new PromptLibrary(path, o.DefaultLocale, o.Currency);
        });
        services.TryAddSingleton(sp => new PromiseGuard(sp.GetRequiredService<IOptions<PromiseGuardOptions>>().Value));
        services.TryAddSingleton<PromiseGuardHook>();

        // The complaint tables live in the bot's SQLite file (Storage:Sqlite:Path), whatever the state store is,
        // and share its one writer.
        services.AddSqliteDatabase();
        services.AddServiceHours();
        services.TryAddSingleton<ICaseStore>(sp => new SqliteCaseStore(
            sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ServiceHours>().Zone));

        var orders = config.GetSection(OrderServiceOptions.Section).Get<OrderServiceOptions>() ?? new OrderServiceOptions();
        if (orders.Provider.Equals("Http", StringComparison.OrdinalIgnoreCase))
        {
            services.AddHttpClient<HttpOrderService>(http => HttpOrderService.Configure(http, orders.Http));
            services.TryAddSingleton(orders.Http);
            services.TryAddSingleton<IOrderService>(sp => sp.GetRequiredService<HttpOrderService>());
        }
        else
        {
            services.TryAddSingleton<IOrderService>(sp => new DemoOrderService(
                sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<TimeProvider>(), orders.DemoRefreshAfterHours));
        }

        services.TryAddSingleton<IHandoffRequester, RecordingHandoffRequester>();
        // The flow is composed in one place; the container hands its parts to what it builds (interceptors, follow-ups).
        services.TryAddSingleton<ComplaintComposition>();
        services.TryAddSingleton(sp => sp.GetRequiredService<ComplaintComposition>().Dialog);
        services.TryAddSingleton(sp => sp.GetRequiredService<ComplaintComposition>().Sessions);
        services.TryAddSingleton(sp => sp.GetRequiredService<ComplaintComposition>().Messages);
        services.TryAddSingleton(sp => sp.GetRequiredService<ComplaintComposition>().Recorder);
        // Every channel's turn reads each case once (a pipeline middleware, so hand-off's case writes share it too).
        services.AddSingleton<Dialogs.Turns.IMiddleware, CaseTurnScopeMiddleware>();
        services.AddTurnInterceptor<PromiseGuardInterceptor>();
        services.AddTurnInterceptor<ComplaintResumeInterceptor>();
        services.AddRootDialog<ComplaintDialog>();
        return services;
    }
}

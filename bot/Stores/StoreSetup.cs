using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Complaints;
using ComplaintBot.Dialogs.Handoff;
using ComplaintBot.Dialogs.Policy;
using ComplaintBot.Dialogs.State;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using IMiddleware = ComplaintBot.Dialogs.Turns.IMiddleware;

namespace ComplaintBot.Bot.Stores;

public static class StoreSetup
{
    public const string ProviderKey = "Storage:Provider";
    public const string PostgresProvider = "Postgres";

    public static bool UsesPostgres(IConfiguration config) =>
        string.Equals(config[ProviderKey], PostgresProvider, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// With <c>Storage:Provider</c> = Postgres, registers the shared-database stores and the LISTEN/NOTIFY bus;
    /// otherwise registers nothing and the runtime's defaults (SQLite or memory) apply.
    /// </summary>
    public static IServiceCollection AddStores(this IServiceCollection services, IConfiguration config)
    {
        if (!UsesPostgres(config)) return services;

        services.AddOptions<PostgresStoreOptions>()
            .Bind(config.GetSection(PostgresStoreOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString), "Storage:Postgres:ConnectionString is required when Storage:Provider is Postgres.")
            .ValidateOnStart();

        services.TryAddSingleton(sp => NpgsqlDataSource.Create(sp.GetRequiredService<IOptions<PostgresStoreOptions>>().Value.ConnectionString));
        services.TryAddSingleton(sp => new PostgresDatabase(
            sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<IOptions<PostgresStoreOptions>>().Value.Schema));
        services.AddHostedService<PostgresSchemaStartup>();

        services.RemoveAll<IStorage>().AddSingleton<IStorage, PostgresStorage>();
        services.RemoveAll<ITranscriptStore>().AddSingleton<ITranscriptStore, PostgresTranscriptStore>();
        services.TryAddSingleton<PostgresNotificationBus>();
        services.RemoveAll<INotificationBus>().AddSingleton<INotificationBus>(sp => sp.GetRequiredService<PostgresNotificationBus>());
        services.AddHostedService(sp => sp.GetRequiredService<PostgresNotificationBus>());

        // Cases too, in the shop's time zone for the dated numbers (the shared ServiceHours).
        services.RemoveAll<ICaseStore>().AddSingleton<ICaseStore>(sp => new PostgresCaseStore(
            sp.GetRequiredService<PostgresDatabase>(), sp.GetService<TimeProvider>(), sp.GetService<ServiceHours>()?.Zone));

        // Conversation ownership and the agent queue: every instance's console sees one queue.
        services.RemoveAll<IHandoffStore>().AddSingleton<IHandoffStore, PostgresHandoffStore>();

        // Registered before the runtime's in-process turn serialization, so it runs first in every channel's pipeline.
        if (config.GetValue(PostgresStoreOptions.Section + ":" + nameof(PostgresStoreOptions.SerializeTurnsAcrossInstances), true))
        {
            services.TryAddSingleton<PostgresTurnLock>();
            services.AddSingleton<IMiddleware>(sp => sp.GetRequiredService<PostgresTurnLock>());
        }
        return services;
    }
}

/// <summary>Creates the schema before the host serves requests, so a wrong connection string fails at start-up.</summary>
internal sealed class PostgresSchemaStartup(PostgresDatabase db) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => db.EnsureSchemaAsync(cancellationToken);
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Complaints;
using ComplaintBot.Dialogs.Handoff;
using ComplaintBot.Dialogs.Policy;
using ComplaintBot.Dialogs.State;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
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
            .Validate(o => string.IsNullOrWhiteSpace(o.ConnectionString)
                || PostgresConnectionBudget.CheckPool(new NpgsqlConnectionStringBuilder(PostgresConnectionBudget.WithPoolSize(o))) is null,
                $"Storage:Postgres: the connection pool must be on and hold at least {PostgresStoreOptions.MinimumPoolSize} connections (Storage:Postgres:MaxPoolSize or Maximum Pool Size).")
            .Validate(o => o.PlannedInstances >= 1 && o.ConnectionHeadroom >= 0, "Storage:Postgres:PlannedInstances must be at least 1 and ConnectionHeadroom at least 0.")
            .ValidateOnStart();

        services.TryAddSingleton(sp => NpgsqlDataSource.Create(
            PostgresConnectionBudget.WithPoolSize(sp.GetRequiredService<IOptions<PostgresStoreOptions>>().Value)));
        services.TryAddSingleton(sp => new PostgresDatabase(
            sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<IOptions<PostgresStoreOptions>>().Value.Schema));
        services.AddHostedService(sp => new PostgresSchemaStartup(
            sp.GetRequiredService<PostgresDatabase>(), sp.GetRequiredService<IOptions<PostgresStoreOptions>>().Value,
            sp.GetRequiredService<ILogger<PostgresSchemaStartup>>()));

        services.RemoveAll<IStorage>().AddSingleton<IStorage, PostgresStorage>();
        services.TryAddSingleton<PostgresTranscriptStore>();
        services.RemoveAll<ITranscriptStore>().AddSingleton<ITranscriptStore>(sp => sp.GetRequiredService<PostgresTranscriptStore>());
        services.TryAddSingleton<PostgresNotificationBus>();
        services.RemoveAll<INotificationBus>().AddSingleton<INotificationBus>(sp => sp.GetRequiredService<PostgresNotificationBus>());
        services.AddHostedService(sp => sp.GetRequiredService<PostgresNotificationBus>());

        // Cases too, in the shop's time zone for the dated numbers (the shared ServiceHours).
        services.RemoveAll<ICaseStore>().AddSingleton<ICaseStore>(sp => new PostgresCaseStore(
            sp.GetRequiredService<PostgresDatabase>(), sp.GetService<TimeProvider>(), sp.GetService<ServiceHours>()?.Zone));

        // Conversation ownership and the agent queue: every instance's console sees one queue.
        services.RemoveAll<IHandoffStore>().AddSingleton<IHandoffStore, PostgresHandoffStore>();

        // One Data Protection key ring for all instances (console cookies, anti-forgery tokens), and one application
        // name: by default it is derived from the content root, which may differ between instances.
        services.AddDataProtection().SetApplicationName("ComplaintBot");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(
            o => o.XmlRepository = new PostgresXmlRepository(sp.GetRequiredService<PostgresDatabase>())));
        services.AddHostedService(sp => new SharedKeyWarning(config, sp.GetRequiredService<ILogger<SharedKeyWarning>>()));

        // Every turn in one transaction on one connection (and, by default, under a per-conversation lock across
        // instances). Registered before the runtime's in-process turn serialization, so it runs first in every pipeline.
        services.TryAddSingleton<PostgresTurnLock>();
        services.AddSingleton<IMiddleware>(sp => sp.GetRequiredService<PostgresTurnLock>());
        return services;
    }
}

/// <summary>
/// Warns at start-up in Postgres mode when the Direct Line token signing key is not set: each instance would then
/// sign with its own key file, and a token issued by one instance gets 403 on another (docs/scale-out.md).
/// </summary>
internal sealed class SharedKeyWarning(IConfiguration config, ILogger<SharedKeyWarning> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var dl = config.GetSection(Channels.DirectLine.DirectLineOptions.Section)
            .Get<Channels.DirectLine.DirectLineOptions>() ?? new Channels.DirectLine.DirectLineOptions();
        if (string.IsNullOrWhiteSpace(dl.TokenSigningKey) && !dl.AllSecrets().Any())
            log.LogWarning("Storage:Provider is Postgres but DirectLine:TokenSigningKey (or DirectLine:Secret) is not set: each instance signs "
                + "Direct Line tokens with its own {KeyFile}, so a token from one instance is refused by another. Set the same key on every instance.", dl.KeyFile);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// Creates the schema before the host serves requests, so a wrong connection string fails at start-up, and refuses a
/// pool that could exhaust the server's connections over the planned instances (<see cref="PostgresConnectionBudget"/>).
/// </summary>
internal sealed class PostgresSchemaStartup(PostgresDatabase db, PostgresStoreOptions options, ILogger<PostgresSchemaStartup> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await PostgresConnectionBudget.VerifyAsync(db.DataSource, options, log, cancellationToken);
        await db.EnsureSchemaAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

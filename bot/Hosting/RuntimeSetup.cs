using ComplaintBot.Dialogs.Runtime;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Dialogs.Turns;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using IMiddleware = ComplaintBot.Dialogs.Turns.IMiddleware;

namespace ComplaintBot.Bot.Hosting;

public static class RuntimeSetup
{
    /// <summary>
    /// Turn pipeline, state and the bot. Stores: with Provider=Postgres, AddStores (which runs first) has
    /// registered them; otherwise SQLite or memory is added here. Everything uses TryAdd, so an area that
    /// registers its own IBot, root dialog or store keeps it.
    /// Middleware order: every channel adapter should <c>Use</c> all registered <see cref="IMiddleware"/> in
    /// registration order — turn serialization first, then (SQLite) the turn's transaction, then exactly-once, then the
    /// transcript logger.
    /// </summary>
    public static IServiceCollection AddRuntime(this IServiceCollection services, IConfiguration config)
    {
        services.AddCheckedOptions<StorageOptions>(StorageOptions.Section, (r, o) =>
        {
            r.OneOf(nameof(o.Provider), o.Provider, StorageProviders.Sqlite, StorageProviders.Memory, StorageProviders.Postgres);
            r.Positive("Sqlite:BusyTimeoutMs", o.Sqlite.BusyTimeoutMs);
        });
        var provider = config.GetSection(StorageOptions.Section)[nameof(StorageOptions.Provider)] ?? StorageProviders.Sqlite;

        if (provider.Equals(StorageProviders.Memory, StringComparison.OrdinalIgnoreCase))
        {
            services.TryAddSingleton<IStorage, MemoryStorage>();
            services.TryAddSingleton<ITranscriptStore, MemoryTranscriptStore>();
        }
        else if (!provider.Equals(StorageProviders.Postgres, StringComparison.OrdinalIgnoreCase))
        {
            // Sqlite; an unknown name is refused by the start-up check above before anything is stored.
            services.AddSqliteDatabase();
            services.TryAddSingleton<IStorage, SqliteStorage>();
            services.TryAddSingleton<ITranscriptStore, SqliteTranscriptStore>();
        }
        else if (!services.Any(d => d.ServiceType == typeof(IStorage)))
        {
            // Postgres is registered by AddStores (bot/Stores); fail at start-up, not on the first turn, if it is missing.
            throw new InvalidOperationException("Storage:Provider is Postgres but no PostgreSQL store is registered (AddStores must run before AddRuntime).");
        }

        services.TryAddSingleton<INotificationBus, InProcessNotificationBus>();
        services.TryAddSingleton<ConversationState>();
        services.TryAddSingleton<UserState>();

        services.AddSingleton<TurnSerializationMiddleware>();
        services.AddSingleton<IMiddleware>(sp => sp.GetRequiredService<TurnSerializationMiddleware>());
        if (!provider.Equals(StorageProviders.Memory, StringComparison.OrdinalIgnoreCase)
            && !provider.Equals(StorageProviders.Postgres, StringComparison.OrdinalIgnoreCase))
        {
            // SQLite: each turn's writes in one transaction (PostgreSQL has its own, PostgresTurnLock).
            services.AddSingleton<SqliteTurnMiddleware>();
            services.AddSingleton<IMiddleware>(sp => sp.GetRequiredService<SqliteTurnMiddleware>());
        }
        // After the locks (a repeat waits for the first delivery), before the transcript (a repeat is not logged twice).
        services.AddCheckedOptions<DeliveryOptions>(DeliveryOptions.Section, (r, o) =>
        {
            r.Positive(nameof(o.Retention), o.Retention);
            r.Positive(nameof(o.MaxRemembered), o.MaxRemembered);
        });
        services.AddSingleton(sp => new ExactlyOnceMiddleware(
            sp.GetRequiredService<ConversationState>(), sp.GetRequiredService<IOptions<DeliveryOptions>>().Value, sp.GetService<TimeProvider>()));
        services.AddSingleton<IMiddleware>(sp => sp.GetRequiredService<ExactlyOnceMiddleware>());
        services.AddSingleton<TranscriptLoggerMiddleware>();
        services.AddSingleton<IMiddleware>(sp => sp.GetRequiredService<TranscriptLoggerMiddleware>());

        services.TryAddSingleton<IBot>(sp => new DialogBot(
            sp.GetRequiredService<ConversationState>(),
            sp.GetRequiredService<UserState>(),
            sp.GetService<RootDialog>() ?? throw new InvalidOperationException(
                "No root dialog is registered: call services.AddRootDialog<TDialog>() (the complaint flow does)."),
            sp.GetServices<ITurnInterceptor>(),
            sp.GetServices<Dialog>(),
            sp.GetService<ILogger<DialogBot>>()));
        return services;
    }

    /// <summary>
    /// The one <see cref="SqliteDatabase"/> of the process on <c>Storage:Sqlite:Path</c> (read from the host's final
    /// configuration). State, transcripts, cases, hand-off entries and the demo shop all use it, so every write of
    /// the file goes through its single writer instead of competing for SQLite's file lock.
    /// </summary>
    public static IServiceCollection AddSqliteDatabase(this IServiceCollection services)
    {
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IConfiguration>().GetSection(StorageOptions.Section).GetSection(nameof(StorageOptions.Sqlite))
                .Get<SqliteStorageOptions>() ?? new SqliteStorageOptions();
            var env = sp.GetRequiredService<IHostEnvironment>();
            return new SqliteDatabase(ResolvePath(env.ContentRootPath, o.Path), o.BusyTimeoutMs);
        });
        return services;
    }

    /// <summary>
    /// Makes <typeparamref name="TDialog"/> the dialog every conversation starts with (replaces an earlier one).
    /// Other top-level dialogs that an <see cref="ITurnInterceptor"/> may begin: <c>services.AddSingleton&lt;Dialog, X&gt;()</c>.
    /// </summary>
    public static IServiceCollection AddRootDialog<TDialog>(this IServiceCollection services) where TDialog : Dialog
    {
        services.TryAddSingleton<TDialog>();
        services.RemoveAll<RootDialog>();
        services.AddSingleton(sp => new RootDialog(sp.GetRequiredService<TDialog>()));
        return services;
    }

    /// <summary>Adds a step that runs before the dialog on every turn (in registration order).</summary>
    public static IServiceCollection AddTurnInterceptor<TInterceptor>(this IServiceCollection services) where TInterceptor : class, ITurnInterceptor
    {
        services.TryAddSingleton<TInterceptor>();
        services.AddSingleton<ITurnInterceptor>(sp => sp.GetRequiredService<TInterceptor>());
        return services;
    }

    /// <summary>Relative paths are relative to the content root, not to whatever directory the process started in.</summary>
    public static string ResolvePath(string contentRoot, string path)
        => Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(contentRoot, path));
}

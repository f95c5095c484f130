using ComplaintBot.Dialogs.State;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ComplaintBot.Tests.Support;

/// <summary>
/// Registers the real SQLite stores on the test server's database file while the host does not register stores
/// itself yet (TryAdd: the host's own registrations win as soon as they exist).
/// </summary>
public static class InterimStores
{
    public static void AddIfMissing(IServiceCollection services)
    {
        services.TryAddSingleton(sp => new SqliteDatabase(sp.GetRequiredService<IConfiguration>()["Storage:Sqlite:Path"]!));
        services.TryAddSingleton<IStorage>(sp => new SqliteStorage(sp.GetRequiredService<SqliteDatabase>()));
        services.TryAddSingleton<ITranscriptStore>(sp => new SqliteTranscriptStore(sp.GetRequiredService<SqliteDatabase>()));
    }
}

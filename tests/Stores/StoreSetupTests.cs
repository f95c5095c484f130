using ComplaintBot.Bot.Stores;
using ComplaintBot.Dialogs.State;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ComplaintBot.Tests.Stores;

public class StoreSetupTests
{
    [Fact]
    public void PostgresProviderRegistersThePostgresStoresBoundFromConfiguration()
    {
        using var provider = Build(new()
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:Postgres:ConnectionString"] = "Host=127.0.0.1;Port=1;Username=nobody",
            ["Storage:Postgres:Schema"] = "tenant_a",
            ["Storage:Postgres:NotificationChannel"] = "tenant_a_events",
        });

        Assert.IsType<PostgresStorage>(provider.GetRequiredService<IStorage>());
        Assert.IsType<PostgresTranscriptStore>(provider.GetRequiredService<ITranscriptStore>());
        Assert.IsType<PostgresCaseStore>(provider.GetRequiredService<ComplaintBot.Dialogs.Cases.ICaseStore>());
        Assert.IsType<PostgresHandoffStore>(provider.GetRequiredService<ComplaintBot.Dialogs.Handoff.IHandoffStore>());
        Assert.Same(provider.GetRequiredService<PostgresNotificationBus>(), provider.GetRequiredService<INotificationBus>());
        Assert.Equal("tenant_a", provider.GetRequiredService<PostgresDatabase>().Schema);
        Assert.Equal("tenant_a_events", provider.GetRequiredService<IOptions<PostgresStoreOptions>>().Value.NotificationChannel);
        Assert.Contains(provider.GetServices<IHostedService>(), s => s is PostgresNotificationBus);
        Assert.IsType<PostgresTurnLock>(provider.GetServices<ComplaintBot.Dialogs.Turns.IMiddleware>().First());
    }

    [Fact]
    public void Without_the_cross_instance_lock_turns_still_run_in_one_transaction()
    {
        using var provider = Build(new()
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:Postgres:ConnectionString"] = "Host=127.0.0.1;Port=1;Username=nobody",
            ["Storage:Postgres:SerializeTurnsAcrossInstances"] = "false",
        });
        Assert.IsType<PostgresStorage>(provider.GetRequiredService<IStorage>());
        Assert.IsType<PostgresTurnLock>(Assert.Single(provider.GetServices<ComplaintBot.Dialogs.Turns.IMiddleware>()));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Memory")]
    public void OtherProvidersLeaveTheRuntimeDefaults(string name)
    {
        using var provider = Build(new() { ["Storage:Provider"] = name });
        Assert.Null(provider.GetService<IStorage>());
        Assert.Null(provider.GetService<PostgresDatabase>());
        Assert.Empty(provider.GetServices<ComplaintBot.Dialogs.Turns.IMiddleware>());
    }

    [Fact]
    public void PostgresProviderWithoutConnectionStringFailsValidation()
    {
        using var provider = Build(new() { ["Storage:Provider"] = "postgres" });
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PostgresStoreOptions>>().Value);
        Assert.Contains("ConnectionString", error.Message);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddStores(config);
        return services.BuildServiceProvider();
    }
}

using ComplaintBot.Bot.Hosting;
using ComplaintBot.Dialogs.Runtime;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Dialogs.Turns;
using ComplaintBot.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ComplaintBot.Tests.Runtime;

public sealed class RuntimeSetupTests : IDisposable
{
    private readonly TempDatabase _dir = new();
    public void Dispose() => _dir.Dispose();

    private ServiceProvider Build(Dictionary<string, string?> settings, Action<IServiceCollection>? more = null)
    {
        Directory.CreateDirectory(_dir.Directory);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _dir.Directory, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddRuntime(builder.Configuration);
        more?.Invoke(builder.Services);
        return builder.Services.BuildServiceProvider();
    }

    [Fact]
    public async Task The_sqlite_provider_puts_the_database_under_the_content_root_and_the_bot_runs_the_registered_root_dialog()
    {
        using var sp = Build(new() { ["Storage:Provider"] = "Sqlite", ["Storage:Sqlite:Path"] = "data/bot.db" },
            s => s.AddRootDialog<RuntimeDemoDialog>());

        Assert.IsType<SqliteStorage>(sp.GetRequiredService<IStorage>());
        Assert.IsType<SqliteTranscriptStore>(sp.GetRequiredService<ITranscriptStore>());
        Assert.IsType<InProcessNotificationBus>(sp.GetRequiredService<INotificationBus>());
        Assert.Equal(Path.Combine(_dir.Directory, "data", "bot.db"), sp.GetRequiredService<SqliteDatabase>().Path);
        Assert.True(File.Exists(Path.Combine(_dir.Directory, "data", "bot.db")));

        var bot = Assert.IsType<DialogBot>(sp.GetRequiredService<IBot>());
        Assert.IsType<RuntimeDemoDialog>(bot.Root);

        var adapter = new TestAdapter(bot);
        foreach (var m in sp.GetServices<IMiddleware>()) adapter.Use(m);
        await adapter.Send("hi").AssertReply(RuntimeDemoDialog.Greeting);
        Assert.Equal(2, (await sp.GetRequiredService<ITranscriptStore>().ReadAsync(ComplaintBot.Dialogs.Schema.ConversationKey.Of(adapter.ChannelId, adapter.ConversationId))).Count);
    }

    [Fact]
    public void Middleware_is_registered_serialization_first_then_exactly_once_then_transcript()
    {
        using var sp = Build(new() { ["Storage:Provider"] = "Memory" });
        Assert.Equal(new[] { typeof(TurnSerializationMiddleware), typeof(ExactlyOnceMiddleware), typeof(TranscriptLoggerMiddleware) },
            sp.GetServices<IMiddleware>().Select(m => m.GetType()));
        Assert.IsType<MemoryStorage>(sp.GetRequiredService<IStorage>());
    }

    [Fact]
    public void A_later_ibot_or_root_dialog_registration_replaces_the_default()
    {
        using var sp = Build(new() { ["Storage:Provider"] = "Memory" }, s =>
        {
            s.AddRootDialog<RuntimeDemoDialog>();
            s.AddRootDialog<OtherRoot>();
        });
        Assert.IsType<OtherRoot>(((DialogBot)sp.GetRequiredService<IBot>()).Root);
    }

    [Fact]
    public void Without_a_root_dialog_resolving_the_bot_says_what_is_missing()
    {
        using var sp = Build(new() { ["Storage:Provider"] = "Memory" });
        var ex = Assert.Throws<InvalidOperationException>(() => sp.GetRequiredService<IBot>());
        Assert.Contains("AddRootDialog", ex.Message);
    }

    [Fact]
    public void An_unknown_provider_is_refused_by_the_start_up_check_and_postgres_without_its_store_fails_at_registration()
    {
        using var sp = Build(new() { ["Storage:Provider"] = "Redis" });
        var refused = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => sp.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate());
        Assert.Contains("Storage:Provider = 'Redis'", Assert.Single(refused.Failures));
        Assert.Throws<InvalidOperationException>(() => Build(new() { ["Storage:Provider"] = "Postgres" }));
    }

    private sealed class OtherRoot() : WaterfallDialog("other", new WaterfallStep[] { (s, ct) => s.EndDialogAsync(null, ct) });
}

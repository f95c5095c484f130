using Microsoft.Extensions.DependencyInjection.Extensions;
using Azure.Core;
using Microsoft.Extensions.Options;

namespace ComplaintBot.Bot.Channels.BotFramework;

public static class BotFrameworkSetup
{
    /// <summary>The Bot Framework channel (Azure Bot Service → Teams, Web Chat, ...) on POST /api/messages.</summary>
    public static IServiceCollection AddBotFrameworkChannel(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<BotFrameworkOptions>().Bind(config.GetSection(BotFrameworkOptions.Section));
        services.AddHttpClient(nameof(BotFrameworkAuthenticator));
        services.AddHttpClient(ConnectorClient.HttpClientName, (sp, http) =>
            http.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<BotFrameworkOptions>>().Value.ConnectorRetry.TimeoutSeconds));
        services.AddKeyedSingleton<TokenCredential>(ConnectorClient.CredentialKey,
            (sp, _) => ConnectorClient.CreateCredential(sp.GetRequiredService<IOptions<BotFrameworkOptions>>().Value));
        services.AddSingleton<BotFrameworkAuthenticator>();
        services.AddSingleton<ConnectorClient>();
        services.TryAddSingleton<TurnErrorApology>();
        services.AddSingleton<BotFrameworkAdapter>();
        return services;
    }

    public static WebApplication MapBotFramework(this WebApplication app)
    {
        var auth = app.Services.GetRequiredService<BotFrameworkAuthenticator>();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(BotFrameworkSetup).FullName!);
        if (auth.RefusesEveryone) log.LogWarning("{Summary}", auth.StartupSummary);
        else log.LogInformation("{Summary}", auth.StartupSummary);
                app.MapPost("/api/messages", MessagesEndpoint.HandleAsync);
        return app;
    }
}

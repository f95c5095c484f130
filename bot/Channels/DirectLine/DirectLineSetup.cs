using ComplaintBot.Dialogs.State;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ComplaintBot.Bot.Channels.DirectLine;

public static class DirectLineSetup
{
    public const string DirectLineCorsPolicy = "DirectLine";
    public const string StorefrontCorsPolicy = "DirectLineStorefrontToken";

    public static IServiceCollection AddDirectLine(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<DirectLineOptions>().Bind(config.GetSection(DirectLineOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<INotificationBus, InProcessNotificationBus>();
        services.TryAddSingleton<TurnErrorApology>();
        services.AddSingleton<DirectLineTokenService>();
        services.AddSingleton<DirectLineStreams>();
        services.AddSingleton<DirectLineAttachmentCleanup>();
        services.AddHostedService(sp => sp.GetRequiredService<DirectLineAttachmentCleanup>());
        // Factories, not type registrations: the stores (IStorage, ITranscriptStore) come from the Stores/Runtime
        // areas, and a host without them (e.g. tests of another channel) must still start; only Direct Line
        // requests would then fail.
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<DirectLineConversations>(sp));
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<DirectLineAdapter>(sp));
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<DirectLineChannel>(sp));
        services.AddCors(cors =>
        {
            // Direct Line itself is called cross-origin by the widget on shop pages; the bearer is the credential,
            // no cookies are involved, so any origin may call it (as with Azure's Direct Line).
            cors.AddPolicy(DirectLineCorsPolicy, p => p.AllowAnyOrigin().AllowAnyHeader().AllowAnyMethod());
        });
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>()
            .Configure<Microsoft.Extensions.Options.IOptions<DirectLineOptions>>((cors, dl) =>
                cors.AddPolicy(StorefrontCorsPolicy, p => p
                    .SetIsOriginAllowed(origin => StorefrontTokenEndpoint.IsOriginAllowed(origin, dl.Value))
                    .AllowAnyHeader()
                    .WithMethods("POST")));
        return services;
    }

    public static WebApplication MapDirectLine(this WebApplication app)
    {
        app.UseWebSockets();
        app.UseCors();
        DirectLineEndpoints.Map(app);
        StorefrontTokenEndpoint.Map(app);
        return app;
    }
}

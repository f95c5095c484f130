namespace ComplaintBot.Bot.Channels.BotFramework;

public static class BotFrameworkSetup
{
    public static IServiceCollection AddBotFrameworkChannel(this IServiceCollection services, IConfiguration config) => services;

    public static WebApplication MapBotFramework(this WebApplication app) => app;
}

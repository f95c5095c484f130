namespace ComplaintBot.Bot.Channels.DirectLine;

public static class DirectLineSetup
{
    public static IServiceCollection AddDirectLine(this IServiceCollection services, IConfiguration config) => services;

    public static WebApplication MapDirectLine(this WebApplication app) => app;
}

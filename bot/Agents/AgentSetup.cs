namespace ComplaintBot.Bot.Agents;

public static class AgentSetup
{
    public static IServiceCollection AddAgentConsole(this IServiceCollection services, IConfiguration config) => services;

    public static WebApplication MapAgentConsole(this WebApplication app) => app;
}

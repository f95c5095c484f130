namespace ComplaintBot.Bot.Hosting;

public static class RuntimeSetup
{
    /// <summary>Turn pipeline, state, the bot. (Owned by the runtime work.)</summary>
    public static IServiceCollection AddRuntime(this IServiceCollection services, IConfiguration config) => services;
}

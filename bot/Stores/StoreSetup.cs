namespace ComplaintBot.Bot.Stores;

public static class StoreSetup
{
    public static IServiceCollection AddStores(this IServiceCollection services, IConfiguration config) => services;
}

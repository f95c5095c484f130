namespace ComplaintBot.Bot.Complaints;

public static class ComplaintSetup
{
    public static IServiceCollection AddComplaintFlow(this IServiceCollection services, IConfiguration config) => services;
}

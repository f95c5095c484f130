namespace ComplaintBot.Bot.Sentiment;

public static class SentimentSetup
{
    public static IServiceCollection AddSentiment(this IServiceCollection services, IConfiguration config) => services;
}

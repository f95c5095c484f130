using ComplaintBot.Bot.Channels.DirectLine;
using ComplaintBot.Bot.Hosting;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Handoff;
using ComplaintBot.Dialogs.State;
using Microsoft.Extensions.Options;

namespace ComplaintBot.Bot.Privacy;

/// <summary>Customer export/erasure for leads, the privacy audit log and the retention job (registered by the agent console).</summary>
public static class PrivacySetup
{
    public static IServiceCollection AddPrivacy(this IServiceCollection services)
    {
        services.AddCheckedOptions<PrivacyOptions>(PrivacyOptions.Section, (r, o) =>
        {
            const string keep = "a duration, zero (keep until erased) or more, like 365.00:00:00";
            r.Require(o.TranscriptRetention >= TimeSpan.Zero, nameof(o.TranscriptRetention), o.TranscriptRetention, keep);
            r.Require(o.ClosedCaseRetention >= TimeSpan.Zero, nameof(o.ClosedCaseRetention), o.ClosedCaseRetention, keep);
            r.Positive(nameof(o.RetentionSweepInterval), o.RetentionSweepInterval);
        });
        services.AddSingleton(sp => new PrivacyAudit(sp.GetRequiredService<IStorage>()));
        services.AddSingleton(sp => new CustomerData(
            sp.GetRequiredService<ICaseStore>(), sp.GetRequiredService<IStorage>(), sp.GetRequiredService<PrivacyAudit>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetService<ITranscriptStore>(), sp.GetService<IHandoffStore>(),
            sp.GetService<DirectLineConversations>()));
        services.AddSingleton<RetentionService>();
        services.AddHostedService(sp => sp.GetRequiredService<RetentionService>());
        return services;
    }

    public static WebApplication MapPrivacy(this WebApplication app)
    {
        PrivacyEndpoints.Map(app);
        return app;
    }
}

using ComplaintBot.Dialogs.Policy;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ComplaintBot.Bot.Hosting;

public static class ServiceHoursSetup
{
    /// <summary>
    /// The shop's one <see cref="ServiceHours"/> (section <c>ServiceHours</c>), shared by the complaint flow and the
    /// hand-off; both areas call this, the first registration wins. Bound when first used, from the host's final
    /// configuration (test hosts add settings after the areas register).
    /// </summary>
    public static IServiceCollection AddServiceHours(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new ServiceHours(
            sp.GetRequiredService<IConfiguration>().GetSection(ServiceHoursOptions.Section).Get<ServiceHoursOptions>() ?? new()));
        return services;
    }
}

using System.Globalization;
using ComplaintBot.Dialogs.Policy;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ComplaintBot.Bot.Hosting;

public static class ServiceHoursSetup
{
    /// <summary>
    /// The shop's one <see cref="ServiceHours"/> (section <c>ServiceHours</c>), shared by the complaint flow and the
    /// hand-off; both areas call this, the first registration wins. Bound when first used, from the host's final
    /// configuration (test hosts add settings after the areas register), and checked at start-up.
    /// </summary>
    public static IServiceCollection AddServiceHours(this IServiceCollection services)
    {
        services.AddCheckedOptions<ServiceHoursOptions>(ServiceHoursOptions.Section, (r, o) =>
        {
            r.Require(IsKnownZone(o.TimeZone), nameof(o.TimeZone), o.TimeZone, "a time zone id such as Asia/Shanghai, Europe/Berlin or UTC");
            r.Require(IsTimeOfDay(o.Open), nameof(o.Open), o.Open, "a time of day like 08:00");
            r.Require(IsTimeOfDay(o.Close), nameof(o.Close), o.Close, "a time of day like 22:00");
        });
        services.TryAddSingleton(sp => new ServiceHours(sp.GetRequiredService<IOptions<ServiceHoursOptions>>().Value));
        return services;
    }

    private static bool IsKnownZone(string? id) => !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);

    private static bool IsTimeOfDay(string? value) => TimeOnly.TryParse(value, CultureInfo.InvariantCulture, out _);
}

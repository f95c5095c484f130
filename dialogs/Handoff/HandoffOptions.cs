namespace ComplaintBot.Dialogs.Handoff;

/// <summary>Hand-off timing and authority; bound from the <c>Agents</c> section of appsettings.json (the console accounts live there too).</summary>
public sealed class HandoffOptions
{
    public const string Section = "Agents";

    /// <summary>No agent took an escalated conversation within this time → callback promise, the bot continues.</summary>
    public TimeSpan QueueTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>How often the background service looks for conversations waiting longer than <see cref="QueueTimeout"/>.</summary>
    public TimeSpan QueueSweepInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Average time an agent needs per waiting conversation; expected wait = place in queue × this.</summary>
    public TimeSpan AverageHandleTime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>When people staff the console (HH:mm, shop time zone). Outside it the customer gets a callback promise at once.</summary>
    public string ServiceHoursStart { get; set; } = "08:00";
    public string ServiceHoursEnd { get; set; } = "22:00";
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>The first human answer after escalation is due within this; the queue shows a countdown.</summary>
    public TimeSpan FirstResponseSla { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Compensation (CNY) an agent may grant alone; above it only a supervisor may (up to <see cref="SupervisorAuthority"/>).</summary>
    public decimal AgentAuthority { get; set; } = 50m;
    public decimal SupervisorAuthority { get; set; } = 500m;

    public TimeZoneInfo ShopTimeZone()
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById(TimeZone); }
        catch (TimeZoneNotFoundException) { return TimeZoneInfo.Utc; }
    }

    /// <summary>Is a person expected at the console at <paramref name="now"/>?</summary>
    public bool IsWithinServiceHours(DateTimeOffset now) => NextOpening(now) is null;

    /// <summary>Null when open now; else when service hours start next (shop time).</summary>
    public DateTimeOffset? NextOpening(DateTimeOffset now)
    {
        var tz = ShopTimeZone();
        var local = TimeZoneInfo.ConvertTime(now, tz);
        var start = TimeOnly.Parse(ServiceHoursStart);
        var end = TimeOnly.Parse(ServiceHoursEnd);
        var t = TimeOnly.FromDateTime(local.DateTime);
        var open = start <= end ? t >= start && t < end : t >= start || t < end;
        if (open) return null;
        var day = t >= end && start <= end ? local.Date.AddDays(1) : local.Date;
        var opening = day + start.ToTimeSpan();
        return new DateTimeOffset(opening, tz.GetUtcOffset(opening));
    }
}

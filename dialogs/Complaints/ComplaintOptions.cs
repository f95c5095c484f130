namespace ComplaintBot.Dialogs.Complaints;

/// <summary>appsettings <c>Sla</c>: response and resolution targets and the shop's service hours.</summary>
public sealed class SlaOptions
{
    public const string Section = "Sla";
    public int FirstResponseMinutes { get; set; } = 30;
    /// <summary>Resolution target in hours by severity name (General, Serious, Urgent).</summary>
    public Dictionary<string, int> ResolutionHours { get; set; } = new() { ["General"] = 48, ["Serious"] = 24, ["Urgent"] = 4 };
    public string ServiceStart { get; set; } = "08:00";
    public string ServiceEnd { get; set; } = "22:00";
    /// <summary>IANA or Windows id of the shop's time zone.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";
}

/// <summary>appsettings <c>Complaints</c>: flow settings that are not SLA or policy.</summary>
public sealed class ComplaintOptions
{
    public const string Section = "Complaints";
    /// <summary>Tries for an order number that the shop doesn't know, before going on without it.</summary>
    public int MaxOrderAttempts { get; set; } = 3;
    public int RecentOrderChoices { get; set; } = 3;
    public string Hotline { get; set; } = "400-820-8820";
    /// <summary>Anger (0..1) from which the acknowledgement uses the "angry" empathy line instead of "upset".</summary>
    public double AngryToneThreshold { get; set; } = 0.7;
    /// <summary>Deadline of each follow-up step, hours from agreement, by step template name.</summary>
    public Dictionary<string, int> StepHours { get; set; } = new();
}

/// <summary>Service hours in the shop's time zone (off-hours replies and SLA deadlines).</summary>
public sealed class ServiceHours(SlaOptions options)
{
    public TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
    private readonly TimeOnly _start = TimeOnly.Parse(options.ServiceStart);
    private readonly TimeOnly _end = TimeOnly.Parse(options.ServiceEnd);

    public string Display => $"{_start:HH\\:mm}–{_end:HH\\:mm}";

    public DateTimeOffset Local(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, Zone);

    public bool IsOpen(DateTimeOffset utc)
    {
        var t = TimeOnly.FromDateTime(Local(utc).DateTime);
        return t >= _start && t < _end;
    }

    /// <summary>When service opens next (now when open).</summary>
    public DateTimeOffset NextOpening(DateTimeOffset utc)
    {
        if (IsOpen(utc)) return utc;
        var local = Local(utc);
        var day = TimeOnly.FromDateTime(local.DateTime) < _start ? local.Date : local.Date.AddDays(1);
        var opening = day + _start.ToTimeSpan();
        return new DateTimeOffset(opening, Zone.GetUtcOffset(opening));
    }

    public string Format(DateTimeOffset utc) => Local(utc).ToString("yyyy-MM-dd HH:mm");
}

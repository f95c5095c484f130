namespace ComplaintBot.Dialogs.Policy;

/// <summary>
/// appsettings <c>ServiceHours</c>: when the shop's people work, in the shop's time zone. The complaint flow (off-hours
/// notice, first-response deadline), the hand-off (call-back promise instead of the queue) and the dated case numbers
/// all read this one section.
/// </summary>
public sealed class ServiceHoursOptions
{
    public const string Section = "ServiceHours";

    /// <summary>IANA or Windows id of the shop's time zone.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>Opening time, HH:mm (shop time).</summary>
    public string Open { get; set; } = "08:00";

    /// <summary>Closing time, HH:mm; earlier than <see cref="Open"/> means the window runs past midnight.</summary>
    public string Close { get; set; } = "22:00";

    /// <summary>Days on which the window opens; empty = every day.</summary>
    public List<DayOfWeek> Days { get; set; } = [];
}

/// <summary>Service hours worked out in the shop's time zone.</summary>
public sealed class ServiceHours
{
    private readonly TimeOnly _open;
    private readonly TimeOnly _close;
    private readonly HashSet<DayOfWeek> _days;

    public ServiceHours(ServiceHoursOptions options)
    {
        try { Zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone); }
        catch (TimeZoneNotFoundException e)
        {
            throw new InvalidOperationException($"{ServiceHoursOptions.Section}:TimeZone '{options.TimeZone}' is not a known time zone.", e);
        }
        _open = Parse(options.Open, nameof(options.Open));
        _close = Parse(options.Close, nameof(options.Close));
        _days = options.Days.Count == 0 ? [.. Enum.GetValues<DayOfWeek>()] : [.. options.Days];
    }

    public TimeZoneInfo Zone { get; }

    /// <summary>"08:00–22:00", as the customer is told.</summary>
    public string Display => $"{_open:HH\\:mm}–{_close:HH\\:mm}";

    public DateTimeOffset Local(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, Zone);

    public string Format(DateTimeOffset utc) => Local(utc).ToString("yyyy-MM-dd HH:mm");

    public bool IsOpen(DateTimeOffset utc)
    {
        var local = Local(utc).DateTime;
        // The window that started yesterday may still be running (past midnight).
        for (var day = local.Date.AddDays(-1); day <= local.Date; day = day.AddDays(1))
        {
            var (opens, closes) = Window(day);
            if (_days.Contains(day.DayOfWeek) && local >= opens && local < closes) return true;
        }
        return false;
    }

    /// <summary>When service opens next (<paramref name="utc"/> itself when open now).</summary>
    public DateTimeOffset NextOpening(DateTimeOffset utc)
    {
        if (IsOpen(utc)) return utc;
        var local = Local(utc).DateTime;
        for (var day = local.Date; day <= local.Date.AddDays(7); day = day.AddDays(1))
        {
            var (opens, _) = Window(day);
            if (_days.Contains(day.DayOfWeek) && opens > local) return new DateTimeOffset(opens, Zone.GetUtcOffset(opens));
        }
        throw new InvalidOperationException($"{ServiceHoursOptions.Section}: the service never opens (check Open, Close and Days).");
    }

    private (DateTime Opens, DateTime Closes) Window(DateTime day)
    {
        var opens = day + _open.ToTimeSpan();
        var closes = (_close > _open ? day : day.AddDays(1)) + _close.ToTimeSpan();
        return (opens, _close == _open ? opens : closes);
    }

    private static TimeOnly Parse(string value, string key)
        => TimeOnly.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var t)
            ? t
            : throw new InvalidOperationException($"{ServiceHoursOptions.Section}:{key} '{value}' is not a time of day (HH:mm).");
}

namespace ComplaintBot.Dialogs.Complaints;

/// <summary>appsettings <c>Sla</c>: response and resolution targets (the hours they count in: <see cref="Policy.ServiceHours"/>).</summary>
public sealed class SlaOptions
{
    public const string Section = "Sla";
    public int FirstResponseMinutes { get; set; } = 30;
    /// <summary>Resolution target in hours by severity name (General, Serious, Urgent).</summary>
    public Dictionary<string, int> ResolutionHours { get; set; } = new() { ["General"] = 48, ["Serious"] = 24, ["Urgent"] = 4 };
}

/// <summary>appsettings <c>Complaints</c>: flow settings that are not SLA or policy.</summary>
public sealed class ComplaintOptions
{
    public const string Section = "Complaints";
    /// <summary>Tries for an order number that the shop doesn't know, before going on without it.</summary>
    public int MaxOrderAttempts { get; set; } = 3;
    /// <summary>Wrong answers to "last 4 digits of the order's phone, or its e-mail" before the bot goes on in general terms.</summary>
    public int MaxVerifyAttempts { get; set; } = 3;
    public int RecentOrderChoices { get; set; } = 3;
    /// <summary>The shop's order-number prefix: a customer who types only the digits ("10000007") is looked up with it.
    /// Empty: digits are looked up as they are.</summary>
    public string OrderNumberPrefix { get; set; } = "";
    public string Hotline { get; set; } = "400-820-8820";
    /// <summary>Anger (0..1) from which the acknowledgement uses the "angry" empathy line instead of "upset".</summary>
    public double AngryToneThreshold { get; set; } = 0.7;
    /// <summary>
    /// The shop's own figures the FAQ answers (<c>prompts/*/faq.yaml</c>) quote, by template variable, e.g.
    /// <c>dispatchHours</c>, <c>deliveryDays</c>; <c>returnWindowDays</c> comes from <c>Policy:ReturnWindowDays</c>.
    /// </summary>
    public Dictionary<string, string> FaqValues { get; set; } = new();
    /// <summary>Deadline of each follow-up step, hours from agreement, by step template name.</summary>
    public Dictionary<string, int> StepHours { get; set; } = new();
}

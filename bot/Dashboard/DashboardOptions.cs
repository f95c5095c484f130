namespace ComplaintBot.Bot.Dashboard;

/// <summary>appsettings <c>Dashboard</c>: the batch-issue alert and the case export of the agent console.</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    public BatchAlertOptions BatchAlert { get; set; } = new();
    public CaseExportOptions Export { get; set; } = new();
}

/// <summary><c>Dashboard:BatchAlert</c>: many complaints on one product within a time window.</summary>
public sealed class BatchAlertOptions
{
    public bool Enabled { get; set; } = true;
    /// <summary>How far back complaints count (sliding); also how long one product's alert stays the only one.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(24);
    /// <summary>Complaints on one product within <see cref="Window"/> that raise an alert; unset → <c>Policy:BatchThreshold</c>.</summary>
    public int? Threshold { get; set; }
    /// <summary>How often the cases are checked (every bot instance checks; the alert is still recorded once).</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>Recorded alerts kept beyond those inside the window (newest first).</summary>
    public int Keep { get; set; } = 200;
}

/// <summary><c>Dashboard:Export</c>: the CSV download of cases.</summary>
public sealed class CaseExportOptions
{
    /// <summary>Most rows in one download (newest cases first); the response says when it was cut.</summary>
    public int MaxRows { get; set; } = 10_000;
}

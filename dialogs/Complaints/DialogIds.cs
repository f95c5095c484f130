namespace ComplaintBot.Dialogs.Complaints;

/// <summary>Stable ids: they are stored in conversation state, so renaming one breaks running conversations.</summary>
public static class DialogIds
{
    public const string Root = "complaint";
    public const string Main = "complaint.main";
    public const string Issue = "complaint.issue";
    public const string Clarify = "complaint.clarify";
    public const string Restate = "complaint.restate";
    public const string Remedies = "complaint.remedies";
    public const string Csat = "complaint.csat";
    public const string Text = "complaint.text";
}

/// <summary>How the root dialog starts: a new complaint, or resumed by an agent's hand-back.</summary>
public sealed class ComplaintStart
{
    public string Mode { get; set; } = Modes.New;

    public static class Modes
    {
        public const string New = "new";
        /// <summary>Wait for the customer to describe the problem again (after "start over").</summary>
        public const string Restart = "restart";
        public const string Remedies = "remedies";
        public const string Csat = "csat";
    }
}

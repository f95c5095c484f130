using ComplaintBot.Dialogs.Cases;

namespace ComplaintBot.Dialogs.Policy;

/// <summary>
/// When complaints on one product stop being a single case's problem: at <c>Policy:BatchThreshold</c> they are a batch
/// issue, at <c>Policy:SystemicThreshold</c> a systemic one. <see cref="CaseAnalyzer"/> rates a case's impact with it,
/// and the dashboard's batch alert rates its alerts with it, so both mean the same by "batch".
/// </summary>
public sealed class BatchIssueRule(int batchThreshold, int systemicThreshold)
{
    public static BatchIssueRule From(PolicyOptions o) => new(o.BatchThreshold, o.SystemicThreshold);

    public int BatchThreshold { get; } = batchThreshold;
    public int SystemicThreshold { get; } = systemicThreshold;

    /// <summary>The impact of <paramref name="complaints"/> complaints on one product (the one being judged included).</summary>
    public Impact ImpactOf(int complaints)
        => complaints >= SystemicThreshold ? Impact.Systemic
            : complaints >= BatchThreshold ? Impact.Batch
            : Impact.Single;
}

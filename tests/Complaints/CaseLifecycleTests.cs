using ComplaintBot.Dialogs.Cases;

namespace ComplaintBot.Tests.Complaints;

/// <summary>The case state machine, checked cell by cell against the table written out here.</summary>
public sealed class CaseLifecycleTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 2, 0, 0, TimeSpan.Zero);

    // Rows: transitions; columns: the state the case is in. "-" = not allowed, "=" = allowed, status unchanged (an event),
    // otherwise the state it leads to. HandBack is checked separately (it returns to where the bot was).
    private const string Columns = "Open Clarifying Proposed Agreed Executing Resolved Closed Escalated WithAgent CallbackPending";
    private static readonly string[] Rows =
    [
        "Clarify            Clarifying Clarifying -        -         -         -         -      -         -         -",
        "ConfirmRestatement =          =          -        -         -         -         -      -         -         -",
        "Propose            Proposed   Proposed   Proposed -         -         -         -      -         -         -",
        "Agree              -          -          Agreed   -         -         -         -      -         -         -",
        "Execute            -          -          -        Executing -         -         -      -         -         -",
        "Escalate           Escalated  Escalated  Escalated Escalated Escalated -        -      Escalated Escalated Escalated",
        "TakeOver           -          -          -        -         -         -         -      WithAgent -         WithAgent",
        "PromiseCallback    -          -          -        -         -         -         -      CallbackPending CallbackPending -",
        "Resolve            -          -          -        Resolved  Resolved  -         -      Resolved  Resolved  Resolved",
        "Reopen             -          -          -        -         Escalated Escalated -      -         -         -",
        "Rate               -          -          -        -         =         =         =      -         -         -",
        "Withdraw           Closed     Closed     Closed   -         -         -         -      Closed    Closed    Closed",
        "Close              -          -          -        -         Closed    Closed    -      -         -         -",
    ];

    public static TheoryData<CaseTransition, CaseStatus, string> Cells()
    {
        var data = new TheoryData<CaseTransition, CaseStatus, string>();
        var columns = Columns.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<CaseStatus>).ToArray();
        foreach (var row in Rows)
        {
            var cells = row.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(columns.Length + 1, cells.Length);
            for (var i = 0; i < columns.Length; i++) data.Add(Enum.Parse<CaseTransition>(cells[0]), columns[i], cells[i + 1]);
        }
        return data;
    }

    [Theory, MemberData(nameof(Cells))]
    public void Each_transition_is_allowed_only_from_its_states_and_leads_where_the_table_says(CaseTransition transition, CaseStatus from, string expected)
    {
        var c = InState(from);
        var before = c.History.Count;
        var applied = c.TryApply(transition, At.AddMinutes(5), "note", "tester");

        if (expected == "-")
        {
            Assert.False(applied);
            Assert.Equal(from, c.Status);
            Assert.Equal(before, c.History.Count);
            Assert.Throws<InvalidCaseTransitionException>(() => c.Apply(transition, At));
            return;
        }
        Assert.True(applied);
        Assert.Equal(expected == "=" ? from : Enum.Parse<CaseStatus>(expected), c.Status);
        // Recorded as an event, unless the transition kept the state it was already in (asked again while clarifying).
        if (c.Status != from || expected == "=")
            Assert.Equal(new StatusChange(c.Status, At.AddMinutes(5), "tester", "note", transition), c.History[^1]);
    }

    [Fact]
    public void The_table_covers_every_transition_but_open_and_hand_back()
    {
        var named = Rows.Select(r => Enum.Parse<CaseTransition>(r.Split(' ')[0])).ToHashSet();
        Assert.Equal(Enum.GetValues<CaseTransition>().Except([CaseTransition.Open, CaseTransition.HandBack]).ToHashSet(), named);
    }

    [Theory]
    [InlineData(CaseStatus.Proposed, CaseStatus.Proposed)]
    [InlineData(CaseStatus.Clarifying, CaseStatus.Clarifying)]
    [InlineData(CaseStatus.Open, CaseStatus.Open)]
    [InlineData(CaseStatus.Executing, CaseStatus.Clarifying)]
    public void Hand_back_returns_to_where_the_bot_was(CaseStatus before, CaseStatus expected)
    {
        var c = InState(before);
        c.Apply(CaseTransition.Escalate, At);
        c.Apply(CaseTransition.TakeOver, At, actor: "agent:demo");
        c.Apply(CaseTransition.HandBack, At, actor: "agent:demo");
        Assert.Equal(expected, c.Status);
        Assert.False(c.TryApply(CaseTransition.HandBack, At));
    }

    [Fact]
    public void A_closed_case_allows_nothing_but_a_rating()
    {
        var c = InState(CaseStatus.Closed);
        foreach (var t in Enum.GetValues<CaseTransition>().Where(t => t != CaseTransition.Rate))
            Assert.False(c.TryApply(t, At), t.ToString());
        Assert.True(c.TryApply(CaseTransition.Rate, At));
        Assert.Equal(CaseStatus.Closed, c.Status);
    }

    [Fact]
    public void Open_only_starts_a_new_case_and_resolving_stamps_the_resolution_time()
    {
        var c = new Case { Number = "C1" };
        Assert.True(c.TryApply(CaseTransition.Open, At));
        Assert.False(c.TryApply(CaseTransition.Open, At));
        c.Apply(CaseTransition.Escalate, At);
        c.Apply(CaseTransition.Resolve, At.AddHours(1), actor: "agent:demo");
        Assert.Equal(At.AddHours(1), c.ClosedAt);
        Assert.False(c.IsOpen);
        c.Apply(CaseTransition.Reopen, At.AddHours(2));
        Assert.Null(c.ClosedAt);
        Assert.True(c.IsOpen);
    }

    [Fact]
    public void Statuses_stored_under_their_old_names_are_read()
    {
        Assert.Equal(CaseStatus.Open, CaseJson.Deserialize("""{"number":"C1","status":"Received"}""").Status);
        Assert.Equal(CaseStatus.Clarifying, CaseJson.Deserialize("""{"number":"C1","status":"Confirmed","history":[{"status":"Received","at":"2026-11-24T02:00:00+00:00","actor":"bot"}]}""").Status);
        Assert.Contains("\"status\":\"WithAgent\"", CaseJson.Serialize(new Case { Number = "C1", Status = CaseStatus.WithAgent }));
    }

    /// <summary>A case brought into <paramref name="status"/> through the lifecycle itself.</summary>
    private static Case InState(CaseStatus status)
    {
        var c = new Case { Number = "C20261124-0001" };
        c.Apply(CaseTransition.Open, At);
        CaseTransition[] path = status switch
        {
            CaseStatus.Open => [],
            CaseStatus.Clarifying => [CaseTransition.Clarify],
            CaseStatus.Proposed => [CaseTransition.Propose],
            CaseStatus.Agreed => [CaseTransition.Propose, CaseTransition.Agree],
            CaseStatus.Executing => [CaseTransition.Propose, CaseTransition.Agree, CaseTransition.Execute],
            CaseStatus.Resolved => [CaseTransition.Escalate, CaseTransition.Resolve],
            CaseStatus.Closed => [CaseTransition.Withdraw],
            CaseStatus.Escalated => [CaseTransition.Escalate],
            CaseStatus.WithAgent => [CaseTransition.Escalate, CaseTransition.TakeOver],
            CaseStatus.CallbackPending => [CaseTransition.Escalate, CaseTransition.PromiseCallback],
            _ => throw new ArgumentOutOfRangeException(nameof(status)),
        };
        foreach (var t in path) c.Apply(t, At);
        Assert.Equal(status, c.Status);
        return c;
    }
}

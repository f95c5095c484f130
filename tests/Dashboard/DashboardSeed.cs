using ComplaintBot.Dialogs.Cases;

namespace ComplaintBot.Tests.Dashboard;

/// <summary>
/// Ten records around "now" = 2026-11-24 10:00 in Shanghai (02:00 UTC), with the figures they must give. Times below are
/// shop-local (+08:00). Cases A, B, C are on SKU-BLENDER today; H was created at 07:00 local, which is still the
/// previous day in UTC (the daily series must count it today).
/// </summary>
public static class DashboardSeed
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    public static readonly DateTimeOffset Now = Local(24, 10, 0);
    public const string PhoneOfA = "13812345678";
    public const string EmailOfA = "zhang.san@example.com";

    public static DateTimeOffset Local(int day, int hour, int minute, int month = 11) => new(2026, month, day, hour, minute, 0, Offset);

    /// <summary>[from, to) of today, the last 7 days and the last 30 days (shop-local midnights).</summary>
    public static CaseStatisticsQuery Today => new(Local(24, 0, 0), Local(25, 0, 0), Now, Zone);
    public static CaseStatisticsQuery Week => new(Local(18, 0, 0), Local(25, 0, 0), Now, Zone);
    public static CaseStatisticsQuery Month => new(Local(26, 0, 0, month: 10), Local(25, 0, 0), Now, Zone);

    public static async Task<IReadOnlyList<Case>> SeedAsync(ICaseStore store)
    {
        var created = new List<Case>();
        foreach (var c in Cases()) created.Add(await store.CreateAsync(c));
        return created;
    }

    /// <summary>Not a complaint: the dashboard figures above leave it out in every store.</summary>
    public static Case Enquiry => new()
    {
        Kind = CaseKind.Enquiry, ConversationId = "conv-j", Priority = CasePriority.High, Csat = 1,
        CreatedAt = Local(24, 9, 30), FirstResponseDue = Local(24, 9, 40), Status = CaseStatus.Escalated,
        EscalationTrigger = "human-request", EscalationReason = "customer asked for a person",
        History = { At(CaseStatus.Open, Local(24, 9, 30)), At(CaseStatus.Escalated, Local(24, 9, 30)) },
    };

    private static StatusChange At(CaseStatus s, DateTimeOffset at, string actor = "bot") => new(s, at, actor, null);

    public static IEnumerable<Case> Cases()
    {
        // A: today 08:00, settled by the bot at 08:20, closed after 90 min, CSAT 5.
        yield return new Case
        {
            ConversationId = "conv-a", CustomerId = "cust-a", CustomerName = "张三", ContactPhone = PhoneOfA, ContactEmail = EmailOfA,
            OrderNumber = "100001", ProductSku = "SKU-BLENDER", ProductName = "破壁料理机", OrderAmount = 399m,
            Facts = { Problem = "QualityDefect", Description = "用了两天就坏了，请打 13812345678 联系我", Wish = "Exchange" },
            Category = ComplaintCategory.ProductQuality, Responsibility = Responsibility.Merchant, Priority = CasePriority.Normal,
            CreatedAt = Local(24, 8, 0), FirstResponseDue = Local(24, 8, 30), ResolutionDue = Local(26, 8, 0),
            Status = CaseStatus.Closed, ClosedAt = Local(24, 9, 30), Csat = 5, RemedyChosen = "=HYPERLINK(\"http://evil\")",
            History = { At(CaseStatus.Open, Local(24, 8, 0)), At(CaseStatus.Agreed, Local(24, 8, 20)), At(CaseStatus.Closed, Local(24, 9, 30)) },
        };
        // B: today 08:30, escalated for anger, first answered by an agent at 09:50 (due 09:00: late), closed then; CSAT 2.
        yield return new Case
        {
            ConversationId = "conv-b", ProductSku = "SKU-BLENDER", ProductName = "破壁料理机",
            Category = ComplaintCategory.Logistics, Responsibility = Responsibility.ThirdParty, Priority = CasePriority.High,
            CreatedAt = Local(24, 8, 30), FirstResponseDue = Local(24, 9, 0), ResolutionDue = Local(24, 12, 30),
            Status = CaseStatus.Closed, ClosedAt = Local(24, 9, 50), Csat = 2, EscalationTrigger = "policy:anger", EscalationReason = "anger 0.9",
            History = { At(CaseStatus.Open, Local(24, 8, 30)), At(CaseStatus.Escalated, Local(24, 8, 35)), At(CaseStatus.Closed, Local(24, 9, 50), "agent:demo") },
        };
        // C: today 09:00, escalated for a threat, nobody answered yet (due 09:30: late as of 10:00).
        yield return new Case
        {
            ConversationId = "conv-c", ProductSku = "SKU-BLENDER", ProductName = "破壁料理机",
            Category = ComplaintCategory.Logistics, Responsibility = Responsibility.ThirdParty, Priority = CasePriority.Urgent,
            CreatedAt = Local(24, 9, 0), FirstResponseDue = Local(24, 9, 30), ResolutionDue = Local(24, 13, 0),
            Status = CaseStatus.Escalated, EscalationTrigger = "policy:threat", EscalationReason = "12315",
            History = { At(CaseStatus.Open, Local(24, 9, 0)), At(CaseStatus.Escalated, Local(24, 9, 1)) },
        };
        // H: today 07:00 (23 Nov in UTC), remedies proposed, no first-response deadline.
        yield return new Case
        {
            ConversationId = "conv-h", ProductName = "Rice cooker",
            Category = ComplaintCategory.PriceDispute, Responsibility = Responsibility.Mixed, Priority = CasePriority.Normal,
            CreatedAt = Local(24, 7, 0), ResolutionDue = Local(26, 7, 0), Status = CaseStatus.Proposed,
            History = { At(CaseStatus.Open, Local(24, 7, 0)), At(CaseStatus.Proposed, Local(24, 7, 5)) },
        };
        // D: yesterday 11:00, settled 11:10, closed after 360 min, CSAT 4.
        yield return new Case
        {
            ConversationId = "conv-d", ProductSku = "SKU-KETTLE", ProductName = "Kettle",
            Category = ComplaintCategory.WrongOrMissingItem, Responsibility = Responsibility.Merchant, Priority = CasePriority.Normal,
            CreatedAt = Local(23, 11, 0), FirstResponseDue = Local(23, 11, 30), ResolutionDue = Local(25, 11, 0),
            Status = CaseStatus.Closed, ClosedAt = Local(23, 17, 0), Csat = 4,
            History = { At(CaseStatus.Open, Local(23, 11, 0)), At(CaseStatus.Agreed, Local(23, 11, 10)), At(CaseStatus.Closed, Local(23, 17, 0)) },
        };
        // E: 20 Nov, asked for a person, nobody answered; resolution deadline (22 Nov) passed.
        yield return new Case
        {
            ConversationId = "conv-e",
            Category = ComplaintCategory.ServiceAttitude, Responsibility = Responsibility.Merchant, Priority = CasePriority.High,
            CreatedAt = Local(20, 12, 0), FirstResponseDue = Local(20, 12, 30), ResolutionDue = Local(22, 12, 0),
            Status = CaseStatus.Escalated, EscalationTrigger = "human-request", EscalationReason = "customer asked for a person",
            History = { At(CaseStatus.Open, Local(20, 12, 0)), At(CaseStatus.Escalated, Local(20, 12, 1)) },
        };
        // F: 21 Nov, not classified yet, an escalation reason without a trigger ("other").
        yield return new Case
        {
            ConversationId = "conv-f", Priority = CasePriority.Normal,
            CreatedAt = Local(21, 15, 0), FirstResponseDue = Local(21, 15, 30), Status = CaseStatus.Clarifying,
            EscalationReason = "handed over by the external contact centre",
            History = { At(CaseStatus.Open, Local(21, 15, 0)), At(CaseStatus.Clarifying, Local(21, 15, 2)) },
        };
        // G: 10 Nov (in the 30 days only), closed after 24 h, CSAT 3.
        yield return new Case
        {
            ConversationId = "conv-g", ProductSku = "SKU-BLENDER", ProductName = "破壁料理机",
            Category = ComplaintCategory.ProductQuality, Responsibility = Responsibility.Merchant, Priority = CasePriority.Low,
            CreatedAt = Local(10, 9, 0), FirstResponseDue = Local(10, 9, 30), ResolutionDue = Local(12, 9, 0),
            Status = CaseStatus.Closed, ClosedAt = Local(11, 9, 0), Csat = 3,
            History = { At(CaseStatus.Open, Local(10, 9, 0)), At(CaseStatus.Agreed, Local(10, 9, 5)), At(CaseStatus.Closed, Local(11, 9, 0)) },
        };
        // J: today 09:30, a question ("do you sell gift cards?") handed to an agent: an enquiry record, never counted.
        yield return Enquiry;
        // I: 15 Oct, outside every period.
        yield return new Case
        {
            ConversationId = "conv-i", ProductSku = "SKU-BLENDER", Category = ComplaintCategory.Other, Priority = CasePriority.Urgent,
            CreatedAt = Local(15, 9, 0, month: 10), Status = CaseStatus.Closed, ClosedAt = Local(15, 10, 0, month: 10), Csat = 1,
            History = { At(CaseStatus.Open, Local(15, 9, 0, month: 10)), At(CaseStatus.Closed, Local(15, 10, 0, month: 10)) },
        };
    }
}

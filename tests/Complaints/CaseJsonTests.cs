using System.Text.Json;
using System.Text.Json.Serialization;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Schema;

namespace ComplaintBot.Tests.Complaints;

/// <summary>The case's compile-time serializer writes and reads exactly what the reflection-based one did.</summary>
public class CaseJsonTests
{
    // The options the stores used before the serializer was generated.
    private static readonly JsonSerializerOptions Reflection = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };

    private static Case FullCase()
    {
        var at = new DateTimeOffset(2026, 11, 24, 9, 30, 0, 123, TimeSpan.FromHours(8));
        var c = new Case
        {
            Number = "C20261124-0007", Version = 3, ConversationId = "conv-1", ChannelId = "webchat", Locale = "en-US",
            CustomerId = "c-1", CustomerName = "Ann \"A\" <b>", CustomerTier = "Gold", ContactPhone = "13800000000", ContactEmail = "a@example.com",
            OrderNumber = "SO10000001", ProductSku = "SKU-1", ProductName = "马克杯 mug", OrderAmount = 129.90m,
            Facts = { Problem = "Damaged", Description = "碎了 — broken", Wish = "Refund", DemandedAmount = 1299m, DemandMultiple = 10m, Evidence = ["att-1"], Corrections = ["late → lost"] },
            Restatements = ["So, your mug arrived broken — is that right?"],
            Category = ComplaintCategory.Logistics, Responsibility = Responsibility.Mixed, Severity = Severity.Serious,
            Impact = Impact.Batch, Priority = CasePriority.Urgent, AnalysisReasons = ["r1", "r2"],
            RemediesOffered = [new RemedyOffer("Reship", null, "Merchant", at), new RemedyOffer("Compensation", 30m, "Law", at)],
            RemediesRefused = ["Voucher"], RemedyChosen = "Reship", Steps = [new ActionStep("Ship", "Warehouse", at.AddDays(2))],
            CreatedAt = at, UpdatedAt = at.AddMinutes(1), FirstResponseDue = at.AddHours(1), ResolutionDue = at.AddDays(2), ClosedAt = at.AddDays(3),
            EscalationReason = "anger", EscalationTrigger = "anger", Csat = 4, RelatedCases = ["C20261124-0006"],
            FollowUp = new CaseFollowUp
            {
                State = FollowUpState.Sent, ScheduledAt = at, DueAt = at.AddHours(20), Note = "n", PendingAt = 1796342400000,
                ClaimedBy = "i-1", ClaimedAt = at, Attempts = 2, SentAt = at, SkipReason = "s", SentWith = ["x"], Reply = "ok", RepliedAt = at,
                Reference = new ConversationReference
                {
                    ActivityId = "a1", ChannelId = "webchat", ServiceUrl = "http://127.0.0.1:9/", Locale = "en-US",
                    User = new ChannelAccount { Id = "u", Name = "U", Extra = new() { ["x"] = JsonSerializer.SerializeToElement(1) } },
                    Bot = new ChannelAccount { Id = "b" }, Conversation = new ConversationAccount { Id = "conv-1", IsGroup = false },
                },
            },
        };
        c.Apply(CaseTransition.Escalate, at, "note", "agent");
        return c;
    }

    [Fact]
    public void A_case_is_written_exactly_as_the_reflection_serializer_wrote_it()
    {
        var c = FullCase();
        Assert.Equal(JsonSerializer.Serialize(c, Reflection), CaseJson.Serialize(c));
        var bare = new Case { Number = "C1", ConversationId = "c" };
        Assert.Equal(JsonSerializer.Serialize(bare, Reflection), CaseJson.Serialize(bare));
    }

    [Fact]
    public void A_stored_case_reads_back_as_the_reflection_serializer_read_it()
    {
        var json = JsonSerializer.Serialize(FullCase(), Reflection);
        var read = CaseJson.Deserialize(json);
        Assert.Equal(json, JsonSerializer.Serialize(read, Reflection));
        Assert.Equal(CaseStatus.Escalated, read.Status);
        Assert.Equal(30m, read.RemediesOffered[1].Amount);

        // Web defaults on input: any property-name case, numbers given as strings.
        var loose = CaseJson.Deserialize("""{"NUMBER":"C2","version":"5","status":"Closed","csat":"3"}""");
        Assert.Equal(("C2", 5, CaseStatus.Closed, (int?)3), (loose.Number, loose.Version, loose.Status, loose.Csat));
    }
}

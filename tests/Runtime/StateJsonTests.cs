using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using ComplaintBot.Dialogs.Complaints;
using ComplaintBot.Dialogs.Nlu;
using ComplaintBot.Dialogs.Runtime;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.Sentiment;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Dialogs.Turns;

namespace ComplaintBot.Tests.Runtime;

/// <summary>
/// <see cref="StateJson.Options"/> serves the state types from compile-time serializers; the JSON they write and read
/// must be the JSON the reflection-based serializer (the wire options, which the state used before) writes and reads,
/// or stored conversations would change shape or fail to load.
/// </summary>
public sealed class StateJsonTests
{
    private static readonly JsonSerializerOptions Reflection = ReflectionOptions();

    private static JsonSerializerOptions ReflectionOptions()
    {
        var o = new JsonSerializerOptions(ActivityJson.Options) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
        o.MakeReadOnly();
        return o;
    }

    /// <summary>An activity with every kind of part: typed fields, JSON parts, buttons, attachments, unknown fields.</summary>
    private static Activity RichActivity() => ActivityJson.Parse("""
        {"type":"message","id":"a1","timestamp":"2026-12-07T10:00:00+08:00","channelId":"webchat","locale":"zh-CN",
         "from":{"id":"u1","name":"顾客","role":"user","x-tag":1},"conversation":{"id":"c1","isGroup":false},
         "text":"请选择 \"一\" 或 <二>","inputHint":"expectingInput",
         "suggestedActions":{"to":["u1"],"actions":[{"type":"imBack","title":"换货","value":"换货"},{"type":"postBack","title":"退款","value":{"kind":"refund","amount":12.5}}]},
         "attachments":[{"contentType":"image/png","contentUrl":"https://example.invalid/a.png","content":{"w":1}}],
         "entities":[{"type":"clientInfo","locale":"zh-CN","platform":"web"}],
         "channelData":{"clientActivityID":"x-1","nested":[1,"two",null,true]},"value":{"rating":5},
         "unknownField":{"kept":true}}
        """)!;

    private static ComplaintSession RichSession() => new()
    {
        Locale = "zh-CN", CustomerId = "cust-1", CustomerTier = "Gold", OrderNumber = "SO10000001", OrderSkipped = false,
        UnknownOrderAttempts = 2, LastUnknownOrder = "SO1", Proof = new OrderProof("SO10000001", Dialogs.Cases.CustomerVerification.PhoneLast4),
        ProofFailures = 1, ProofDeclinedFor = "SO2",
        Issues =
        [
            new IssueState { Problem = ProblemKind.Damaged, Description = "杯子碎了 \u2013 \"全碎\"", Sku = "MUG-1", ProductName = "马克杯", Wish = WishKind.Reship, ProductAsked = true, CaseNumber = "C20261207-0001" },
            new IssueState { Problem = ProblemKind.Late, NamedProduct = "羽绒服", WishText = "快点" },
        ],
        Current = 1, DemandMultiple = 3m, DemandText = "三倍", DemandAmount = 100.50m, MentionedAmount = 0.1m,
        Evidence = ["photo-1"], Escalated = true, LastTurnNotUnderstood = true,
        Mood = new MoodState
        {
            RecentAnger = [0.1, 0.39430000000000004], TrendHistory = [0.2], Trend = 1e-7, NotUnderstoodStreak = 1, Frustration = 0.5,
            FrustrationPoints = [0, 1.5], FrustrationSignals = ["dissatisfied: 不满意"], RecentShapes = [[1, 2, 3], []], RestatementRejections = 1,
            Decisions = [new EscalationRecord(DateTimeOffset.Parse("2026-12-07T10:00:00.1234567+00:00"), 0.9, 0.8, "anger", "angry", true)],
        },
    };

    private static DialogState RichStack() => new()
    {
        DialogStack =
        [
            new DialogInstance
            {
                Id = "complaint",
                Inner = new DialogState
                {
                    DialogStack =
                    [
                        new DialogInstance
                        {
                            Id = "complaint.choice",
                            State = new JsonObject { ["attemptCount"] = 1, ["state"] = new JsonObject { ["seen"] = "x" } },
                            PromptOptions = new PromptOptions
                            {
                                Prompt = RichActivity(), RetryPrompt = Activity.CreateMessage("再选一次"),
                                Choices = [new Choice("换货", "换", "换一个"), new Choice { Value = "退款", Action = CardAction.ImBack("退款", "refund") }],
                                Validations = new JsonObject { ["min"] = 1, ["max"] = 5 }, MaxAttempts = 3,
                            },
                        },
                        new DialogInstance { Id = "complaint.main", State = new JsonObject { ["options"] = null, ["values"] = new JsonObject { ["order"] = "SO1" }, ["stepIndex"] = 2 } },
                    ],
                },
            },
        ],
    };

    private static DeliveryLog RichLog() => new()
    {
        Items =
        [
            new DeliveredActivity { Key = "id:1", ActivityId = "1", At = DateTimeOffset.Parse("2026-12-07T10:00:00+00:00"), Slot = 0 },
            new DeliveredActivity { Key = "client:2", At = DateTimeOffset.Parse("2026-12-07T10:00:01.5+08:00"), Replies = [RichActivity()] },
        ],
    };

    public static TheoryData<string> StateTypes => new() { nameof(ComplaintSession), nameof(DialogState), nameof(DeliveryLog), nameof(PromptOptions) };

    private static (object Value, Type Type) Sample(string type) => type switch
    {
        nameof(ComplaintSession) => (RichSession(), typeof(ComplaintSession)),
        nameof(DialogState) => (RichStack(), typeof(DialogState)),
        nameof(DeliveryLog) => (RichLog(), typeof(DeliveryLog)),
        _ => (RichStack().DialogStack[0].Inner!.DialogStack[0].PromptOptions!, typeof(PromptOptions)),
    };

    [Fact]
    public void A_session_stores_what_it_knows_and_not_what_follows_from_it_and_reads_documents_that_still_have_both()
    {
        var session = RichSession();
        var json = JsonNode.Parse(JsonSerializer.Serialize(session, StateJson.Options))!.AsObject();
        Assert.DoesNotContain("currentIssue", json.Select(p => p.Key));
        Assert.DoesNotContain("caseNumbers", json.Select(p => p.Key));
        Assert.DoesNotContain("orderVerified", json.Select(p => p.Key));
        Assert.DoesNotContain("verification", json.Select(p => p.Key));

        // As stored before 2026-12-08: the derived values written beside the facts (here contradicting them).
        json["orderVerified"] = false;
        json["verification"] = "None";
        json["currentIssue"] = new JsonObject { ["problem"] = "Lost", ["caseNumber"] = "C-OTHER" };
        json["caseNumbers"] = new JsonArray("C-OTHER");
        var read = JsonSerializer.Deserialize<ComplaintSession>(json.ToJsonString(), StateJson.Options)!;
        Assert.True(read.OrderVerified);
        Assert.Equal(Dialogs.Cases.CustomerVerification.PhoneLast4, read.Verification);
        Assert.Same(read.Issues[1], read.CurrentIssue);
        Assert.Equal(["C20261207-0001"], read.CaseNumbers);
        Assert.Equal(JsonSerializer.Serialize(session, StateJson.Options), JsonSerializer.Serialize(read, StateJson.Options));
    }

    [Theory]
    [MemberData(nameof(StateTypes))]
    public void A_state_type_is_written_and_read_as_the_reflection_serializer_does(string type)
    {
        var (value, t) = Sample(type);
        Assert.IsAssignableFrom<JsonSerializerContext>(StateJson.Options.GetTypeInfo(t).OriginatingResolver); // compiled, not reflected

        var expected = JsonSerializer.Serialize(value, t, Reflection);
        Assert.Equal(expected, JsonSerializer.Serialize(value, t, StateJson.Options));

        // Read back by each, written again by reflection: the same document.
        Assert.Equal(expected, JsonSerializer.Serialize(JsonSerializer.Deserialize(expected, t, StateJson.Options), t, Reflection));
        // Names in another case are read as before (the wire options match names case-insensitively).
        var upper = JsonNode.Parse(expected)!.AsObject();
        var renamed = new JsonObject(upper.Select(p => KeyValuePair.Create(char.ToUpperInvariant(p.Key[0]) + p.Key[1..], p.Value?.DeepClone())));
        Assert.Equal(expected, JsonSerializer.Serialize(JsonSerializer.Deserialize(renamed.ToJsonString(), t, StateJson.Options), t, Reflection));
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace ComplaintBot.Dialogs.Schema;

/// <summary>
/// The Bot Framework Activity (see shared/reference/bf-activity-spec.md). Only the fields the bot reads or
/// writes are typed; everything else survives a round-trip through <see cref="Extra"/>, and
/// <see cref="ChannelData"/> is kept verbatim.
/// </summary>
public sealed class Activity
{
    public string? Type { get; set; }
    public string? Id { get; set; }
    public DateTimeOffset? Timestamp { get; set; }
    public DateTimeOffset? LocalTimestamp { get; set; }
    public string? LocalTimezone { get; set; }
    public string? ServiceUrl { get; set; }
    public string? ChannelId { get; set; }
    public ChannelAccount? From { get; set; }
    public ConversationAccount? Conversation { get; set; }
    public ChannelAccount? Recipient { get; set; }
    public string? TextFormat { get; set; }
    public string? AttachmentLayout { get; set; }
    public List<ChannelAccount>? MembersAdded { get; set; }
    public List<ChannelAccount>? MembersRemoved { get; set; }
    public string? Locale { get; set; }
    public string? Text { get; set; }
    public string? Speak { get; set; }
    public string? InputHint { get; set; }
    public string? Summary { get; set; }
    public SuggestedActions? SuggestedActions { get; set; }
    public List<Attachment>? Attachments { get; set; }
    public List<Entity>? Entities { get; set; }
    public JsonNode? ChannelData { get; set; }
    public string? Action { get; set; }
    public string? ReplyToId { get; set; }
    public string? Label { get; set; }
    public string? ValueType { get; set; }
    public JsonNode? Value { get; set; }
    public string? Name { get; set; }
    public ConversationReference? RelatesTo { get; set; }
    public string? Code { get; set; }
    public DateTimeOffset? Expiration { get; set; }
    public string? Importance { get; set; }
    public string? DeliveryMode { get; set; }
    public List<string>? ListenFor { get; set; }

    /// <summary>Fields this model does not know; written back unchanged.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>
    /// The wire JSON of a reply once it is delivered, i.e. buffered for an expectReplies response
    /// (<see cref="Turns.TurnContext"/>), else null. A delivered reply is final: the delivery log, the transcript and the
    /// HTTP response all write it, and each took a full serialization of it (a reply was serialized three times per
    /// turn); <see cref="ActivityJson.Serialize(Activity)"/> returns this text instead. Not copied by <see cref="Clone"/>.
    /// </summary>
    [JsonIgnore]
    public string? DeliveredJson { get; private set; }

    /// <summary>Fixes <see cref="DeliveredJson"/>: called when the activity has gone out and nothing changes it any more.</summary>
    internal void MarkDelivered() => DeliveredJson = JsonSerializer.Serialize(this, ActivityJson.Options);

    public static Activity CreateMessage(string? text = null) => new() { Type = ActivityTypes.Message, Text = text };

    /// <summary>A reply addressed back to the sender of this activity, on the same conversation.</summary>
    public Activity CreateReply(string? text = null) => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
        ChannelId = ChannelId,
        ServiceUrl = ServiceUrl,
        Conversation = Conversation,
        From = Recipient,
        Recipient = From,
        ReplyToId = Id,
        Locale = Locale,
    };

    public ConversationReference GetConversationReference() => new()
    {
        ActivityId = Id,
        User = From,
        Bot = Recipient,
        Conversation = Conversation,
        ChannelId = ChannelId,
        ServiceUrl = ServiceUrl,
        Locale = Locale,
    };

    /// <summary>
    /// Deep copy, so a sent activity can't be mutated by the sender afterwards. Field by field rather than through a
    /// JSON round trip of the whole activity (that was the largest JSON cost of a turn), with the round trip's result:
    /// JSON-typed parts (<see cref="JsonNode"/> values, extension data) are copied through JSON on their own, and the
    /// defaults a round trip fills in (a card action's type, an empty action list) are filled in too.
    /// </summary>
    public Activity Clone()
    {
        var a = (Activity)MemberwiseClone();
        a.DeliveredJson = null; // a copy may be changed
        a.From = From?.Clone();
        a.Conversation = Conversation?.Clone();
        a.Recipient = Recipient?.Clone();
        a.MembersAdded = MembersAdded?.ConvertAll(m => m?.Clone()!);
        a.MembersRemoved = MembersRemoved?.ConvertAll(m => m?.Clone()!);
        a.SuggestedActions = SuggestedActions?.Clone();
        a.Attachments = Attachments?.ConvertAll(x => x?.Clone()!);
        a.Entities = Entities?.ConvertAll(e => e?.Clone()!);
        a.ChannelData = ActivityJson.CloneNode(ChannelData);
        a.Value = ActivityJson.CloneNode(Value);
        a.RelatesTo = RelatesTo?.Clone();
        a.ListenFor = ListenFor?.ToList();
        a.Extra = ActivityJson.CloneExtra(Extra);
        return a;
    }
}

public static class ActivityTypes
{
    public const string Message = "message";
    public const string ContactRelationUpdate = "contactRelationUpdate";
    public const string ConversationUpdate = "conversationUpdate";
    public const string Typing = "typing";
    public const string EndOfConversation = "endOfConversation";
    public const string Event = "event";
    public const string Invoke = "invoke";
    public const string DeleteUserData = "deleteUserData";
    public const string MessageUpdate = "messageUpdate";
    public const string MessageDelete = "messageDelete";
    public const string InstallationUpdate = "installationUpdate";
    public const string MessageReaction = "messageReaction";
    public const string Suggestion = "suggestion";
    public const string Trace = "trace";
    public const string Handoff = "handoff";
}

public static class DeliveryModes
{
    public const string Normal = "normal";
    public const string Notification = "notification";
    public const string ExpectReplies = "expectReplies";
    public const string Ephemeral = "ephemeral";
}

public static class InputHints
{
    public const string AcceptingInput = "acceptingInput";
    public const string ExpectingInput = "expectingInput";
    public const string IgnoringInput = "ignoringInput";
}

public sealed class ChannelAccount
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? AadObjectId { get; set; }
    public string? Role { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }

    public ChannelAccount Clone()
    {
        var c = (ChannelAccount)MemberwiseClone();
        c.Extra = ActivityJson.CloneExtra(Extra);
        return c;
    }
}

public sealed class ConversationAccount
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public bool? IsGroup { get; set; }
    public string? ConversationType { get; set; }
    public string? TenantId { get; set; }
    public string? AadObjectId { get; set; }
    public string? Role { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }

    public ConversationAccount Clone()
    {
        var c = (ConversationAccount)MemberwiseClone();
        c.Extra = ActivityJson.CloneExtra(Extra);
        return c;
    }
}

public sealed class Attachment
{
    public string? ContentType { get; set; }
    public string? ContentUrl { get; set; }
    public JsonNode? Content { get; set; }
    public string? Name { get; set; }
    public string? ThumbnailUrl { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }

    public Attachment Clone()
    {
        var c = (Attachment)MemberwiseClone();
        c.Content = ActivityJson.CloneNode(Content);
        c.Extra = ActivityJson.CloneExtra(Extra);
        return c;
    }
}

public sealed class SuggestedActions
{
    public List<string>? To { get; set; }
    public List<CardAction> Actions { get; set; } = new();

    // A null list is left out when written and read back as empty.
    public SuggestedActions Clone() => new() { To = To?.ToList(), Actions = Actions?.ConvertAll(x => x?.Clone()!) ?? new() };
}

public sealed class CardAction
{
    public string Type { get; set; } = "imBack";
    public string? Title { get; set; }
    public string? Image { get; set; }
    public string? Text { get; set; }
    public string? DisplayText { get; set; }
    public JsonNode? Value { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }

    public static CardAction ImBack(string title, string? value = null) => new() { Type = "imBack", Title = title, Value = value ?? title };

    public CardAction Clone()
    {
        var c = (CardAction)MemberwiseClone();
        c.Type ??= "imBack"; // a null type is left out when written and read back as the default
        c.Value = ActivityJson.CloneNode(Value);
        c.Extra = ActivityJson.CloneExtra(Extra);
        return c;
    }
}

public sealed class Entity
{
    public string? Type { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Properties { get; set; }

    public Entity Clone() => new() { Type = Type, Properties = ActivityJson.CloneExtra(Properties) };
}

public sealed class ConversationReference
{
    public string? ActivityId { get; set; }
    public ChannelAccount? User { get; set; }
    public ChannelAccount? Bot { get; set; }
    public ConversationAccount? Conversation { get; set; }
    public string? ChannelId { get; set; }
    public string? ServiceUrl { get; set; }
    public string? Locale { get; set; }

    public ConversationReference Clone()
    {
        var c = (ConversationReference)MemberwiseClone();
        c.User = User?.Clone();
        c.Bot = Bot?.Clone();
        c.Conversation = Conversation?.Clone();
        return c;
    }
}

/// <summary>Reply payload for deliveryMode=expectReplies.</summary>
public sealed class ExpectedReplies
{
    public List<Activity> Activities { get; set; } = new();
}

public sealed class ResourceResponse
{
    public string? Id { get; set; }
}

/// <summary>The one set of JSON options for the wire: camelCase, nulls omitted, lenient on input.</summary>
public static class ActivityJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            PropertyNameCaseInsensitive = true,
        };
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }

    public static Activity? Parse(string json) => JsonSerializer.Deserialize<Activity>(json, Options);
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>An activity's JSON: the text it was delivered with (<see cref="Activity.DeliveredJson"/>), else serialized now.</summary>
    public static string Serialize(Activity activity) => activity.DeliveredJson ?? JsonSerializer.Serialize(activity, Options);

    /// <summary>A JSON part of an activity as a JSON round trip leaves it (a node read back with these options).</summary>
    public static JsonNode? CloneNode(JsonNode? node)
        => node is null ? null : JsonSerializer.Deserialize<JsonNode>(JsonSerializer.SerializeToElement(node, Options), Options);

    /// <summary>Extension data as a JSON round trip leaves it: the same values, independent of the original's document.</summary>
    public static Dictionary<string, JsonElement>? CloneExtra(Dictionary<string, JsonElement>? extra)
    {
        if (extra is null || extra.Count == 0) return null; // nothing to write, so nothing read back
        var copy = new Dictionary<string, JsonElement>(extra.Count);
        foreach (var (key, value) in extra) copy[key] = value.Clone();
        return copy;
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ComplaintBot.Dialogs.Handoff;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.Turns;

namespace ComplaintBot.Bot.Channels;

/// <summary>
/// The edge check every channel applies to an activity a caller sent, before anything stores or reads it. Whatever
/// passes is safe to store and to show again (customer's chat, WebSocket stream, agent console): a field that could
/// make a later reader fail (a null in a list, a channelData that is not an object) or mislead a person (a script link,
/// a forged agent) is refused, with the reason, instead of being repaired. See docs/security.md.
/// </summary>
public static partial class InboundActivity
{
    public const int MaxIdLength = 1024;
    public const int MaxNameLength = 256;
    public const int MaxTypeLength = 64;
    public const int MaxTextLength = 20_000;
    public const int MaxAttachments = 20;
    public const int MaxEntities = 50;
    public const int MaxMembers = 100;
    public const int MaxUrlLength = 4096;

    /// <summary>channelData.agent marks an agent's message in the transcript (the console shows it as the agent's).</summary>
    public const string AgentChannelDataKey = "agent";

    /// <summary>Hand-off events come from the contact centre's authenticated endpoint, never in a caller's activity.</summary>
    private const string HandoffEventPrefix = "handoff.";
    /// <summary>The complaint flow's own events (<c>complaint.resume</c> after a hand-back), never a caller's.</summary>
    private const string ComplaintEventPrefix = "complaint.";

    /// <summary>What a Direct Line client may send; the service itself makes conversationUpdate, the bot the rest.</summary>
    public static readonly IReadOnlySet<string> DirectLineClientTypes =
        new HashSet<string>([ActivityTypes.Message, ActivityTypes.Typing, ActivityTypes.Event], StringComparer.Ordinal);

    /// <summary>True for application/json and the +json types (charset allowed); activities come only as JSON.</summary>
    public static bool IsJson(string? contentType)
        => Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var m)
           && m.MediaType.Value is { } type
           && (type.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    /// <summary>Why <paramref name="a"/> must be refused, or null when it may go on (after <see cref="Clean"/>).</summary>
    public static string? Problem(Activity a)
    {
        if (string.IsNullOrWhiteSpace(a.Type)) return "The activity needs a type.";
        return Length("type", a.Type, MaxTypeLength)
            ?? Length("id", a.Id, MaxIdLength)
            ?? Length("replyToId", a.ReplyToId, MaxIdLength)
            ?? Length("name", a.Name, MaxNameLength)
            ?? Length("text", a.Text, MaxTextLength)
            ?? Length("speak", a.Speak, MaxTextLength)
            ?? Length("summary", a.Summary, MaxTextLength)
            ?? Length("textFormat", a.TextFormat, MaxTypeLength)
            ?? Length("inputHint", a.InputHint, MaxTypeLength)
            ?? Length("deliveryMode", a.DeliveryMode, MaxTypeLength)
            ?? Length("localTimezone", a.LocalTimezone, MaxNameLength)
            ?? Account("from", a.From)
            ?? Account("recipient", a.Recipient)
            ?? Conversation(a.Conversation)
            ?? Locale(a.Locale)
            ?? Members("membersAdded", a.MembersAdded)
            ?? Members("membersRemoved", a.MembersRemoved)
            ?? Attachments(a.Attachments)
            ?? Entities(a.Entities)
            ?? Actions(a.SuggestedActions)
            ?? NoNulls("listenFor", a.ListenFor)
            ?? ChannelData(a.ChannelData)
            ?? Event(a);
    }

    /// <summary>Direct Line's stricter rule on top of <see cref="Problem"/>: only the types a client sends.</summary>
    public static string? DirectLineProblem(Activity a)
        => Problem(a) ?? (DirectLineClientTypes.Contains(a.Type!) ? null
            : $"Activities of type '{Shorten(a.Type!)}' are not accepted from a client; send message, typing or event.");

    private static string? Length(string field, string? value, int max)
        => value is not null && value.Length > max ? $"{field} is longer than {max} characters." : null;

    private static string? Account(string field, ChannelAccount? account)
        => account is null ? null
            : Length(field + ".id", account.Id, MaxIdLength) ?? Length(field + ".name", account.Name, MaxNameLength)
              ?? Length(field + ".role", account.Role, MaxTypeLength) ?? Length(field + ".aadObjectId", account.AadObjectId, MaxIdLength);

    private static string? Conversation(ConversationAccount? c)
        => c is null ? null
            : Length("conversation.id", c.Id, MaxIdLength) ?? Length("conversation.name", c.Name, MaxNameLength)
              ?? Length("conversation.tenantId", c.TenantId, MaxIdLength) ?? Length("conversation.conversationType", c.ConversationType, MaxTypeLength);

    /// <summary>A language tag such as zh-CN or en-US (never a path or markup).</summary>
    public static bool IsLocale(string? locale) => locale is not null && LocalePattern().IsMatch(locale);

    private static string? Locale(string? locale)
        => locale is null || IsLocale(locale) ? null : "locale is not a language tag such as zh-CN or en-US.";

    private static string? Members(string field, List<ChannelAccount>? members)
    {
        if (members is null) return null;
        if (members.Count > MaxMembers) return $"{field} has more than {MaxMembers} entries.";
        if (NoNulls(field, members) is { } nulls) return nulls;
        return members.Select(m => Account(field + "[]", m)).FirstOrDefault(p => p is not null);
    }

    private static string? Attachments(List<Attachment>? attachments)
    {
        if (attachments is null) return null;
        if (attachments.Count > MaxAttachments) return $"attachments has more than {MaxAttachments} entries.";
        if (NoNulls("attachments", attachments) is { } nulls) return nulls;
        foreach (var x in attachments)
        {
            var p = Length("attachments[].contentType", x.ContentType, MaxNameLength) ?? Length("attachments[].name", x.Name, MaxNameLength)
                ?? Link("attachments[].contentUrl", x.ContentUrl) ?? Link("attachments[].thumbnailUrl", x.ThumbnailUrl);
            if (p is not null) return p;
        }
        return null;
    }

    /// <summary>A link people will open (customer's chat, agent console): http(s), or an inline image.</summary>
    private static string? Link(string field, string? url)
    {
        if (url is null) return null;
        if (url.StartsWith("data:image/", StringComparison.OrdinalIgnoreCase)) return null;
        if (url.Length > MaxUrlLength) return $"{field} is longer than {MaxUrlLength} characters.";
        return Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp)
            ? null
            : $"{field} must be an absolute http(s) link or an inline image.";
    }

    private static string? Entities(List<Entity>? entities)
    {
        if (entities is null) return null;
        if (entities.Count > MaxEntities) return $"entities has more than {MaxEntities} entries.";
        if (NoNulls("entities", entities) is { } nulls) return nulls;
        return entities.Select(e => Length("entities[].type", e.Type, MaxNameLength)).FirstOrDefault(p => p is not null);
    }

    private static string? Actions(SuggestedActions? s)
        => s is null ? null : NoNulls("suggestedActions.actions", s.Actions) ?? NoNulls("suggestedActions.to", s.To);

    private static string? NoNulls<T>(string field, List<T>? list) where T : class
        => list is not null && list.Contains(null!) ? $"{field} contains null." : null;

    private static string? ChannelData(JsonNode? data)
    {
        if (data is null) return null;
        if (data is not JsonObject o) return "channelData must be an object.";
        return o.ContainsKey(AgentChannelDataKey) ? "channelData.agent is reserved for the agent console." : null;
    }

    private static string? Event(Activity a)
        => a.Name is not { } name ? null
            : name.StartsWith(HandoffEventPrefix, StringComparison.OrdinalIgnoreCase)
                ? $"'{Shorten(name)}' events are accepted only from the contact centre (see docs/handoff.md)."
            // The bot's own events: the hand-back's resume event names any case and jumps the flow (remedies, rating);
            // the adapter's proactive turn runs under ContinueConversation, which the transcript and the exactly-once
            // record skip, so a caller's would run a turn that leaves no trace.
            : name.StartsWith(ComplaintEventPrefix, StringComparison.OrdinalIgnoreCase)
              || name.Equals(TranscriptLoggerMiddleware.ContinueConversationEvent, StringComparison.OrdinalIgnoreCase)
                ? $"'{Shorten(name)}' events are sent only by the bot itself."
            : null;

    private static string Shorten(string s) => s.Length <= MaxTypeLength ? s : s[..MaxTypeLength] + "…";

    // A BCP-47-like tag (en, zh-CN, zh-Hans-CN, en_US as some clients write it); never a path or markup.
    [GeneratedRegex(@"^[A-Za-z]{2,8}([-_][A-Za-z0-9]{1,8}){0,4}$")]
    private static partial Regex LocalePattern();

    // ------------------------------------------------------------------ control characters

    /// <summary>
    /// Removes control characters (C0 and C1, DEL; tabs and line breaks stay) from every string of the activity the
    /// caller wrote: text, ids, names, attachment fields, values, channel data and unknown fields. They carry no
    /// meaning in a chat, a NUL in a stored JSON document makes PostgreSQL refuse every json operator on it
    /// (dashboard, follow-ups), and terminal escapes would reach log viewers.
    /// </summary>
    public static void Clean(Activity a)
    {
        a.Type = Text(a.Type);
        a.Id = Text(a.Id);
        a.LocalTimezone = Text(a.LocalTimezone);
        a.ServiceUrl = Text(a.ServiceUrl);
        a.ChannelId = Text(a.ChannelId);
        Clean(a.From);
        Clean(a.Recipient);
        if (a.Conversation is { } c)
        {
            c.Id = Text(c.Id);
            c.Name = Text(c.Name);
            c.ConversationType = Text(c.ConversationType);
            c.TenantId = Text(c.TenantId);
            c.AadObjectId = Text(c.AadObjectId);
            c.Role = Text(c.Role);
            c.Extra = Clean(c.Extra);
        }
        a.TextFormat = Text(a.TextFormat);
        a.AttachmentLayout = Text(a.AttachmentLayout);
        a.MembersAdded?.ForEach(Clean);
        a.MembersRemoved?.ForEach(Clean);
        a.Locale = Text(a.Locale);
        a.Text = Text(a.Text);
        a.Speak = Text(a.Speak);
        a.InputHint = Text(a.InputHint);
        a.Summary = Text(a.Summary);
        foreach (var action in a.SuggestedActions?.Actions ?? [])
        {
            if (action is null) continue;
            action.Type = Text(action.Type) ?? "imBack";
            action.Title = Text(action.Title);
            action.Image = Text(action.Image);
            action.Text = Text(action.Text);
            action.DisplayText = Text(action.DisplayText);
            action.Value = Clean(action.Value);
            action.Extra = Clean(action.Extra);
        }
        foreach (var x in a.Attachments ?? [])
        {
            if (x is null) continue;
            x.ContentType = Text(x.ContentType);
            x.ContentUrl = Text(x.ContentUrl);
            x.Name = Text(x.Name);
            x.ThumbnailUrl = Text(x.ThumbnailUrl);
            x.Content = Clean(x.Content);
            x.Extra = Clean(x.Extra);
        }
        foreach (var e in a.Entities ?? [])
        {
            if (e is null) continue;
            e.Type = Text(e.Type);
            e.Properties = Clean(e.Properties);
        }
        a.ChannelData = Clean(a.ChannelData);
        a.Action = Text(a.Action);
        a.ReplyToId = Text(a.ReplyToId);
        a.Label = Text(a.Label);
        a.ValueType = Text(a.ValueType);
        a.Value = Clean(a.Value);
        a.Name = Text(a.Name);
        a.Code = Text(a.Code);
        a.Importance = Text(a.Importance);
        a.DeliveryMode = Text(a.DeliveryMode);
        if (a.ListenFor is { } listen) a.ListenFor = listen.ConvertAll(s => Text(s)!);
        a.Extra = Clean(a.Extra);
    }

    private static void Clean(ChannelAccount? account)
    {
        if (account is null) return;
        account.Id = Text(account.Id);
        account.Name = Text(account.Name);
        account.AadObjectId = Text(account.AadObjectId);
        account.Role = Text(account.Role);
        account.Extra = Clean(account.Extra);
    }

    /// <summary><paramref name="s"/> without control characters (tabs and line breaks stay); the same instance when it has none.</summary>
    public static string? Text(string? s)
    {
        if (s is null) return null;
        var i = 0;
        while (i < s.Length && !Unwanted(s[i])) i++;
        if (i == s.Length) return s;
        return string.Concat(s.Where(ch => !Unwanted(ch)));
    }

    private static bool Unwanted(char c) => char.IsControl(c) && c is not ('\t' or '\n' or '\r');

    /// <summary>A JSON value with its strings (and property names) cleaned; the same instance when nothing needed it.</summary>
    private static JsonNode? Clean(JsonNode? node)
    {
        if (node is null || !NeedsCleaning(node)) return node;
        return Cleaned(node);
    }

    private static bool NeedsCleaning(JsonNode node) => node switch
    {
        JsonObject o => o.Any(p => Text(p.Key) != p.Key || (p.Value is not null && NeedsCleaning(p.Value))),
        JsonArray arr => arr.Any(v => v is not null && NeedsCleaning(v)),
        JsonValue v => v.GetValueKind() == JsonValueKind.String && Text(v.GetValue<string>()) is var t && !ReferenceEquals(t, v.GetValue<string>()),
        _ => false,
    };

    private static JsonNode? Cleaned(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                var copy = new JsonObject();
                foreach (var (key, value) in o) copy[Text(key)!] = Cleaned(value);
                return copy;
            case JsonArray arr:
                return new JsonArray(arr.Select(Cleaned).ToArray());
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                return JsonValue.Create(Text(v.GetValue<string>()));
            default:
                return node?.DeepClone();
        }
    }

    /// <summary>Unknown fields (kept verbatim for the round trip) cleaned like the rest; untouched when they need nothing.</summary>
    private static Dictionary<string, JsonElement>? Clean(Dictionary<string, JsonElement>? extra)
    {
        if (extra is null || extra.Count == 0) return extra;
        Dictionary<string, JsonElement>? copy = null;
        foreach (var (key, value) in extra)
        {
            // Control characters in JSON text are escaped (\u0000) or raw (DEL, C1): most values have neither.
            var raw = value.GetRawText();
            if (Text(key) == key && !raw.Contains('\\') && !raw.Any(Unwanted)) continue;
            var node = JsonSerializer.SerializeToNode(value);
            var clean = Text(key)!;
            if (clean == key && (node is null || !NeedsCleaning(node))) continue;
            copy ??= new Dictionary<string, JsonElement>(extra);
            copy.Remove(key);
            copy[clean] = JsonSerializer.SerializeToElement(Cleaned(node));
        }
        return copy ?? extra;
    }
}

namespace ComplaintBot.Tests.Channels.Hostile;

/// <summary>
/// Activities a hostile or broken client might send, each as JSON members that are written after a valid activity's
/// own (so they override them). Every one must be refused at the edge with a 4xx and an error body, on both channels,
/// and leave nothing behind. The marker <see cref="Marker"/> in each lets a test prove none was stored.
/// </summary>
public static class HostileActivities
{
    public const string Marker = "HOSTILE-7f3a";

    private static string Long(int n) => new('a', n);
    private static readonly string ManyAttachments = string.Join(",", Enumerable.Repeat("""{"contentType":"image/png","contentUrl":"https://example.com/a.png"}""", 200));
    private static readonly string ManyEntities = string.Join(",", Enumerable.Repeat("""{"type":"clientInfo"}""", 200));

    /// <summary>(what it tries, JSON members to add to a valid message activity).</summary>
    public static readonly IReadOnlyList<(string Name, string Members)> Refused =
    [
        ("null attachment", $$$"""{"text":"{{{Marker}}}","attachments":[null]}"""),
        ("null among attachments", $$$"""{"text":"{{{Marker}}}","attachments":[{"contentType":"image/png","contentUrl":"https://example.com/a.png"},null]}"""),
        ("null entity", $$$"""{"text":"{{{Marker}}}","entities":[null]}"""),
        ("null member added", $$$"""{"text":"{{{Marker}}}","membersAdded":[null]}"""),
        ("null member removed", $$$"""{"text":"{{{Marker}}}","membersRemoved":[null]}"""),
        ("null suggested action", $$$"""{"text":"{{{Marker}}}","suggestedActions":{"actions":[null]}}"""),
        ("null listenFor entry", $$$"""{"text":"{{{Marker}}}","listenFor":[null]}"""),
        ("script link in an attachment", $$$"""{"text":"{{{Marker}}}","attachments":[{"contentType":"image/png","contentUrl":"javascript:alert(1)"}]}"""),
        ("file link in an attachment", $$$"""{"text":"{{{Marker}}}","attachments":[{"contentType":"image/png","contentUrl":"file:///etc/passwd"}]}"""),
        ("relative link in an attachment", $$$"""{"text":"{{{Marker}}}","attachments":[{"contentType":"image/png","contentUrl":"/agent/api/queue"}]}"""),
        ("script thumbnail", $$$"""{"text":"{{{Marker}}}","attachments":[{"contentType":"image/png","contentUrl":"https://example.com/a.png","thumbnailUrl":"javascript:alert(1)"}]}"""),
        ("huge attachment name", $$$"""{"text":"{{{Marker}}}","attachments":[{"contentType":"image/png","contentUrl":"https://example.com/a.png","name":"{{{Long(5000)}}}"}]}"""),
        ("huge content type", $$$"""{"text":"{{{Marker}}}","attachments":[{"contentType":"{{{Long(5000)}}}","contentUrl":"https://example.com/a.png"}]}"""),
        ("too many attachments", $$$"""{"text":"{{{Marker}}}","attachments":[{{{ManyAttachments}}}]}"""),
        ("too many entities", $$$"""{"text":"{{{Marker}}}","entities":[{{{ManyEntities}}}]}"""),
        ("path in the locale", $$$"""{"text":"{{{Marker}}}","locale":"../../etc/passwd"}"""),
        ("huge locale", $$$"""{"text":"{{{Marker}}}","locale":"{{{Long(500)}}}"}"""),
        ("script in the locale", $$$"""{"text":"{{{Marker}}}","locale":"<script>"}"""),
        ("huge sender name", $$$"""{"text":"{{{Marker}}}","from":{"id":"user-hostile","name":"{{{Long(5000)}}}"}}"""),
        ("huge reply-to id", $$$"""{"text":"{{{Marker}}}","replyToId":"{{{Long(5000)}}}"}"""),
        ("huge text", $$$"""{"text":"{{{Marker}}}{{{Long(60_000)}}}"}"""),
        ("channel data that is an array", $$$"""{"text":"{{{Marker}}}","channelData":[1,2,3]}"""),
        ("channel data that is a string", $$$"""{"text":"{{{Marker}}}","channelData":"x"}"""),
        ("forged agent in channel data", $$$"""{"text":"{{{Marker}}}","channelData":{"agent":{"id":"demo","name":5} } }"""),
        ("forged agent name in channel data", $$$"""{"text":"{{{Marker}}}","channelData":{"agent":{"id":"demo","name":"Demo Agent"} } }"""),
        ("customer's hand-off accepted", $$$"""{"type":"event","name":"handoff.status","value":{"state":"accepted"},"text":"{{{Marker}}}"}"""),
        ("customer's hand-off completed", $$$"""{"type":"event","name":"handoff.status","value":{"state":"completed"},"text":"{{{Marker}}}"}"""),
        ("customer's hand-off with a number state", $$$"""{"type":"event","name":"handoff.status","value":{"state":5},"text":"{{{Marker}}}"}"""),
        ("customer's hand-off initiate", $$$"""{"type":"event","name":"handoff.initiate","value":{},"text":"{{{Marker}}}"}"""),
        ("customer's resume event naming a case, for remedies", $$$"""{"type":"event","name":"complaint.resume","value":{"at":"remedies","case":"C-ANY"},"text":"{{{Marker}}}"}"""),
        ("customer's resume event asking for the rating", $$$"""{"type":"event","name":"Complaint.Resume","value":{"at":"csat"},"text":"{{{Marker}}}"}"""),
        ("customer's event named like the bot's own proactive turn", $$$"""{"type":"event","name":"ContinueConversation","text":"{{{Marker}}}"}"""),
        ("huge event name", $$$"""{"type":"event","name":"{{{Long(5000)}}}","text":"{{{Marker}}}"}"""),
        ("text that is a number", """{"text":5}"""),
        ("attachments that are an object", $$$"""{"text":"{{{Marker}}}","attachments":{"a":1}}"""),
        ("timestamp that is not a time", $$$"""{"text":"{{{Marker}}}","localTimestamp":"yesterday"}"""),
        ("value nested too deep", $$$"""{"text":"{{{Marker}}}","value":{{{new string('[', 300)}}}{{{new string(']', 300)}}}}"""),
    ];

    /// <summary>Types a Direct Line client has no business sending (the service itself makes conversationUpdate).</summary>
    public static readonly IReadOnlyList<(string Name, string Members)> RefusedOnDirectLine =
    [
        ("conversation update from a client", $$$"""{"type":"conversationUpdate","text":"{{{Marker}}}","membersAdded":[{"id":"x"}]}"""),
        ("made-up type", $$$"""{"type":"delay","value":100000,"text":"{{{Marker}}}"}"""),
        ("trace from a client", $$$"""{"type":"trace","text":"{{{Marker}}}"}"""),
        ("invoke response from a client", $$$"""{"type":"invokeResponse","text":"{{{Marker}}}"}"""),
        ("huge type", $$$"""{"type":"{{{Long(5000)}}}","text":"{{{Marker}}}"}"""),
    ];

    /// <summary>The members wrapped around a valid activity's own: <c>{base…, members…}</c> (the later key wins).</summary>
    public static string Merge(string baseObject, string members)
        => baseObject.TrimEnd().TrimEnd('}') + "," + members.Trim().TrimStart('{');
}

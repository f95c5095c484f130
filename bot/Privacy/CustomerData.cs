using System.Text.Json;
using System.Text.Json.Nodes;
using ComplaintBot.Bot.Channels.DirectLine;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Handoff;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Dialogs.Turns;

namespace ComplaintBot.Bot.Privacy;

/// <summary>How many rows an erasure removed, per kind (what the audit log records).</summary>
public sealed record ErasedRows(int Cases, int TranscriptEntries, int HandoffEntries, int StateItems, int Uploads)
{
    public IReadOnlyDictionary<string, int> ToDictionary() => new Dictionary<string, int>
    {
        ["cases"] = Cases, ["transcriptEntries"] = TranscriptEntries, ["handoffEntries"] = HandoffEntries,
        ["stateItems"] = StateItems, ["uploads"] = Uploads,
    };
}

/// <summary>
/// One customer's data for the right of access (export, JSON) and the right to erasure (GDPR arts. 15/17, PIPL arts.
/// 45/47): their cases (follow-ups live inside them), and for each conversation of those cases the transcript, the
/// hand-off (queue) entry, the conversation and user state, the Direct Line conversation record and uploaded files.
/// The customer is named by id, phone or order number; a case found so leads to the customer's other cases (same
/// customer id) and conversations, and the customer id to conversations handed to a person without any case (their
/// hand-off entry keeps the id). Both actions are written to the <see cref="PrivacyAudit"/> log without the data.
/// </summary>
public sealed class CustomerData(
    ICaseStore cases, IStorage storage, PrivacyAudit audit, TimeProvider clock,
    ITranscriptStore? transcripts = null, IHandoffStore? handoff = null, DirectLineConversations? directLine = null)
{
    private const int MaxTranscript = 10_000;

    /// <summary>What was found for a key; empty when the key names nobody.</summary>
    private sealed record Footprint(IReadOnlyList<Case> Cases, IReadOnlyList<string> Conversations);

    private async Task<Footprint> FindAsync(CustomerKey key, CancellationToken ct)
    {
        var found = new Dictionary<string, Case>(StringComparer.Ordinal);
        foreach (var c in await cases.FindForCustomerAsync(key, ct: ct)) found[c.Number] = c;
        // The same customer under their id, and the other cases of the same conversations.
        foreach (var id in found.Values.Select(c => c.CustomerId).OfType<string>().Distinct().ToList())
            foreach (var c in await cases.FindForCustomerAsync(new CustomerKey(CustomerKeyKind.CustomerId, id), ct: ct)) found[c.Number] = c;
        foreach (var conversation in found.Values.Select(c => c.ConversationId).Where(c => c.Length > 0).Distinct().ToList())
            foreach (var c in await cases.QueryAsync(new CaseQuery(ConversationId: conversation, Limit: 1000), ct)) found[c.Number] = c;
        var ordered = found.Values.OrderBy(c => c.CreatedAt).ThenBy(c => c.Number).ToList();
        var conversations = ordered.Select(c => c.ConversationId).Where(c => c.Length > 0).Distinct().ToList();
        // A conversation handed over with no case (a request for a person) has no case to lead to it: its entry names the customer.
        if (handoff is not null)
        {
            var ids = ordered.Select(c => c.CustomerId).Append(key.Kind == CustomerKeyKind.CustomerId ? key.Value : null).OfType<string>().Distinct().ToList();
            foreach (var id in ids)
                foreach (var entry in await handoff.ListAsync(HandoffListFilter.OfCustomer(id), ct))
                    if (!conversations.Contains(entry.ConversationId)) conversations.Add(entry.ConversationId);
        }
        return new Footprint(ordered, conversations);
    }

    /// <summary>
    /// Where the conversation's transcript is kept: under <c>{channel}/{conversation}</c> (<see cref="ConversationKey"/>)
    /// for each channel its cases name, and under the bare id where transcripts were written before that.
    /// </summary>
    private static List<string> TranscriptKeys(string conversationId, IEnumerable<Case> ofConversation, HandoffEntry? entry)
        => ofConversation.Select(c => c.TranscriptRef)
            .Append(entry?.Reference.ChannelId is { Length: > 0 } ch ? ConversationKey.Of(ch, conversationId) : null)
            .Append(conversationId).OfType<string>().Distinct().ToList();

    private async Task<List<TranscriptEntry>> ReadTranscriptAsync(List<string> keys, CancellationToken ct)
    {
        var all = new List<TranscriptEntry>();
        if (transcripts is null) return all;
        foreach (var key in keys) all.AddRange(await transcripts.ReadAsync(key, 0, MaxTranscript, ct));
        return all;
    }

    /// <summary>The state keys of a conversation: per channel it was seen on, the conversation's and each user's.</summary>
    private async Task<List<string>> StateKeysAsync(string conversationId, IEnumerable<Case> ofConversation, List<TranscriptEntry> transcript, HandoffEntry? entry, CancellationToken ct)
    {
        var channels = ofConversation.Select(c => c.ChannelId).Concat(transcript.Select(t => t.Activity.ChannelId)).Append(entry?.Reference.ChannelId)
            .OfType<string>().Where(c => c.Length > 0).Distinct().ToList();
        // The customer's ids: senders of the transcript's messages that are not the bot or an agent, and the hand-off reference's user.
        var users = transcript.Where(t => t.Activity.ChannelData?["agent"] is null && t.Activity.From?.Role != "bot")
            .Select(t => t.Activity.From?.Id).Append(entry?.Reference.User?.Id)
            .OfType<string>().Where(u => u.Length > 0).Distinct().ToList();
        var keys = channels.Select(ch => $"{ch}/conversations/{conversationId}")
            .Concat(channels.SelectMany(ch => users.Select(u => $"{ch}/users/{u}"))).ToList();
        // The replies the bot remembers for re-sent messages are kept beside the conversation's state.
        foreach (var ch in channels) keys.AddRange(await DeliveryReplies.KeysOfAsync(storage, $"{ch}/conversations/{conversationId}", ct));
        if (directLine is not null) keys.AddRange(await directLine.KeysOfAsync(conversationId, ct));
        return keys;
    }

    /// <summary>Everything kept about the customer as one JSON document; null when the key names no customer. Audited.</summary>
    public async Task<JsonObject?> ExportAsync(CustomerKey key, string actor, CancellationToken ct = default)
    {
        var found = await FindAsync(key, ct);
        if (found.Cases.Count == 0 && found.Conversations.Count == 0) return null;
        var conversations = new JsonArray();
        int transcriptRows = 0, stateRows = 0, uploadRows = 0;
        foreach (var id in found.Conversations)
        {
            var entry = handoff is null ? null : await handoff.GetAsync(id, ct);
            var ofConversation = found.Cases.Where(c => c.ConversationId == id).ToList();
            var transcript = await ReadTranscriptAsync(TranscriptKeys(id, ofConversation, entry), ct);
            var keys = await StateKeysAsync(id, ofConversation, transcript, entry, ct);
            var items = await storage.ReadAsync(keys, ct);
            var uploads = new JsonArray();
            var state = new JsonObject();
            foreach (var (k, item) in items.OrderBy(i => i.Key, StringComparer.Ordinal))
            {
                if (DirectLineConversations.IsAttachmentKey(k))
                {
                    var file = JsonSerializer.Deserialize<StoredAttachment>(item.Json)!;
                    uploads.Add(new JsonObject
                    {
                        ["name"] = file.Name, ["contentType"] = file.ContentType, ["uploadedAt"] = file.UploadedAt,
                        ["dataBase64"] = Convert.ToBase64String(file.Data),
                    });
                }
                else state[k] = JsonNode.Parse(item.Json);
            }
            transcriptRows += transcript.Count;
            stateRows += state.Count;
            uploadRows += uploads.Count;
            conversations.Add(new JsonObject
            {
                ["conversationId"] = id,
                ["transcript"] = new JsonArray(transcript.Select(t => (JsonNode)new JsonObject
                {
                    ["sequence"] = t.Sequence, ["at"] = t.At, ["activity"] = JsonSerializer.SerializeToNode(t.Activity, ActivityJson.Options),
                }).ToArray()),
                ["handoff"] = entry is null ? null : JsonSerializer.SerializeToNode(entry, ActivityJson.Options),
                ["state"] = state,
                ["uploads"] = uploads,
            });
        }
        var now = clock.GetUtcNow();
        await audit.AppendAsync(new PrivacyAuditRecord(now, actor, PrivacyAudit.Export, key.Kind.ToString(), new Dictionary<string, int>
        {
            ["cases"] = found.Cases.Count, ["transcriptEntries"] = transcriptRows, ["stateItems"] = stateRows, ["uploads"] = uploadRows,
        }), ct);
        return new JsonObject
        {
            ["exportedAt"] = now,
            ["cases"] = new JsonArray(found.Cases.Select(c => JsonNode.Parse(CaseJson.Serialize(c))).ToArray()),
            ["conversations"] = conversations,
        };
    }

    /// <summary>
    /// Deletes everything kept about the customer; null when the key names no customer. Audited. The cases go last, so
    /// an erasure cut short (a crash, a lost connection) finds everything that is left when run again.
    /// </summary>
    public async Task<ErasedRows?> EraseAsync(CustomerKey key, string actor, CancellationToken ct = default)
    {
        var found = await FindAsync(key, ct);
        if (found.Cases.Count == 0 && found.Conversations.Count == 0) return null;
        int transcriptRows = 0, handoffRows = 0, stateRows = 0, uploadRows = 0;
        foreach (var id in found.Conversations)
        {
            var entry = handoff is null ? null : await handoff.GetAsync(id, ct);
            var ofConversation = found.Cases.Where(c => c.ConversationId == id).ToList();
            var transcriptKeys = TranscriptKeys(id, ofConversation, entry);
            var transcript = await ReadTranscriptAsync(transcriptKeys, ct);
            var keys = await StateKeysAsync(id, ofConversation, transcript, entry, ct);
            var present = (await storage.ReadAsync(keys, ct)).Keys.ToList();
            if (present.Count > 0) await storage.DeleteAsync(present, ct);
            uploadRows += present.Count(DirectLineConversations.IsAttachmentKey);
            stateRows += present.Count(k => !DirectLineConversations.IsAttachmentKey(k));
            if (transcripts is not null)
                foreach (var transcriptKey in transcriptKeys) transcriptRows += await transcripts.DeleteConversationAsync(transcriptKey, ct);
            if (handoff is not null) handoffRows += await handoff.DeleteAsync(id, ct);
        }
        var erased = new ErasedRows(await cases.DeleteAsync(found.Cases.Select(c => c.Number).ToList(), ct), transcriptRows, handoffRows, stateRows, uploadRows);
        await audit.AppendAsync(new PrivacyAuditRecord(clock.GetUtcNow(), actor, PrivacyAudit.Erase, key.Kind.ToString(), erased.ToDictionary()), ct);
        return erased;
    }
}

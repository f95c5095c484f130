using System.Security.Cryptography;
using System.Text.Json;
using ComplaintBot.Dialogs.State;

namespace ComplaintBot.Bot.Channels.DirectLine;

/// <summary>A Direct Line conversation: who it was issued for and whether the bot has been told it started.</summary>
public sealed record DirectLineConversation(
    string Id, string? UserId, string? UserName, string? CustomerId, bool Started, DateTimeOffset CreatedAt, string? Locale = null,
    IReadOnlyList<string>? TrustedOrigins = null);

/// <summary>Conversation records and uploaded files, kept in the shared <see cref="IStorage"/> (so they follow the
/// configured store: SQLite file or PostgreSQL).</summary>
public sealed class DirectLineConversations(IStorage storage)
{
    private static string ConversationKey(string id) => $"directline/conversation/{id}";
    private static string AttachmentKey(string conversationId, string id) => $"directline/attachment/{conversationId}/{id}";

    /// <summary>Unguessable, URL-safe ids: a conversation id is also half of what an attacker would need.</summary>
    public static string NewId() => DirectLineTokenService.Base64Url(RandomNumberGenerator.GetBytes(18));

    public async Task CreateAsync(DirectLineConversation conversation, CancellationToken ct)
        => await storage.WriteAsync(new Dictionary<string, StoreItem>
        {
            [ConversationKey(conversation.Id)] = new(JsonSerializer.Serialize(conversation), null),
        }, ct);

    public async Task<DirectLineConversation?> GetAsync(string id, CancellationToken ct)
    {
        var items = await storage.ReadAsync(new[] { ConversationKey(id) }, ct);
        return items.TryGetValue(ConversationKey(id), out var item) ? JsonSerializer.Deserialize<DirectLineConversation>(item.Json) : null;
    }

    /// <summary>Marks the conversation started. True only for the one caller that made the change (ETag-guarded).</summary>
    public async Task<bool> TryMarkStartedAsync(string id, CancellationToken ct)
    {
        while (true)
        {
            var key = ConversationKey(id);
            var items = await storage.ReadAsync(new[] { key }, ct);
            if (!items.TryGetValue(key, out var item)) return false;
            var conversation = JsonSerializer.Deserialize<DirectLineConversation>(item.Json)!;
            if (conversation.Started) return false;
            try
            {
                await storage.WriteAsync(new Dictionary<string, StoreItem>
                {
                    [key] = new(JsonSerializer.Serialize(conversation with { Started = true }), item.ETag),
                }, ct);
                return true;
            }
            catch (StorageConflictException) { /* someone else changed it; look again */ }
        }
    }

    public async Task SaveAttachmentAsync(string conversationId, string attachmentId, StoredAttachment file, CancellationToken ct)
        => await storage.WriteAsync(new Dictionary<string, StoreItem>
        {
            [AttachmentKey(conversationId, attachmentId)] = new(JsonSerializer.Serialize(file), null),
        }, ct);

    public async Task<StoredAttachment?> GetAttachmentAsync(string conversationId, string attachmentId, CancellationToken ct)
    {
        var key = AttachmentKey(conversationId, attachmentId);
        var items = await storage.ReadAsync(new[] { key }, ct);
        return items.TryGetValue(key, out var item) ? JsonSerializer.Deserialize<StoredAttachment>(item.Json) : null;
    }
}

/// <summary>An uploaded file (photos of damaged goods), stored with its conversation.</summary>
public sealed record StoredAttachment(string ContentType, string? Name, byte[] Data, DateTimeOffset UploadedAt);

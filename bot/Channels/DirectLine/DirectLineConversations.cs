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
    private const string AttachmentPrefix = "directline/attachment/";
    private static string AttachmentKey(string conversationId, string id) => $"{AttachmentPrefix}{conversationId}/{id}";

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

    // IStorage cannot list keys (and listing every upload on each pass would read them all), so each upload is also
    // noted under its UTC day; cleanup deletes whole days.
    private static string UploadDayKey(DateOnly day) => $"directline/uploads/{day:yyyy-MM-dd}";

    public async Task SaveAttachmentAsync(string conversationId, string attachmentId, StoredAttachment file, CancellationToken ct)
    {
        await storage.WriteAsync(new Dictionary<string, StoreItem>
        {
            [AttachmentKey(conversationId, attachmentId)] = new(JsonSerializer.Serialize(file), null),
        }, ct);
        await NoteUploadAsync(AttachmentKey(conversationId, attachmentId), file.UploadedAt, ct);
    }

    private async Task NoteUploadAsync(string attachmentKey, DateTimeOffset uploadedAt, CancellationToken ct)
    {
        var dayKey = UploadDayKey(DateOnly.FromDateTime(uploadedAt.UtcDateTime));
        while (true)
        {
            var items = await storage.ReadAsync(new[] { dayKey }, ct);
            var (list, etag) = items.TryGetValue(dayKey, out var item)
                ? (JsonSerializer.Deserialize<List<string>>(item.Json)!, item.ETag)
                : (new List<string>(), null);
            if (list.Contains(attachmentKey)) return;
            list.Add(attachmentKey);
            try
            {
                await storage.WriteAsync(new Dictionary<string, StoreItem> { [dayKey] = new(JsonSerializer.Serialize(list), etag) }, ct);
                return;
            }
            catch (StorageConflictException) { /* another upload the same day; read again */ }
        }
    }

    /// <summary>Deletes the files uploaded on the given UTC days (and their day notes); returns how many files.</summary>
    public async Task<int> DeleteUploadsOfDaysAsync(IReadOnlyCollection<DateOnly> days, CancellationToken ct)
    {
        var dayKeys = days.Select(UploadDayKey).ToList();
        var notes = await storage.ReadAsync(dayKeys, ct);
        var files = notes.Values.SelectMany(n => JsonSerializer.Deserialize<List<string>>(n.Json)!).Distinct().ToList();
        if (files.Count > 0) await storage.DeleteAsync(files, ct);
        if (notes.Count > 0) await storage.DeleteAsync(notes.Keys.ToList(), ct);
        return files.Count;
    }

    private const string BackfillMarkKey = "directline/uploads/backfilled";
    private const int BackfillPage = 100;

    /// <summary>
    /// Uploads stored before uploads were noted by day have no note, so the day-by-day cleanup never finds them. Once
    /// per store (when it can list keys): every stored upload is read, and one from <paramref name="lastDay"/> or
    /// before (by its own upload time) is deleted at once, a newer one noted under its day for the regular cleanup.
    /// Idempotent, so instances running it together or a pass cut short do no harm. Returns how many were deleted.
    /// </summary>
    public async Task<int> BackfillUnnotedUploadsAsync(DateOnly lastDay, CancellationToken ct)
    {
        if (storage is not IStorageKeyListing listing) return 0;
        if ((await storage.ReadAsync(new[] { BackfillMarkKey }, ct)).ContainsKey(BackfillMarkKey)) return 0;
        var deleted = 0;
        string? after = null;
        while (true)
        {
            var keys = await listing.ListKeysAsync(AttachmentPrefix, after, BackfillPage, ct);
            if (keys.Count == 0) break;
            after = keys[^1];
            // One file at a time: uploads are up to MaxUploadBytes each.
            foreach (var key in keys)
            {
                if (!(await storage.ReadAsync(new[] { key }, ct)).TryGetValue(key, out var item)) continue;
                var uploadedAt = JsonSerializer.Deserialize<StoredAttachment>(item.Json)!.UploadedAt;
                if (DateOnly.FromDateTime(uploadedAt.UtcDateTime) <= lastDay)
                {
                    await storage.DeleteAsync(new[] { key }, ct);
                    deleted++;
                }
                else await NoteUploadAsync(key, uploadedAt, ct);
            }
        }
        await storage.WriteAsync(new Dictionary<string, StoreItem> { [BackfillMarkKey] = new("true", StorageETags.Any) }, ct);
        return deleted;
    }

    private const string CleanupMarkKey = "directline/uploads/cleaned-through";

    /// <summary>The last UTC day whose uploads were deleted, if cleanup ever ran.</summary>
    public async Task<DateOnly?> CleanedThroughAsync(CancellationToken ct)
        => (await storage.ReadAsync(new[] { CleanupMarkKey }, ct)).TryGetValue(CleanupMarkKey, out var item)
            ? JsonSerializer.Deserialize<DateOnly>(item.Json)
            : null;

    public Task SetCleanedThroughAsync(DateOnly day, CancellationToken ct)
        => storage.WriteAsync(new Dictionary<string, StoreItem> { [CleanupMarkKey] = new(JsonSerializer.Serialize(day), "*") }, ct);

    /// <summary>The storage keys of everything kept for this conversation: its record and its uploaded files (for export and erasure).</summary>
    public async Task<IReadOnlyList<string>> KeysOfAsync(string conversationId, CancellationToken ct)
    {
        var keys = new List<string> { ConversationKey(conversationId) };
        if (storage is not IStorageKeyListing listing) return keys;
        string? after = null;
        while (await listing.ListKeysAsync($"{AttachmentPrefix}{conversationId}/", after, BackfillPage, ct) is { Count: > 0 } page)
        {
            keys.AddRange(page);
            after = page[^1];
        }
        return keys;
    }

    /// <summary>True for the key of an uploaded file.</summary>
    public static bool IsAttachmentKey(string key) => key.StartsWith(AttachmentPrefix, StringComparison.Ordinal);

    public async Task<StoredAttachment?> GetAttachmentAsync(string conversationId, string attachmentId, CancellationToken ct)
    {
        var key = AttachmentKey(conversationId, attachmentId);
        var items = await storage.ReadAsync(new[] { key }, ct);
        return items.TryGetValue(key, out var item) ? JsonSerializer.Deserialize<StoredAttachment>(item.Json) : null;
    }
}

/// <summary>An uploaded file (photos of damaged goods), stored with its conversation.</summary>
public sealed record StoredAttachment(string ContentType, string? Name, byte[] Data, DateTimeOffset UploadedAt);

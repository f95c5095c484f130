using System.Text.Json;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.State;

namespace ComplaintBot.Dialogs.Turns;

/// <summary>
/// Where the replies of a remembered delivery are kept (see <see cref="ExactlyOnceMiddleware"/>): an item of their own
/// beside the conversation state, one per slot of the <see cref="DeliveryLog"/>, written in the same storage write as
/// the state (<see cref="BotState.SaveWithAsync"/>), so the record and its replies are stored together or not at all.
/// Kept out of the state document because every turn reads and writes that document whole: with the replies inside,
/// each turn parsed and wrote again the replies of the last ten turns. A conversation has at most
/// <see cref="DeliveryOptions.MaxRemembered"/> slots; a new delivery reuses the slot of one that was forgotten.
/// </summary>
public static class DeliveryReplies
{
    private const string Prefix = "deliveries/";

    /// <summary>The key of slot <paramref name="slot"/> of the conversation state stored under <paramref name="stateKey"/>.
    /// Read from the end (the digits after the last '/'), so no other state key or slot maps to the same text.</summary>
    public static string Key(string stateKey, int slot)
        => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Prefix}{stateKey}/{slot}");

    /// <summary>The stored slots of a conversation (for export and erasure); empty when the storage cannot list keys.</summary>
    public static async Task<IReadOnlyList<string>> KeysOfAsync(IStorage storage, string stateKey, CancellationToken ct)
    {
        var keys = new List<string>();
        if (storage is not IStorageKeyListing listing) return keys;
        var prefix = $"{Prefix}{stateKey}/";
        string? after = null;
        while (await listing.ListKeysAsync(prefix, after, 100, ct) is { Count: > 0 } page)
        {
            // A conversation whose id continues this one's ("a/b" after "a") lists here too: its slots have a '/' left.
            keys.AddRange(page.Where(k => k.Length > prefix.Length && k.AsSpan(prefix.Length).IndexOfAnyExceptInRange('0', '9') < 0));
            after = page[^1];
        }
        return keys;
    }

    /// <summary>The slot's document: the delivery's key and its replies (each as <see cref="ActivityJson.Serialize(Activity)"/> writes it).</summary>
    internal static string Serialize(string deliveryKey, IReadOnlyList<Activity> replies)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("key", deliveryKey);
            writer.WriteStartArray("replies");
            foreach (var reply in replies) writer.WriteRawValue(ActivityJson.Serialize(reply), skipInputValidation: true); // our serializer's output
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The replies kept in the slot for <paramref name="deliveryKey"/>; null when the slot holds another delivery's.</summary>
    internal static async Task<IReadOnlyList<Activity>?> ReadAsync(IStorage storage, string stateKey, int slot, string deliveryKey, CancellationToken ct)
    {
        var key = Key(stateKey, slot);
        var items = await storage.ReadAsync([key], ct);
        if (!items.TryGetValue(key, out var item)) return null;
        var stored = JsonSerializer.Deserialize<Stored>(item.Json, StateJson.Options);
        return stored?.Key == deliveryKey ? stored.Replies : null;
    }

    private sealed record Stored(string Key, IReadOnlyList<Activity> Replies);
}

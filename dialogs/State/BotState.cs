using System.Text.Json;
using ComplaintBot.Dialogs.Turns;

namespace ComplaintBot.Dialogs.State;

/// <summary>
/// A JSON document in <see cref="IStorage"/> scoped to something in the turn (the conversation, the user), shaped
/// like Bot Builder's BotState. Loaded at most once per turn and cached in TurnState; typed properties are handed
/// out as live objects and serialized back on <see cref="SaveChangesAsync"/>. The save carries the ETag read at load,
/// so a writer that lost a race gets <see cref="StorageConflictException"/> instead of overwriting.
/// </summary>
public abstract class BotState
{
    private readonly string _cacheKey;

    protected BotState(IStorage storage, string cacheKey)
    {
        Storage = storage;
        _cacheKey = cacheKey;
    }

    public IStorage Storage { get; }

    /// <summary>The storage key of this state for the turn, e.g. <c>msteams/conversations/abc</c>.</summary>
    public abstract string GetStorageKey(ITurnContext turnContext);

    public IStatePropertyAccessor<T> CreateProperty<T>(string name) => new StatePropertyAccessor<T>(this, name);

    public async Task LoadAsync(ITurnContext turnContext, bool force = false, CancellationToken ct = default)
    {
        if (!force && turnContext.TurnState.ContainsKey(_cacheKey)) return;
        var key = GetStorageKey(turnContext);
        var items = await Storage.ReadAsync(new[] { key }, ct);
        turnContext.TurnState[_cacheKey] = items.TryGetValue(key, out var item)
            ? new CachedState(CachedState.Properties(item.Json), item.Json, item.ETag)
            : new CachedState(new(), null, null);
    }

    /// <summary>Writes the state if anything changed (or <paramref name="force"/>). Throws <see cref="StorageConflictException"/> on a lost race.</summary>
    public async Task SaveChangesAsync(ITurnContext turnContext, bool force = false, CancellationToken ct = default)
    {
        if (!turnContext.TurnState.TryGetValue(_cacheKey, out var o) || o is not CachedState cached) return;
        var json = cached.Serialize();
        if (!force && json == cached.StoredJson && cached.Beside.Count == 0) return;
        var key = GetStorageKey(turnContext);
        using var span = Runtime.BotTelemetry.StartSpan("store.commit");
        span?.SetTag("complaintbot.state", GetType().Name);
        var changes = new Dictionary<string, StoreItem>(StringComparer.Ordinal) { [key] = new(json, cached.ETag) };
        foreach (var (besideKey, besideJson) in cached.Beside) changes[besideKey] = new(besideJson, StorageETags.Any);
        var etags = await Storage.WriteAsync(changes, ct);
        cached.StoredJson = json;
        cached.ETag = etags[key];
        cached.Beside.Clear();
    }

    /// <summary>
    /// Stores <paramref name="json"/> under <paramref name="key"/> (unconditionally) in the same storage write as this
    /// state's next save, so both are stored or neither (e.g. a delivery's replies beside its record).
    /// </summary>
    public async Task SaveWithAsync(ITurnContext turnContext, string key, string json, CancellationToken ct = default)
    {
        var cached = await GetCachedAsync(turnContext, ct);
        cached.Beside[key] = json;
    }

    /// <summary>Empties the state for this turn; the next save overwrites the stored document (still ETag-checked).</summary>
    public void ClearState(ITurnContext turnContext)
    {
        if (turnContext.TurnState.TryGetValue(_cacheKey, out var o) && o is CachedState cached)
            turnContext.TurnState[_cacheKey] = new CachedState(new(), cached.StoredJson, cached.ETag);
        else
            turnContext.TurnState[_cacheKey] = new CachedState(new(), null, null);
    }

    /// <summary>Removes the stored document and the turn's cache.</summary>
    public async Task DeleteAsync(ITurnContext turnContext, CancellationToken ct = default)
    {
        turnContext.TurnState.Remove(_cacheKey);
        await Storage.DeleteAsync(new[] { GetStorageKey(turnContext) }, ct);
    }

    internal async Task<CachedState> GetCachedAsync(ITurnContext turnContext, CancellationToken ct)
    {
        await LoadAsync(turnContext, false, ct);
        return (CachedState)turnContext.TurnState[_cacheKey];
    }

    /// <summary>
    /// The turn's copy: the stored document's properties as parsed JSON elements (each is deserialized only when asked
    /// for, straight from the stored text) plus the typed objects handed out (serialized back on save).
    /// </summary>
    internal sealed class CachedState(List<KeyValuePair<string, JsonElement>> data, string? storedJson, string? etag)
    {
        /// <summary>The stored properties in stored order.</summary>
        public List<KeyValuePair<string, JsonElement>> Data { get; } = data;
        public Dictionary<string, object?> Live { get; } = new(StringComparer.Ordinal);
        public string? StoredJson { get; set; } = storedJson;
        public string? ETag { get; set; } = etag;
        /// <summary>Other items written with the next save (<see cref="SaveWithAsync"/>).</summary>
        public Dictionary<string, string> Beside { get; } = new(StringComparer.Ordinal);

        /// <summary>The top-level properties of a stored document; a document that is not an object has none.</summary>
        public static List<KeyValuePair<string, JsonElement>> Properties(string json)
        {
            var root = JsonDocument.Parse(json).RootElement; // not disposed: its elements are used for the rest of the turn
            var list = new List<KeyValuePair<string, JsonElement>>();
            if (root.ValueKind != JsonValueKind.Object) return list;
            foreach (var p in root.EnumerateObject())
            {
                // A repeated name keeps its last value, as a JSON object node did.
                var i = IndexOf(list, p.Name);
                if (i >= 0) list[i] = new(p.Name, p.Value);
                else list.Add(new(p.Name, p.Value));
            }
            return list;
        }

        public bool TryGetStored(string name, out JsonElement value)
        {
            var i = IndexOf(Data, name);
            value = i >= 0 ? Data[i].Value : default;
            return i >= 0;
        }

        public void RemoveStored(string name)
        {
            var i = IndexOf(Data, name);
            if (i >= 0) Data.RemoveAt(i);
        }

        private static int IndexOf(List<KeyValuePair<string, JsonElement>> list, string name)
        {
            for (var i = 0; i < list.Count; i++)
                if (string.Equals(list[i].Key, name, StringComparison.Ordinal)) return i;
            return -1;
        }

        /// <summary>The document as JSON text: typed values are written straight from the objects (no node copy).</summary>
        public string Serialize()
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                // Stored order first, new properties after: unchanged state serializes to the same text (no write).
                foreach (var (name, element) in Data)
                {
                    writer.WritePropertyName(name);
                    if (Live.TryGetValue(name, out var value)) WriteValue(writer, value);
                    else element.WriteTo(writer);
                }
                foreach (var (name, value) in Live)
                {
                    if (TryGetStored(name, out _)) continue;
                    writer.WritePropertyName(name);
                    WriteValue(writer, value);
                }
                writer.WriteEndObject();
            }
            return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        }

        private static void WriteValue(Utf8JsonWriter writer, object? value)
        {
            if (value is null) writer.WriteNullValue();
            else System.Text.Json.JsonSerializer.Serialize(writer, value, value.GetType(), StateJson.Options);
        }
    }
}

public interface IStatePropertyAccessor<T>
{
    string Name { get; }

    /// <summary>The property's value; when absent, <paramref name="defaultValueFactory"/>'s value is stored and returned.</summary>
    Task<T> GetAsync(ITurnContext turnContext, Func<T>? defaultValueFactory = null, CancellationToken ct = default);

    Task SetAsync(ITurnContext turnContext, T value, CancellationToken ct = default);

    Task DeleteAsync(ITurnContext turnContext, CancellationToken ct = default);
}

internal sealed class StatePropertyAccessor<T>(BotState state, string name) : IStatePropertyAccessor<T>
{
    public string Name { get; } = name;

    public async Task<T> GetAsync(ITurnContext turnContext, Func<T>? defaultValueFactory = null, CancellationToken ct = default)
    {
        var cached = await state.GetCachedAsync(turnContext, ct);
        if (cached.Live.TryGetValue(Name, out var live) && live is T typed) return typed;
        if (cached.TryGetStored(Name, out var element) && element.ValueKind != JsonValueKind.Null)
        {
            var value = element.Deserialize<T>(StateJson.Options)!;
            cached.Live[Name] = value;
            return value;
        }
        if (defaultValueFactory is null) return default!;
        var created = defaultValueFactory();
        cached.Live[Name] = created;
        return created;
    }

    public async Task SetAsync(ITurnContext turnContext, T value, CancellationToken ct = default)
    {
        var cached = await state.GetCachedAsync(turnContext, ct);
        cached.Live[Name] = value;
    }

    public async Task DeleteAsync(ITurnContext turnContext, CancellationToken ct = default)
    {
        var cached = await state.GetCachedAsync(turnContext, ct);
        cached.Live.Remove(Name);
        cached.RemoveStored(Name);
    }
}

/// <summary>State shared by everyone in one conversation (the dialog stack lives here).</summary>
public sealed class ConversationState(IStorage storage) : BotState(storage, nameof(ConversationState))
{
    public override string GetStorageKey(ITurnContext turnContext)
    {
        var a = turnContext.Activity;
        var channel = a.ChannelId ?? throw new InvalidOperationException("The activity has no channelId.");
        var conversation = a.Conversation?.Id ?? throw new InvalidOperationException("The activity has no conversation.id.");
        return $"{channel}/conversations/{conversation}";
    }
}

/// <summary>State of one user on one channel, across conversations (e.g. language, customer tier).</summary>
public sealed class UserState(IStorage storage) : BotState(storage, nameof(UserState))
{
    public override string GetStorageKey(ITurnContext turnContext)
    {
        var a = turnContext.Activity;
        var channel = a.ChannelId ?? throw new InvalidOperationException("The activity has no channelId.");
        var user = a.From?.Id ?? throw new InvalidOperationException("The activity has no from.id.");
        return $"{channel}/users/{user}";
    }
}

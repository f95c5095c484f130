using System.Buffers;
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
            ? CachedState.Load(item.Json, item.ETag)
            : new CachedState(null, new(), null, null);
    }

    /// <summary>Writes the state if anything changed (or <paramref name="force"/>). Throws <see cref="StorageConflictException"/> on a lost race.</summary>
    public async Task SaveChangesAsync(ITurnContext turnContext, bool force = false, CancellationToken ct = default)
    {
        if (!turnContext.TurnState.TryGetValue(_cacheKey, out var o) || o is not CachedState cached) return;
        // Written to a reused buffer and compared as bytes with the stored document: the text is made only to be written.
        string json;
        var buffer = CachedState.RentBuffer();
        try
        {
            cached.Serialize(buffer);
            if (!force && cached.Beside.Count == 0 && cached.StoredUtf8 is { } stored && buffer.WrittenSpan.SequenceEqual(stored)) return;
            json = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        finally
        {
            CachedState.ReturnBuffer(buffer);
        }
        var key = GetStorageKey(turnContext);
        using var span = Runtime.BotTelemetry.StartSpan("store.commit");
        span?.SetTag("complaintbot.state", GetType().Name);
        var changes = new Dictionary<string, StoreItem>(StringComparer.Ordinal) { [key] = new(json, cached.ETag) };
        foreach (var (besideKey, besideJson) in cached.Beside) changes[besideKey] = new(besideJson, StorageETags.Any);
        var etags = await Storage.WriteAsync(changes, ct);
        cached.Stored(json);
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
            turnContext.TurnState[_cacheKey] = cached.Emptied();
        else
            turnContext.TurnState[_cacheKey] = new CachedState(null, new(), null, null);
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
    /// The turn's copy: the stored document as UTF-8 with where each top-level property's value lies in it (each is
    /// deserialized only when asked for, straight from those bytes, and copied back verbatim when never asked for),
    /// plus the typed objects handed out (serialized back on save).
    /// </summary>
    internal sealed class CachedState(byte[]? storedUtf8, List<StoredProperty> data, string? storedJson, string? etag)
    {
        private byte[]? _storedUtf8 = storedUtf8;
        // The bytes the ranges in Data point into (the document as loaded), kept when a save replaces the stored text.
        private readonly byte[]? _loaded = storedUtf8;

        /// <summary>The stored properties in stored order (ranges of <see cref="StoredUtf8"/> as loaded).</summary>
        public List<StoredProperty> Data { get; } = data;
        public Dictionary<string, object?> Live { get; } = new(StringComparer.Ordinal);
        public string? StoredJson { get; private set; } = storedJson;
        public string? ETag { get; set; } = etag;
        /// <summary>Other items written with the next save (<see cref="SaveWithAsync"/>).</summary>
        public Dictionary<string, string> Beside { get; } = new(StringComparer.Ordinal);

        /// <summary>The stored document as UTF-8 (what the next save compares with); null when nothing is stored.</summary>
        public byte[]? StoredUtf8 => _storedUtf8 ??= StoredJson is null ? null : System.Text.Encoding.UTF8.GetBytes(StoredJson);

        /// <summary>
        /// The state of a stored document: its top-level properties (a repeated name keeps its last value, as a JSON
        /// object node did; a document that is not an object has none). Invalid JSON throws, as parsing it did.
        /// </summary>
        public static CachedState Load(string json, string? etag)
        {
            var utf8 = System.Text.Encoding.UTF8.GetBytes(json);
            var list = new List<StoredProperty>();
            var reader = new Utf8JsonReader(utf8);
            reader.Read();
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.GetString()!;
                    reader.Read();
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    var value = new StoredProperty(name, start, (int)reader.BytesConsumed - start);
                    var i = IndexOf(list, name);
                    if (i >= 0) list[i] = value;
                    else list.Add(value);
                }
            }
            else reader.Skip();
            while (reader.Read()) { } // the rest must be valid too (nothing but whitespace may follow)
            return new CachedState(utf8, list, json, etag);
        }

        /// <summary>This turn's state emptied: no properties, the same stored document and ETag.</summary>
        public CachedState Emptied() => new(_storedUtf8, new(), StoredJson, ETag);

        /// <summary>The document was written as <paramref name="json"/>; the loaded ranges stay valid for this turn.</summary>
        public void Stored(string json)
        {
            StoredJson = json;
            _storedUtf8 = null;
        }

        public bool TryGetStored(string name, out ReadOnlySpan<byte> value)
        {
            var i = IndexOf(Data, name);
            value = i >= 0 ? _loaded.AsSpan(Data[i].Start, Data[i].Length) : default;
            return i >= 0;
        }

        public void RemoveStored(string name)
        {
            var i = IndexOf(Data, name);
            if (i >= 0) Data.RemoveAt(i);
        }

        private static int IndexOf(List<StoredProperty> list, string name)
        {
            for (var i = 0; i < list.Count; i++)
                if (string.Equals(list[i].Name, name, StringComparison.Ordinal)) return i;
            return -1;
        }

        /// <summary>The document as UTF-8 JSON: typed values are written straight from the objects, the others as stored.</summary>
        public void Serialize(IBufferWriter<byte> buffer)
        {
            var writer = RentWriter(buffer);
            try
            {
                writer.WriteStartObject();
                // Stored order first, new properties after: unchanged state serializes to the same bytes (no write).
                foreach (var p in Data)
                {
                    writer.WritePropertyName(p.Name);
                    if (Live.TryGetValue(p.Name, out var value)) WriteValue(writer, value);
                    else writer.WriteRawValue(_loaded.AsSpan(p.Start, p.Length), skipInputValidation: true); // parsed at load
                }
                foreach (var (name, value) in Live)
                {
                    if (IndexOf(Data, name) >= 0) continue;
                    writer.WritePropertyName(name);
                    WriteValue(writer, value);
                }
                writer.WriteEndObject();
                writer.Flush();
            }
            finally
            {
                ReturnWriter(writer);
            }
        }

        private static void WriteValue(Utf8JsonWriter writer, object? value)
        {
            if (value is null) writer.WriteNullValue();
            else JsonSerializer.Serialize(writer, value, StateJson.Options.GetTypeInfo(value.GetType()));
        }

        // One buffer and writer per thread, reused by every save on it (the serialization does not await). A buffer
        // grown by an unusually large document is dropped rather than kept.
        [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
        [ThreadStatic] private static Utf8JsonWriter? t_writer;
        private const int KeptBufferBytes = 64 * 1024;

        public static ArrayBufferWriter<byte> RentBuffer()
        {
            var buffer = t_buffer ?? new ArrayBufferWriter<byte>(8 * 1024);
            t_buffer = null;
            return buffer;
        }

        public static void ReturnBuffer(ArrayBufferWriter<byte> buffer)
        {
            if (buffer.Capacity > KeptBufferBytes) return;
            buffer.ResetWrittenCount();
            t_buffer = buffer;
        }

        private static Utf8JsonWriter RentWriter(IBufferWriter<byte> buffer)
        {
            var writer = t_writer;
            t_writer = null;
            if (writer is null) return new Utf8JsonWriter(buffer);
            writer.Reset(buffer);
            return writer;
        }

        private static void ReturnWriter(Utf8JsonWriter writer)
        {
            writer.Reset(); // lets go of the buffer
            t_writer = writer;
        }
    }

    /// <summary>A top-level property of the stored document: its name and where its value lies in the UTF-8 text.</summary>
    internal readonly record struct StoredProperty(string Name, int Start, int Length);
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
        if (cached.TryGetStored(Name, out var stored) && !IsNull(stored))
        {
            var value = JsonSerializer.Deserialize(stored, StateJson.TypeInfo<T>())!;
            cached.Live[Name] = value;
            return value;
        }
        if (defaultValueFactory is null) return default!;
        var created = defaultValueFactory();
        cached.Live[Name] = created;
        return created;
    }

    private static bool IsNull(ReadOnlySpan<byte> json) => json.SequenceEqual("null"u8);

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

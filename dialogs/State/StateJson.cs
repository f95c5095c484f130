using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using ComplaintBot.Dialogs.Schema;

namespace ComplaintBot.Dialogs.State;

/// <summary>
/// The JSON options for everything persisted as state (bot state properties, dialog stacks, prompt options).
/// Same conventions as the wire (<see cref="ActivityJson.Options"/>) so an Activity stored inside a prompt's options
/// round-trips unchanged; the types read and written every turn get compile-time serializers
/// (<see cref="StateJsonContext"/>) ahead of reflection, which still serves any other type. Both write the same JSON
/// (<c>StateJsonTests</c>).
/// </summary>
public static class StateJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions(ActivityJson.Options)
        {
            TypeInfoResolver = JsonTypeInfoResolver.Combine(StateJsonContext.Default, new DefaultJsonTypeInfoResolver()),
        };
        o.MakeReadOnly();
        return o;
    }

    /// <summary>The serializer of <typeparamref name="T"/> under <see cref="Options"/> (cached by the options).</summary>
    public static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    /// <summary>Any value as a detached JSON node (a JsonNode argument is deep-cloned, not re-parented).</summary>
    public static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        JsonElement element => JsonNode.Parse(element.GetRawText()),
        _ => JsonSerializer.SerializeToNode(value, value.GetType(), Options),
    };

    public static T? FromNode<T>(JsonNode? node) => node is null ? default : node.Deserialize<T>(Options);
}

/// <summary>The state types every turn reads and writes (see <see cref="StateJson"/>); the options come from there.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(Runtime.DialogState))]
[JsonSerializable(typeof(Runtime.PromptOptions))]
[JsonSerializable(typeof(Turns.DeliveryLog))]
[JsonSerializable(typeof(Complaints.ComplaintSession))]
internal sealed partial class StateJsonContext : JsonSerializerContext;

/// <summary>Typed reads and writes on JSON objects used as dialog/step bags (e.g. <c>step.Values</c>).</summary>
public static class JsonObjectExtensions
{
    /// <summary>The value under <paramref name="key"/> converted to <typeparamref name="T"/>, or default when absent.</summary>
    public static T? Get<T>(this JsonObject bag, string key)
        => bag.TryGetPropertyValue(key, out var node) ? StateJson.FromNode<T>(node) : default;

    public static void Set<T>(this JsonObject bag, string key, T value) => bag[key] = StateJson.ToNode(value);
}

using System.Text.Json;
using System.Text.Json.Nodes;
using ComplaintBot.Dialogs.Schema;

namespace ComplaintBot.Dialogs.State;

/// <summary>
/// The JSON options for everything persisted as state (bot state properties, dialog stacks, prompt options).
/// Same conventions as the wire so an Activity stored inside a prompt's options round-trips unchanged.
/// </summary>
public static class StateJson
{
    public static readonly JsonSerializerOptions Options = ActivityJson.Options;

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

/// <summary>Typed reads and writes on JSON objects used as dialog/step bags (e.g. <c>step.Values</c>).</summary>
public static class JsonObjectExtensions
{
    /// <summary>The value under <paramref name="key"/> converted to <typeparamref name="T"/>, or default when absent.</summary>
    public static T? Get<T>(this JsonObject bag, string key)
        => bag.TryGetPropertyValue(key, out var node) ? StateJson.FromNode<T>(node) : default;

    public static void Set<T>(this JsonObject bag, string key, T value) => bag[key] = StateJson.ToNode(value);
}

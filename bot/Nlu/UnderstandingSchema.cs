using System.Text.Json;

namespace ComplaintBot.Bot.Nlu;

/// <summary>
/// The JSON schema of the model's answer (<c>Nlu/understanding.schema.json</c>, embedded): sent to the model as its
/// structured-output format, and checked again here, since an OpenAI-compatible server may ignore the format. The check
/// covers what the schema uses: type (one or a list, incl. null), enum, required, properties, additionalProperties
/// false and array items.
/// </summary>
public static class UnderstandingSchema
{
    public static string Text { get; } = Load();
    private static readonly JsonElement Root = JsonDocument.Parse(Text).RootElement.Clone();

    private static string Load()
    {
        using var stream = typeof(UnderstandingSchema).Assembly.GetManifestResourceStream("ComplaintBot.Bot.Nlu.understanding.schema.json")
            ?? throw new InvalidOperationException("understanding.schema.json is not embedded");
        return new StreamReader(stream).ReadToEnd();
    }

    /// <summary>The schema's allowed values of a string property (for tests that pin it to the C# enums).</summary>
    public static IReadOnlyList<string> EnumOf(string property)
    {
        var p = property == "currency"
            ? Root.GetProperty("properties").GetProperty("amounts").GetProperty("items").GetProperty("properties").GetProperty("currency")
            : Root.GetProperty("properties").GetProperty(property);
        if (p.TryGetProperty("items", out var items)) p = items;
        return p.GetProperty("enum").EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList();
    }

    /// <summary>Every way <paramref name="value"/> breaks the schema, as "path: problem"; empty when it conforms.</summary>
    public static IReadOnlyList<string> Validate(JsonElement value)
    {
        var errors = new List<string>();
        Check(Root, value, "$", errors);
        return errors;
    }

    private static void Check(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        if (schema.TryGetProperty("type", out var type))
        {
            var allowed = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList() : [type.GetString()!];
            if (!allowed.Contains(TypeName(value)))
            {
                errors.Add($"{path}: {TypeName(value)} where {string.Join(" or ", allowed)} is expected");
                return;
            }
        }
        if (schema.TryGetProperty("enum", out var options) && !options.EnumerateArray().Any(o => JsonElement.DeepEquals(o, value)))
            errors.Add($"{path}: {value.GetRawText()} is not one of {options.GetRawText()}");
        if (value.ValueKind == JsonValueKind.Object)
        {
            var properties = schema.TryGetProperty("properties", out var p) ? p : default;
            if (schema.TryGetProperty("required", out var required))
                foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
                    if (!value.TryGetProperty(name, out _)) errors.Add($"{path}.{name}: missing");
            foreach (var member in value.EnumerateObject())
            {
                if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(member.Name, out var sub))
                    Check(sub, member.Value, $"{path}.{member.Name}", errors);
                else if (schema.TryGetProperty("additionalProperties", out var extra) && extra.ValueKind == JsonValueKind.False)
                    errors.Add($"{path}.{member.Name}: not allowed");
            }
        }
        if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var i = 0;
            foreach (var item in value.EnumerateArray()) Check(items, item, $"{path}[{i++}]", errors);
        }
    }

    private static string TypeName(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace ComplaintBot.Dialogs.Cases;

/// <summary>
/// The one JSON shape of a case, shared by every ICaseStore (SQLite, memory, PostgreSQL): web defaults, nulls left out.
/// A case is written and read several times per turn, so its serializer is generated at compile time
/// (<see cref="CaseJsonContext"/>) instead of built by reflection.
/// </summary>
public static class CaseJson
{
    public static string Serialize(Case c) => JsonSerializer.Serialize(c, CaseJsonContext.Default.Case);
    /// <summary>The same JSON as UTF-8, for a store that writes bytes (no UTF-16 string to transcode back).</summary>
    public static byte[] SerializeToUtf8(Case c) => JsonSerializer.SerializeToUtf8Bytes(c, CaseJsonContext.Default.Case);
    public static Case Deserialize(string json) => JsonSerializer.Deserialize(json, CaseJsonContext.Default.Case)!;
    /// <summary>Callers get their own copy, so in-memory and SQLite stores behave alike.</summary>
    public static Case Copy(Case c) => Deserialize(Serialize(c));
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Case))]
internal sealed partial class CaseJsonContext : JsonSerializerContext;

using System.Text.Json;
using System.Text.Json.Serialization;

namespace ComplaintBot.Dialogs.Cases;

/// <summary>The one JSON shape of a case, shared by every ICaseStore (SQLite, memory, PostgreSQL).</summary>
public static class CaseJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize(Case c) => JsonSerializer.Serialize(c, Options);
    public static Case Deserialize(string json) => JsonSerializer.Deserialize<Case>(json, Options)!;
    /// <summary>Callers get their own copy, so in-memory and SQLite stores behave alike.</summary>
    public static Case Copy(Case c) => Deserialize(Serialize(c));
}

namespace ComplaintBot.Bench;

/// <summary>One server's rows of the comparison: a result per language, or why it was not run.</summary>
public sealed record ServerFigures(string Name, IReadOnlyDictionary<string, LoadResult> ByLanguage, string? NotRun = null)
{
    public static ServerFigures Skipped(string name, string reason) => new(name, new Dictionary<string, LoadResult>(), reason);

    public LoadResult? For(string language) => ByLanguage.TryGetValue(language, out var r) ? r : null;
}

namespace ComplaintBot.Bench;

/// <summary>One store's runs in <see cref="StoreSizeRun"/>: results per language and the bot's memory right after start and after the load.</summary>
public sealed record StoreFigures(string Label, IReadOnlyDictionary<string, LoadResult> ByLanguage, ProcessMemory? Idle, ProcessMemory? End);

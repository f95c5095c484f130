namespace ComplaintBot.Bot.Nlu;

/// <summary>Bound from the `Nlu` section: who reads the customers' messages.</summary>
public sealed class NluOptions
{
    public const string Section = "Nlu";
    public const string Rules = "rules";
    public const string Llm = "llm";

    /// <summary>
    /// <c>rules</c> (default: keyword rules, deterministic, offline) | <c>llm</c> (the `Llm` section's model through
    /// Semantic Kernel, with the rules standing in for any turn the model cannot answer).
    /// </summary>
    public string Provider { get; set; } = Rules;
}

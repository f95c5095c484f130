namespace ComplaintBot.Bot.Sentiment;

/// <summary>Bound from the `Sentiment` section of appsettings.json.</summary>
public sealed class SentimentOptions
{
    public const string Section = "Sentiment";

    /// <summary>model (default: the learned model stacked on the lexicon, offline) | lexicon | azure | llm.</summary>
    public string Provider { get; set; } = "model";
    /// <summary>
    /// Model file written by `train-sentiment` from the shop's own chats; empty = the embedded default trained on public
    /// data. A configured file that is missing gives the lexicon, with a warning.
    /// </summary>
    public string ModelPath { get; set; } = "";
    /// <summary>Anything slower than this falls back to the lexicon for the turn.</summary>
    public int TimeoutMs { get; set; } = 3000;
    /// <summary>Retries of a failed remote call inside the timeout.</summary>
    public int Retries { get; set; } = 1;
    public AzureLanguageOptions Azure { get; set; } = new();
    /// <summary>
    /// The keys before the shared <c>Llm</c> section existed; still read when <c>Llm:Endpoint</c> is empty
    /// (<see cref="Llm.LlmSetup"/>). New settings belong in <c>Llm</c>.
    /// </summary>
    public Llm.LlmOptions Llm { get; set; } = new();
    /// <summary>Optional LLM rewrite of template replies; off by default (templates stay deterministic).</summary>
    public bool PhraseReplies { get; set; }
}

public sealed class AzureLanguageOptions
{
    /// <summary>https://NAME.cognitiveservices.azure.com</summary>
    public string Endpoint { get; set; } = "";
    /// <summary>Ocp-Apim-Subscription-Key; when empty an Entra token (DefaultAzureCredential) is used.</summary>
    public string Key { get; set; } = "";
    public string ApiVersion { get; set; } = "2023-04-01";
    public bool OpinionMining { get; set; } = true;
    /// <summary>Service-side model version ("latest" by default).</summary>
    public string ModelVersion { get; set; } = "latest";
}

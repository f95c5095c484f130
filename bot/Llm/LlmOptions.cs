namespace ComplaintBot.Bot.Llm;

/// <summary>
/// Bound from the `Llm` section: the one language model every model use shares (understanding when
/// <c>Nlu:Provider</c> is llm, sentiment when <c>Sentiment:Provider</c> is llm, reply phrasing when
/// <c>Sentiment:PhraseReplies</c> is true). Empty <see cref="Endpoint"/> = no model, nothing is called.
/// </summary>
public sealed class LlmOptions
{
    public const string Section = "Llm";
    public const string OpenAI = "openai";
    public const string AzureOpenAI = "azure-openai";

    /// <summary><c>openai</c> (OpenAI or any OpenAI-compatible server) | <c>azure-openai</c>.</summary>
    public string Provider { get; set; } = OpenAI;
    /// <summary>
    /// openai: the base address, e.g. https://api.openai.com/v1 or http://127.0.0.1:8000/v1 for a local server;
    /// azure-openai: the resource, https://NAME.openai.azure.com.
    /// </summary>
    public string Endpoint { get; set; } = "";
    /// <summary>The model (openai) or the deployment name (azure-openai).</summary>
    public string Model { get; set; } = "gpt-4o-mini";
    /// <summary>API key; for azure-openai an empty key signs in with Entra ID (DefaultAzureCredential).</summary>
    public string Key { get; set; } = "";
    /// <summary>One model use (with its retries and tool calls) slower than this falls back for the turn.</summary>
    public int TimeoutMs { get; set; } = 8000;
    /// <summary>Retries of a call answered 429, 5xx or not at all, inside <see cref="TimeoutMs"/>.</summary>
    public int Retries { get; set; } = 2;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Endpoint);
}

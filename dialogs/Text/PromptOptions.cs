namespace ComplaintBot.Dialogs.Text;

/// <summary>appsettings <c>Prompts</c>: where the templates are and the locale used when nothing matches.</summary>
public sealed class PromptOptions
{
    public const string Section = "Prompts";
    /// <summary>Relative to the content root (or the binary's folder, where the build copies prompts/).</summary>
    public string Path { get; set; } = "prompts";
    public string DefaultLocale { get; set; } = "zh-CN";
}

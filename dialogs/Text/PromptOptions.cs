namespace ComplaintBot.Dialogs.Text;

/// <summary>appsettings <c>Prompts</c>: where the templates are and the locale used when nothing matches.</summary>
public sealed class PromptOptions
{
    public const string Section = "Prompts";
    /// <summary>Relative to the content root (or the binary's folder, where the build copies prompts/).</summary>
    public string Path { get; set; } = "prompts";
    public string DefaultLocale { get; set; } = "zh-CN";
    /// <summary>The shop's one currency (ISO 4217): every amount the bot writes (<c>{{money amount}}</c>), the storefront's
    /// prices and the agent console's amounts. Written per the reader's language by <see cref="MoneyFormat"/>.</summary>
    public string Currency { get; set; } = "CNY";
}

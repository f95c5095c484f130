namespace ComplaintBot.Dialogs.Text;

/// <summary>
/// One message template in Semantic Kernel's prompt YAML format. A family file
/// (<c>prompts/{locale}/{family}.yaml</c>) is a YAML stream with one such document per named template.
/// </summary>
public sealed class PromptTemplate
{
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public string TemplateFormat { get; set; } = "handlebars";
    public string Template { get; set; } = "";
    public List<PromptInputVariable> InputVariables { get; set; } = new();
    /// <summary>Only in <c>faq.yaml</c>: phrases of a customer's question that this answer is for (not part of SK's format).</summary>
    public List<string> Match { get; set; } = new();

    /// <summary>Set by the loader: which file and locale the template came from.</summary>
    public string Family { get; set; } = "";
    public string Locale { get; set; } = "";
    public string SourceFile { get; set; } = "";
    public string Key => $"{Family}.{Name}";
}

public sealed class PromptInputVariable
{
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public bool IsRequired { get; set; }
    public object? Default { get; set; }
}

public sealed class PromptNotFoundException(string message) : Exception(message);

public sealed class PromptRenderException(string message, Exception? inner = null) : Exception(message, inner);

using ComplaintBot.Dialogs.Handoff;
using ComplaintBot.Dialogs.Text;

namespace ComplaintBot.Bot.Agents;

/// <summary>Hand-off messages from prompts/ through the one prompt renderer.</summary>
public sealed class PromptHandoffTexts(PromptLibrary prompts) : IHandoffTexts
{
    public string Render(string template, string locale, IReadOnlyDictionary<string, object?> variables)
        => prompts.Render(locale, template, variables.ToDictionary(kv => kv.Key, kv => kv.Value));
}

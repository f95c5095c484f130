using System.Text.Json.Nodes;
using ComplaintBot.Dialogs.Turns;

namespace ComplaintBot.Dialogs.Runtime;

/// <summary>Any non-blank text.</summary>
public sealed class TextPrompt(string id, PromptValidator<string>? validator = null) : Prompt<string>(id, validator)
{
    protected override Task<PromptRecognizerResult<string>> OnRecognizeAsync(ITurnContext turnContext, JsonObject state, PromptOptions options, CancellationToken ct)
    {
        var text = turnContext.Activity.Text;
        return Task.FromResult(string.IsNullOrWhiteSpace(text)
            ? PromptRecognizerResult<string>.Failure
            : PromptRecognizerResult<string>.Success(text.Trim()));
    }
}

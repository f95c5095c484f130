using System.Text.Json.Nodes;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.Turns;

namespace ComplaintBot.Dialogs.Runtime;

/// <summary>
/// Yes or no (result: bool). Understands zh/en answers (<see cref="ConfirmRecognizer"/>). The caller may pass two
/// <see cref="PromptOptions.Choices"/> — the yes and the no button, in the caller's language — which are shown as
/// suggested actions and recognized too.
/// </summary>
public sealed class ConfirmPrompt(string id, PromptValidator<bool>? validator = null) : Prompt<bool>(id, validator)
{
    protected override Activity Decorate(Activity activity, PromptOptions options)
    {
        if (options.Choices is { Count: >= 2 } choices && activity.SuggestedActions is null)
            activity.SuggestedActions = new SuggestedActions { Actions = choices.Take(2).Select(ChoicePrompt.ToAction).ToList() };
        return base.Decorate(activity, options);
    }

    protected override Task<PromptRecognizerResult<bool>> OnRecognizeAsync(ITurnContext turnContext, JsonObject state, PromptOptions options, CancellationToken ct)
    {
        var text = turnContext.Activity.Text;
        bool? answer = null;
        if (options.Choices is { Count: >= 2 } choices)
        {
            var normalized = TextNormalizer.Normalize(text);
            if (IsExactly(normalized, choices[0])) answer = true;
            else if (IsExactly(normalized, choices[1])) answer = false;
        }
        answer ??= ConfirmRecognizer.Recognize(text);
        return Task.FromResult(answer is { } yes ? PromptRecognizerResult<bool>.Success(yes) : PromptRecognizerResult<bool>.Failure);
    }

    private static bool IsExactly(string normalized, Choice choice)
        => TextNormalizer.Normalize(choice.Value) == normalized
           || (choice.Action?.Title is { } t && TextNormalizer.Normalize(t) == normalized)
           || (choice.Synonyms?.Any(s => TextNormalizer.Normalize(s) == normalized) ?? false);
}

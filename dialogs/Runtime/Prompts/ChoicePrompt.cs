using System.Text.Json.Nodes;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.Turns;

namespace ComplaintBot.Dialogs.Runtime;

/// <summary>
/// One of <see cref="PromptOptions.Choices"/>, offered as suggested-action (imBack) buttons; typed answers are
/// matched by <see cref="ChoiceRecognizer"/>. The result is a <see cref="FoundChoice"/>.
/// </summary>
public sealed class ChoicePrompt(string id, PromptValidator<FoundChoice>? validator = null) : Prompt<FoundChoice>(id, validator)
{
    protected override Activity Decorate(Activity activity, PromptOptions options)
    {
        if (options.Choices is { Count: > 0 } choices && activity.SuggestedActions is null)
            activity.SuggestedActions = new SuggestedActions { Actions = choices.Select(ToAction).ToList() };
        return base.Decorate(activity, options);
    }

    protected override Task<PromptRecognizerResult<FoundChoice>> OnRecognizeAsync(ITurnContext turnContext, JsonObject state, PromptOptions options, CancellationToken ct)
    {
        var found = ChoiceRecognizer.Recognize(turnContext.Activity.Text, options.Choices ?? new List<Choice>());
        return Task.FromResult(found is null ? PromptRecognizerResult<FoundChoice>.Failure : PromptRecognizerResult<FoundChoice>.Success(found));
    }

    internal static CardAction ToAction(Choice c)
        => c.Action ?? CardAction.ImBack(c.Value);
}

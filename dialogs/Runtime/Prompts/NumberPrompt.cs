using System.Numerics;
using System.Text.Json.Nodes;
using ComplaintBot.Dialogs.Turns;

namespace ComplaintBot.Dialogs.Runtime;

/// <summary>A number, in digits or in Chinese/English words (see <see cref="NumberRecognizer"/>), as <typeparamref name="T"/>.</summary>
public sealed class NumberPrompt<T>(string id, PromptValidator<T>? validator = null) : Prompt<T>(id, validator)
    where T : INumber<T>
{
    protected override Task<PromptRecognizerResult<T>> OnRecognizeAsync(ITurnContext turnContext, JsonObject state, PromptOptions options, CancellationToken ct)
    {
        if (!NumberRecognizer.TryRecognize(turnContext.Activity.Text, out var value))
            return Task.FromResult(PromptRecognizerResult<T>.Failure);
        try
        {
            // An integer prompt given "2.5" fails rather than silently rounding.
            if (!T.IsInteger(T.CreateTruncating(0.5m)) || decimal.IsInteger(value))
                return Task.FromResult(PromptRecognizerResult<T>.Success(T.CreateChecked(value)));
        }
        catch (OverflowException) { }
        return Task.FromResult(PromptRecognizerResult<T>.Failure);
    }
}

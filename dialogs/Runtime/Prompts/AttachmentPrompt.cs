using System.Text.Json.Nodes;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.Turns;

namespace ComplaintBot.Dialogs.Runtime;

/// <summary>One or more attachments (photos of the damage, receipts). The result is the list of attachments.</summary>
public sealed class AttachmentPrompt(string id, PromptValidator<IReadOnlyList<Attachment>>? validator = null)
    : Prompt<IReadOnlyList<Attachment>>(id, validator)
{
    protected override Task<PromptRecognizerResult<IReadOnlyList<Attachment>>> OnRecognizeAsync(ITurnContext turnContext, JsonObject state, PromptOptions options, CancellationToken ct)
    {
        var attachments = turnContext.Activity.Attachments;
        return Task.FromResult(attachments is { Count: > 0 }
            ? PromptRecognizerResult<IReadOnlyList<Attachment>>.Success(attachments.ToList())
            : PromptRecognizerResult<IReadOnlyList<Attachment>>.Failure);
    }
}

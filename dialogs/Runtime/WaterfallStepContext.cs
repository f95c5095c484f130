using System.Text.Json.Nodes;
using ComplaintBot.Dialogs.State;

namespace ComplaintBot.Dialogs.Runtime;

/// <summary>
/// What a waterfall step sees. It is a <see cref="DialogContext"/> over the same stack, so a step calls
/// <c>step.PromptAsync(...)</c>, <c>step.BeginDialogAsync(...)</c>, <c>step.EndDialogAsync(...)</c> directly.
/// </summary>
public sealed class WaterfallStepContext : DialogContext
{
    private readonly WaterfallDialog _waterfall;
    private bool _nextCalled;

    internal WaterfallStepContext(WaterfallDialog waterfall, DialogContext dc, JsonNode? options, JsonObject values, int index, DialogReason reason, object? result)
        : base(dc)
    {
        _waterfall = waterfall;
        Options = options;
        Values = values;
        Index = index;
        Reason = reason;
        Result = result;
    }

    /// <summary>Position of this step (0-based).</summary>
    public int Index { get; }

    /// <summary>Why this step runs (begun, continued by a message, resumed by a child's end, or NextAsync).</summary>
    public DialogReason Reason { get; }

    /// <summary>The result of the previous step: a prompt's recognized value, a child dialog's result, or the user's text.</summary>
    public object? Result { get; }

    /// <summary>The options the waterfall was begun with, as JSON (see <see cref="GetOptions{T}"/>).</summary>
    public JsonNode? Options { get; }

    /// <summary>
    /// Values kept across the steps of this waterfall run. Persisted with the stack, so store JSON-friendly data:
    /// <c>step.Values["order"] = "123"</c> or <c>step.Values.Set("complaint", obj)</c>; read with <c>step.Values.Get&lt;T&gt;("x")</c>.
    /// </summary>
    public JsonObject Values { get; }

    /// <summary>True when the previous step's prompt reached its maximum attempts without a valid answer.</summary>
    public bool PromptGaveUp => Result is PromptGaveUpResult;

    public T? GetOptions<T>() => StateJson.FromNode<T>(Options);

    /// <summary>The previous step's result as <typeparamref name="T"/> (default when it is something else).</summary>
    public T? ResultAs<T>() => Result is T typed ? typed : default;

    /// <summary>Skips to the next step now, handing it <paramref name="result"/>.</summary>
    public Task<DialogTurnResult> NextAsync(object? result = null, CancellationToken ct = default)
    {
        if (_nextCalled) throw new InvalidOperationException($"NextAsync was already called in step {Index} of '{_waterfall.Id}'.");
        _nextCalled = true;
        return _waterfall.RunStepAsync(this, Index + 1, DialogReason.NextCalled, result, ct);
    }
}

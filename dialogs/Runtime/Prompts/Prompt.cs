using System.Text.Json;
using System.Text.Json.Nodes;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Dialogs.Turns;

namespace ComplaintBot.Dialogs.Runtime;

/// <summary>
/// What a prompt asks and how (Bot Builder's PromptOptions). All texts come from the caller — the runtime has no
/// customer-facing strings. Persisted with the stack, so keep it JSON-serializable.
/// </summary>
public sealed class PromptOptions
{
    /// <summary>Sent when the prompt starts and on reprompt.</summary>
    public Activity? Prompt { get; set; }

    /// <summary>Sent after an answer that was not recognized or not valid; <see cref="Prompt"/> is repeated when null.</summary>
    public Activity? RetryPrompt { get; set; }

    /// <summary>Choices for <see cref="ChoicePrompt"/>; for <see cref="ConfirmPrompt"/> the yes and no buttons (in that order).</summary>
    public List<Choice>? Choices { get; set; }

    /// <summary>Free data for the validator (e.g. a range), as JSON.</summary>
    public JsonNode? Validations { get; set; }

    /// <summary>
    /// How many answers the prompt accepts before giving up; when reached without a valid answer the prompt ends
    /// with a <see cref="PromptGaveUpResult"/> (the step sees <c>step.PromptGaveUp</c>). Null = ask forever.
    /// </summary>
    public int? MaxAttempts { get; set; }

    public static PromptOptions Ask(Activity prompt, Activity? retryPrompt = null, int? maxAttempts = null)
        => new() { Prompt = prompt, RetryPrompt = retryPrompt, MaxAttempts = maxAttempts };

    /// <summary>A deep copy, field by field, with what a JSON round trip would give (see <see cref="Activity.Clone"/>).</summary>
    public PromptOptions Clone() => new()
    {
        Prompt = Prompt?.Clone(),
        RetryPrompt = RetryPrompt?.Clone(),
        Choices = Choices?.ConvertAll(c => c?.Clone()!),
        Validations = Schema.ActivityJson.CloneNode(Validations),
        MaxAttempts = MaxAttempts,
    };
}

/// <summary>The result of a prompt that ran out of attempts: the waterfall continues and decides what to do.</summary>
public sealed record PromptGaveUpResult(string PromptId, int Attempts, string? LastText);

public sealed class PromptRecognizerResult<T>
{
    public bool Succeeded { get; init; }
    public T? Value { get; init; }

    public static PromptRecognizerResult<T> Success(T value) => new() { Succeeded = true, Value = value };
    public static readonly PromptRecognizerResult<T> Failure = new();
}

/// <summary>Handed to a prompt's validator after each answer.</summary>
public sealed class PromptValidatorContext<T>
{
    internal PromptValidatorContext(ITurnContext context, PromptRecognizerResult<T> recognized, PromptOptions options, JsonObject state, int attemptCount)
    {
        Context = context;
        Recognized = recognized;
        Options = options;
        State = state;
        AttemptCount = attemptCount;
    }

    public ITurnContext Context { get; }
    public PromptRecognizerResult<T> Recognized { get; }
    public PromptOptions Options { get; }

    /// <summary>Validator scratch space, kept for the life of the prompt.</summary>
    public JsonObject State { get; }

    /// <summary>Answers received so far, including this one (1 on the first answer).</summary>
    public int AttemptCount { get; }
}

/// <summary>Returns true to accept the recognized value. May send its own retry text (then the RetryPrompt is not sent).</summary>
public delegate Task<bool> PromptValidator<T>(PromptValidatorContext<T> prompt, CancellationToken ct);

/// <summary>
/// Base of all prompts (Bot Builder's Prompt&lt;T&gt;): sends the prompt, recognizes each answer, runs the validator,
/// retries, and gives up after <see cref="PromptOptions.MaxAttempts"/>.
/// </summary>
public abstract class Prompt<T>(string id, PromptValidator<T>? validator = null) : Dialog(id)
{
    private const string OptionsKey = "options";
    private const string AttemptsKey = "attemptCount";
    private const string ValidatorStateKey = "state";

    public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options = null, CancellationToken ct = default)
    {
        var promptOptions = options switch
        {
            PromptOptions o => o,
            null => new PromptOptions(),
            _ => StateJson.FromNode<PromptOptions>(StateJson.ToNode(options)) ?? new PromptOptions(),
        };
        var instance = dc.ActiveDialog!;
        var state = instance.State;
        // The stack keeps its own copy as JSON would: the caller's options stay the caller's.
        instance.PromptOptions = JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(promptOptions, StateJson.TypeInfo<PromptOptions>()), StateJson.TypeInfo<PromptOptions>());
        state[AttemptsKey] = 0;
        state[ValidatorStateKey] = new JsonObject();
        // Prompt from a copy of the stored options: decorating it (buttons, input hint) must touch neither.
        await OnPromptAsync(dc.Context, state, ReadOptions(instance), isRetry: false, ct);
        return EndOfTurn;
    }

    public override async Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken ct = default)
    {
        // Only messages answer a prompt; events and other activities leave it waiting.
        if (dc.Context.Activity.Type != ActivityTypes.Message) return EndOfTurn;

        var state = dc.ActiveDialog!.State;
        var options = ReadOptions(dc.ActiveDialog!);
        var attempts = (state[AttemptsKey]?.GetValue<int>() ?? 0) + 1;
        state[AttemptsKey] = attempts;
        if (state[ValidatorStateKey] is not JsonObject validatorState) state[ValidatorStateKey] = validatorState = new JsonObject();

        var respondedBefore = dc.Context.Responded;
        var recognized = await OnRecognizeAsync(dc.Context, state, options, ct);
        var valid = recognized.Succeeded;
        if (validator is not null)
            valid = await validator(new PromptValidatorContext<T>(dc.Context, recognized, options, validatorState, attempts), ct);

        if (valid) return await dc.EndDialogAsync(recognized.Value, ct);

        if (options.MaxAttempts is { } max && attempts >= max)
            return await dc.EndDialogAsync(new PromptGaveUpResult(Id, attempts, dc.Context.Activity.Text), ct);

        // A validator that already explained the problem has answered this turn; don't pile a retry on top.
        // (Something sent earlier in the turn, e.g. an empathy line before the dialog, doesn't count.)
        var validatorResponded = !respondedBefore && dc.Context.Responded;
        if (!validatorResponded) await OnPromptAsync(dc.Context, state, options, isRetry: true, ct);
        return EndOfTurn;
    }

    /// <summary>A dialog this prompt started ended: ask again.</summary>
    public override async Task<DialogTurnResult> ResumeDialogAsync(DialogContext dc, DialogReason reason, object? result = null, CancellationToken ct = default)
    {
        await RepromptDialogAsync(dc.Context, dc.ActiveDialog!, ct);
        return EndOfTurn;
    }

    public override Task RepromptDialogAsync(ITurnContext turnContext, DialogInstance instance, CancellationToken ct = default)
        => OnPromptAsync(turnContext, instance.State, ReadOptions(instance), isRetry: false, ct);

    /// <summary>
    /// Sends the prompt (or retry prompt). <paramref name="options"/> is always a fresh copy read from the dialog
    /// state, so it may be changed freely. Subclasses decorate it, e.g. with suggested actions.
    /// </summary>
    protected virtual async Task OnPromptAsync(ITurnContext turnContext, JsonObject state, PromptOptions options, bool isRetry, CancellationToken ct)
    {
        var activity = isRetry && options.RetryPrompt is not null ? options.RetryPrompt : options.Prompt;
        if (activity is null) return;
        await turnContext.SendActivityAsync(Decorate(activity, options), ct);
    }

    /// <summary>Last change to an outgoing prompt activity (the choice prompt adds its buttons here).</summary>
    protected virtual Activity Decorate(Activity activity, PromptOptions options)
    {
        activity.InputHint ??= InputHints.ExpectingInput;
        return activity;
    }

    protected abstract Task<PromptRecognizerResult<T>> OnRecognizeAsync(ITurnContext turnContext, JsonObject state, PromptOptions options, CancellationToken ct);

    /// <summary>A fresh copy of the entry's options (moved from <c>state.options</c> where a stack stored before kept them).</summary>
    private static PromptOptions ReadOptions(DialogInstance instance)
    {
        if (instance.PromptOptions is null && instance.State.TryGetPropertyValue(OptionsKey, out var old))
        {
            instance.PromptOptions = StateJson.FromNode<PromptOptions>(old) ?? new PromptOptions();
            instance.State.Remove(OptionsKey);
        }
        return instance.PromptOptions?.Clone() ?? new PromptOptions();
    }
}

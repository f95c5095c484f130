using System.Text.Json.Nodes;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.State;

namespace ComplaintBot.Dialogs.Runtime;

/// <summary>One step of a waterfall: do something, then begin a child/prompt, move on, or end.</summary>
public delegate Task<DialogTurnResult> WaterfallStep(WaterfallStepContext step, CancellationToken ct);

/// <summary>
/// A fixed sequence of steps (Bot Builder's WaterfallDialog). Each step usually ends by starting a prompt; the
/// prompt's result arrives as <see cref="WaterfallStepContext.Result"/> of the next step. The current step index,
/// the options and the step values are kept in the dialog's state, so a restart resumes at the same step.
/// </summary>
public class WaterfallDialog : Dialog
{
    private const string OptionsKey = "options";
    private const string ValuesKey = "values";
    private const string StepIndexKey = "stepIndex";

    private readonly List<WaterfallStep> _steps = new();

    public WaterfallDialog(string id, IEnumerable<WaterfallStep>? steps = null) : base(id)
    {
        if (steps is not null) _steps.AddRange(steps);
    }

    public int StepCount => _steps.Count;

    public WaterfallDialog AddStep(WaterfallStep step)
    {
        _steps.Add(step);
        return this;
    }

    public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options = null, CancellationToken ct = default)
    {
        var state = dc.ActiveDialog!.State;
        state[OptionsKey] = StateJson.ToNode(options);
        state[ValuesKey] = new JsonObject();
        state[StepIndexKey] = -1;
        return await RunStepAsync(dc, 0, DialogReason.BeginCalled, null, ct);
    }

    /// <summary>A message without a prompt on top (a step returned EndOfTurn itself): the text is the next step's result.</summary>
    public override async Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken ct = default)
    {
        if (dc.Context.Activity.Type != ActivityTypes.Message) return EndOfTurn;
        return await ResumeDialogAsync(dc, DialogReason.ContinueCalled, dc.Context.Activity.Text, ct);
    }

    public override Task<DialogTurnResult> ResumeDialogAsync(DialogContext dc, DialogReason reason, object? result = null, CancellationToken ct = default)
    {
        var index = dc.ActiveDialog!.State[StepIndexKey]?.GetValue<int>() ?? -1;
        return RunStepAsync(dc, index + 1, reason, result, ct);
    }

    /// <summary>
    /// Runs the active waterfall's current step again (its prompt already ended), e.g. to ask its question again in
    /// another language. Only for a step that asks from state alone, not from the message it was resumed with.
    /// </summary>
    public Task<DialogTurnResult> RepeatStepAsync(DialogContext dc, CancellationToken ct = default)
        => RunStepAsync(dc, dc.ActiveDialog!.State[StepIndexKey]?.GetValue<int>() ?? 0, DialogReason.ReplaceCalled, null, ct);

    internal async Task<DialogTurnResult> RunStepAsync(DialogContext dc, int index, DialogReason reason, object? result, CancellationToken ct)
    {
        if (index >= _steps.Count) return await dc.EndDialogAsync(result, ct);
        var state = dc.ActiveDialog!.State;
        state[StepIndexKey] = index;
        if (state[ValuesKey] is not JsonObject values) state[ValuesKey] = values = new JsonObject();
        var step = new WaterfallStepContext(this, dc, state[OptionsKey], values, index, reason, result);
        using var span = BotTelemetry.StartSpan("dialog.step");
        span?.SetTag("complaintbot.dialog", Id);
        span?.SetTag("complaintbot.step", _steps[index].Method.Name);
        return await _steps[index](step, ct);
    }
}

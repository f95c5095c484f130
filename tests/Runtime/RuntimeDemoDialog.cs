using ComplaintBot.Dialogs.Runtime;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.State;

namespace ComplaintBot.Tests.Runtime;

/// <summary>
/// The minimal waterfall that proves the runtime before the complaint flow: greet and ask what happened, ask for
/// the order number (validated, limited attempts), restate and confirm, then close. Test-only texts.
/// </summary>
public sealed class RuntimeDemoDialog : ComponentDialog
{
    public const string Greeting = "Hello, sorry to hear something went wrong. What happened?";
    public const string AskOrder = "Which order is it?";
    public const string RetryOrder = "An order number has 6 digits. Which order is it?";
    public const string Closing = "Thank you, we are on it.";
    public const string NoOrder = "No problem, we will find the order for you.";
    public const string Correction = "Sorry, please tell me again what happened.";

    public static string Restatement(string problem, string order) => $"So order {order}: \"{problem}\". Is that right?";

    public RuntimeDemoDialog() : base(nameof(RuntimeDemoDialog))
    {
        AddDialog(new WaterfallDialog("demo", new WaterfallStep[] { AskProblem, AskOrderNumber, Restate, Close }));
        AddDialog(new TextPrompt("text"));
        AddDialog(new TextPrompt("order", async (p, ct) =>
            p.Recognized.Succeeded && p.Recognized.Value!.Length == 6 && p.Recognized.Value.All(char.IsDigit)));
        AddDialog(new ConfirmPrompt("confirm"));
        InitialDialogId = "demo";
    }

    private static Task<DialogTurnResult> AskProblem(WaterfallStepContext step, CancellationToken ct)
        => step.PromptAsync("text", PromptOptions.Ask(Activity.CreateMessage(Greeting)), ct);

    private static Task<DialogTurnResult> AskOrderNumber(WaterfallStepContext step, CancellationToken ct)
    {
        step.Values["problem"] = (string)step.Result!;
        return step.PromptAsync("order", PromptOptions.Ask(Activity.CreateMessage(AskOrder), Activity.CreateMessage(RetryOrder), maxAttempts: 3), ct);
    }

    private static async Task<DialogTurnResult> Restate(WaterfallStepContext step, CancellationToken ct)
    {
        if (step.PromptGaveUp)
        {
            await step.Context.SendActivityAsync(NoOrder, ct);
            step.Values["order"] = "unknown";
        }
        else step.Values["order"] = (string)step.Result!;
        var text = Restatement(step.Values.Get<string>("problem")!, step.Values.Get<string>("order")!);
        return await step.PromptAsync("confirm", PromptOptions.Ask(Activity.CreateMessage(text)), ct);
    }

    private static async Task<DialogTurnResult> Close(WaterfallStepContext step, CancellationToken ct)
    {
        if (step.Result is false)
        {
            await step.Context.SendActivityAsync(Correction, ct);
            return await step.ReplaceDialogAsync("demo", null, ct);
        }
        await step.Context.SendActivityAsync(Closing, ct);
        return await step.EndDialogAsync(step.Values.Get<string>("order"), ct);
    }
}

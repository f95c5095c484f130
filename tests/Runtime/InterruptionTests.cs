using ComplaintBot.Dialogs.Runtime;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Tests.Support;

namespace ComplaintBot.Tests.Runtime;

public sealed class InterruptionTests
{
    /// <summary>Cancel/help handling around an order-number question, as the complaint flow does it.</summary>
    private sealed class CancelAndHelpDemo : InterruptibleDialog
    {
        public int ValidatorCalls;

        public CancelAndHelpDemo() : base("cancel-and-help")
        {
            AddDialog(new WaterfallDialog("flow", new WaterfallStep[]
            {
                (step, ct) => step.PromptAsync("order", PromptOptions.Ask(Activity.CreateMessage("order number?")), ct),
                async (step, ct) =>
                {
                    await step.Context.SendActivityAsync($"order {step.Result}", ct);
                    return await step.EndDialogAsync(step.Result, ct);
                },
            }));
            AddDialog(new TextPrompt("order", (p, ct) => { ValidatorCalls++; return Task.FromResult(p.Recognized.Value?.All(char.IsDigit) == true); }));
        }

        protected override async Task<DialogTurnResult?> OnInterruptAsync(DialogContext innerDc, CancellationToken ct)
        {
            switch (innerDc.Context.Activity.Text?.Trim().ToLowerInvariant())
            {
                case "help":
                    await innerDc.Context.SendActivityAsync("help text", ct);
                    await innerDc.RepromptDialogAsync(ct);
                    return EndOfTurn;
                case "cancel":
                    await innerDc.Context.SendActivityAsync("cancelled", ct);
                    return await innerDc.CancelAllDialogsAsync(ct);
                default:
                    return null;
            }
        }
    }

    private sealed class Root : ComponentDialog
    {
        public Root(CancelAndHelpDemo inner) : base("root")
        {
            AddDialog(new WaterfallDialog("main", new WaterfallStep[]
            {
                (step, ct) => step.BeginDialogAsync(inner.Id, null, ct),
                async (step, ct) =>
                {
                    await step.Context.SendActivityAsync(step.Result is null ? "root: nothing" : $"root: {step.Result}", ct);
                    return await step.EndDialogAsync(null, ct);
                },
            }));
            AddDialog(inner);
        }
    }

    private static (TestAdapter Adapter, CancelAndHelpDemo Inner) Bot()
    {
        var inner = new CancelAndHelpDemo();
        var storage = new MemoryStorage();
        return (new TestAdapter(new DialogBot(new ConversationState(storage), new UserState(storage), new RootDialog(new Root(inner)))), inner);
    }

    [Fact]
    public async Task Help_is_answered_before_the_prompt_sees_the_message_and_the_same_question_is_asked_again()
    {
        var (adapter, inner) = Bot();
        await adapter.Send("hi").AssertReply("order number?")
            .Send("help").AssertReply("help text").AssertReply("order number?").AssertNoReply()
            .Send("778899").AssertReply("order 778899").AssertReply("root: 778899");
        Assert.Equal(1, inner.ValidatorCalls); // "help" never reached the prompt
    }

    [Fact]
    public async Task Cancel_ends_the_interruptible_component_and_the_parent_continues()
    {
        var (adapter, inner) = Bot();
        await adapter.Send("hi").AssertReply("order number?")
            .Send("cancel").AssertReply("cancelled").AssertReply("root: nothing").AssertNoReply()
            .Send("hi again").AssertReply("order number?");
        Assert.Equal(0, inner.ValidatorCalls);
    }

    [Fact]
    public async Task A_turn_interceptor_runs_before_the_dialog_and_can_take_the_turn()
    {
        var storage = new MemoryStorage();
        var interceptor = new MuteWhenAgentOwns();
        var adapter = new TestAdapter(new DialogBot(new ConversationState(storage), new UserState(storage),
            new RootDialog(new RuntimeDemoDialog()), new ITurnInterceptor[] { interceptor }));

        await adapter.Send("hi").AssertReply(RuntimeDemoDialog.Greeting)
            .Send("agent takes over").AssertReply("muted").AssertNoReply()
            .Send("box was wet").AssertReply(RuntimeDemoDialog.AskOrder);
        Assert.Equal(3, interceptor.Seen);
    }

    private sealed class MuteWhenAgentOwns : ITurnInterceptor
    {
        public int Seen;

        public async Task<bool> OnTurnAsync(DialogContext dc, CancellationToken ct)
        {
            Seen++;
            if (dc.Context.Activity.Text != "agent takes over") return false;
            await dc.Context.SendActivityAsync("muted", ct);
            return true;
        }
    }
}

using ComplaintBot.Dialogs.Runtime;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Dialogs.Turns;
using ComplaintBot.Tests.Support;

namespace ComplaintBot.Tests.Runtime;

/// <summary>The stack operations of <see cref="DialogContext"/>, driven directly on one turn context.</summary>
public sealed class DialogStackTests
{
    private sealed record Order(string Id, List<string> Items, decimal Total);

    private static async Task<(DialogContext Dc, ITurnContext Turn)> NewContext(DialogSet dialogs, string text = "hi")
    {
        var adapter = new TestAdapter((_, _) => Task.CompletedTask);
        var turn = new TurnContext(adapter, adapter.MakeMessage(text));
        return (new DialogContext(dialogs, turn, new DialogState()), turn);
    }

    [Fact]
    public async Task A_child_result_resumes_the_parent_step_and_next_skips_ahead()
    {
        var log = new List<string>();
        var dialogs = new DialogSet()
            .Add(new WaterfallDialog("child", new WaterfallStep[]
            {
                (step, ct) => step.EndDialogAsync("from child", ct),
            }))
            .Add(new WaterfallDialog("parent", new WaterfallStep[]
            {
                (step, ct) => { log.Add($"0:{step.GetOptions<Order>()!.Id}"); return step.BeginDialogAsync("child", null, ct); },
                (step, ct) => { log.Add($"1:{step.Result}:{step.Reason}"); return step.NextAsync(42, ct); },
                (step, ct) => { log.Add($"2:{step.Result}:{step.Reason}"); return step.EndDialogAsync("done", ct); },
            }));
        var (dc, _) = await NewContext(dialogs);

        var result = await dc.BeginDialogAsync("parent", new Order("A1", new() { "cup" }, 9.9m));

        Assert.Equal(new[] { "0:A1", "1:from child:EndCalled", "2:42:NextCalled" }, log);
        Assert.Equal(DialogTurnStatus.Complete, result.Status);
        Assert.Equal("done", result.Result);
        Assert.Empty(dc.Stack);
    }

    [Fact]
    public async Task Step_values_and_options_round_trip_through_json_between_turns()
    {
        var dialogs = new DialogSet()
            .Add(new TextPrompt("text"))
            .Add(new WaterfallDialog("w", new WaterfallStep[]
            {
                (step, ct) =>
                {
                    step.Values.Set("order", new Order("B2", new() { "lamp", "bulb" }, 120.5m));
                    step.Values["note"] = "易碎";
                    return step.PromptAsync("text", PromptOptions.Ask(Activity.CreateMessage("?")), ct);
                },
                (step, ct) => step.EndDialogAsync(
                    $"{step.Values.Get<Order>("order")!.Items[1]}|{step.Values.Get<Order>("order")!.Total}|{step.Values.Get<string>("note")}|{step.GetOptions<Order>()!.Id}|{step.Result}", ct),
            }));
        var (dc, _) = await NewContext(dialogs);
        await dc.BeginDialogAsync("w", new Order("OPT", new(), 0));

        // Persist the stack as JSON and load it into a new context, as the next turn (or another process) would.
        var json = StateJson.ToNode(dc.State)!.ToJsonString();
        var (_, nextTurn) = await NewContext(dialogs, "answer");
        var restored = new DialogContext(dialogs, nextTurn, StateJson.FromNode<DialogState>(System.Text.Json.Nodes.JsonNode.Parse(json))!);
        var result = await restored.ContinueDialogAsync();

        Assert.Equal(DialogTurnStatus.Complete, result.Status);
        Assert.Equal("bulb|120.5|易碎|OPT|answer", result.Result);
    }

    [Fact]
    public async Task Replace_ends_the_active_dialog_without_resuming_its_parent()
    {
        var ended = new List<string>();
        var dialogs = new DialogSet()
            .Add(new RecordingDialog("a", ended))
            .Add(new RecordingDialog("b", ended))
            .Add(new WaterfallDialog("root", new WaterfallStep[]
            {
                (step, ct) => step.BeginDialogAsync("a", null, ct),
                (step, ct) => step.EndDialogAsync($"root got {step.Result}", ct),
            }));
        var (dc, _) = await NewContext(dialogs);
        await dc.BeginDialogAsync("root");
        Assert.Equal(new[] { "a", "root" }, dc.Stack.Select(s => s.Id));

        var replaced = await dc.ReplaceDialogAsync("b");
        Assert.Equal(DialogTurnStatus.Waiting, replaced.Status);
        Assert.Equal(new[] { "b", "root" }, dc.Stack.Select(s => s.Id));
        Assert.Equal(new[] { "a:ReplaceCalled" }, ended);

        var finished = await dc.EndDialogAsync("b-result");
        Assert.Equal("root got b-result", finished.Result);
    }

    [Fact]
    public async Task Cancel_all_empties_the_stack_and_tells_every_dialog_top_first()
    {
        var ended = new List<string>();
        var dialogs = new DialogSet().Add(new RecordingDialog("a", ended)).Add(new RecordingDialog("b", ended));
        var (dc, _) = await NewContext(dialogs);
        await dc.BeginDialogAsync("a");
        await dc.BeginDialogAsync("b");

        Assert.Equal(DialogTurnStatus.Cancelled, (await dc.CancelAllDialogsAsync()).Status);
        Assert.Empty(dc.Stack);
        Assert.Equal(new[] { "b:CancelCalled", "a:CancelCalled" }, ended);
        Assert.Equal(DialogTurnStatus.Empty, (await dc.CancelAllDialogsAsync()).Status);
        Assert.Equal(DialogTurnStatus.Empty, (await dc.ContinueDialogAsync()).Status);
    }

    [Fact]
    public async Task Cancel_all_with_parents_ends_the_enclosing_components_too()
    {
        var inner = new ComponentDialog("inner");
        inner.AddDialog(new WaterfallDialog("inner-steps", new WaterfallStep[]
        {
            (step, ct) => step.PromptAsync("t", PromptOptions.Ask(Activity.CreateMessage("?")), ct),
            (step, ct) => step.CancelAllDialogsAsync(cancelParents: true, ct),
        }));
        inner.AddDialog(new TextPrompt("t"));
        var outer = new WaterfallDialog("outer", new WaterfallStep[]
        {
            (step, ct) => step.BeginDialogAsync("inner", null, ct),
            (step, ct) => throw new InvalidOperationException("the outer waterfall must not resume after a full cancel"),
        });
        var dialogs = new DialogSet().Add(outer).Add(inner);
        var (dc, _) = await NewContext(dialogs);
        await dc.BeginDialogAsync("outer");
        Assert.Equal(new[] { "inner", "outer" }, dc.Stack.Select(s => s.Id));

        var result = await dc.ContinueDialogAsync();

        Assert.Equal(DialogTurnStatus.Cancelled, result.Status);
        Assert.Empty(dc.Stack);
    }

    [Fact]
    public async Task Beginning_an_unknown_dialog_fails_clearly()
    {
        var (dc, _) = await NewContext(new DialogSet());
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => dc.BeginDialogAsync("nope"));
        Assert.Contains("nope", ex.Message);
    }

    [Fact]
    public void Adding_two_dialogs_with_one_id_fails()
    {
        var set = new DialogSet().Add(new TextPrompt("x"));
        Assert.Throws<InvalidOperationException>(() => set.Add(new TextPrompt("x")));
    }

    [Fact]
    public async Task Reprompt_repeats_the_active_prompt()
    {
        var dialogs = new DialogSet().Add(new TextPrompt("t"));
        var (dc, turn) = await NewContext(dialogs);
        var adapter = (TestAdapter)turn.Adapter;
        await dc.PromptAsync("t", PromptOptions.Ask(Activity.CreateMessage("what happened?")));
        await dc.RepromptDialogAsync();
        Assert.Equal(new[] { "what happened?", "what happened?" }, adapter.Replies.Select(r => r.Text));
    }

    /// <summary>Waits forever and records how it was ended.</summary>
    private sealed class RecordingDialog(string id, List<string> ended) : Dialog(id)
    {
        public override Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options = null, CancellationToken ct = default)
            => Task.FromResult(EndOfTurn);

        public override Task EndDialogAsync(ITurnContext turnContext, DialogInstance instance, DialogReason reason, CancellationToken ct = default)
        {
            ended.Add($"{Id}:{reason}");
            return Task.CompletedTask;
        }
    }
}

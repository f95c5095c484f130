using System.Text.Json.Nodes;
using ComplaintBot.Dialogs.Runtime;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Tests.Support;

namespace ComplaintBot.Tests.Runtime;

public sealed class WaterfallDialogTests
{
    private static TestAdapter DemoBot(IStorage? storage = null, string? conversationId = null)
    {
        storage ??= new MemoryStorage();
        var bot = new DialogBot(new ConversationState(storage), new UserState(storage), new RootDialog(new RuntimeDemoDialog()));
        return conversationId is null ? new TestAdapter(bot) : new TestAdapter(bot) { ConversationId = conversationId };
    }

    [Fact]
    public async Task Steps_run_in_order_and_each_answer_reaches_the_next_step()
    {
        await DemoBot()
            .Send("hi").AssertReply(RuntimeDemoDialog.Greeting)
            .Send("The screen arrived cracked").AssertReply(RuntimeDemoDialog.AskOrder)
            .Send("123456").AssertReply(RuntimeDemoDialog.Restatement("The screen arrived cracked", "123456"))
            .Send("yes").AssertReply(RuntimeDemoDialog.Closing)
            .AssertNoReply()
            // The stack is empty again: the next message starts a new conversation flow.
            .Send("hello again").AssertReply(RuntimeDemoDialog.Greeting);
    }

    [Fact]
    public async Task An_invalid_answer_gets_the_retry_prompt_and_the_same_step_waits()
    {
        await DemoBot()
            .Send("hi").AssertReply(RuntimeDemoDialog.Greeting)
            .Send("wrong size").AssertReply(RuntimeDemoDialog.AskOrder)
            .Send("my order").AssertReply(RuntimeDemoDialog.RetryOrder)
            .Send("654321").AssertReply(RuntimeDemoDialog.Restatement("wrong size", "654321"));
    }

    [Fact]
    public async Task After_max_attempts_the_prompt_gives_up_and_the_waterfall_continues()
    {
        await DemoBot()
            .Send("hi").AssertReply(RuntimeDemoDialog.Greeting)
            .Send("late delivery").AssertReply(RuntimeDemoDialog.AskOrder)
            .Send("a").AssertReply(RuntimeDemoDialog.RetryOrder)
            .Send("b").AssertReply(RuntimeDemoDialog.RetryOrder)
            .Send("c").AssertReply(RuntimeDemoDialog.NoOrder)
            .AssertReply(RuntimeDemoDialog.Restatement("late delivery", "unknown"))
            .AssertNoReply();
    }

    [Fact]
    public async Task A_no_at_the_restatement_replaces_the_waterfall_and_starts_over()
    {
        await DemoBot()
            .Send("hi").AssertReply(RuntimeDemoDialog.Greeting)
            .Send("broken").AssertReply(RuntimeDemoDialog.AskOrder)
            .Send("111111").AssertReply(RuntimeDemoDialog.Restatement("broken", "111111"))
            .Send("不对").AssertReply(RuntimeDemoDialog.Correction).AssertReply(RuntimeDemoDialog.Greeting)
            .Send("wrong colour").AssertReply(RuntimeDemoDialog.AskOrder);
    }

    [Fact]
    public async Task A_restarted_process_resumes_the_same_step_from_the_sqlite_file()
    {
        using var db = new TempDatabase();
        var conversation = "restart-" + Guid.NewGuid().ToString("N");

        // First "process": two turns, then everything is dropped.
        var before = DemoBot(new SqliteStorage(db.Open()), conversation);
        await before.Send("hi").AssertReply(RuntimeDemoDialog.Greeting)
            .Send("The lid was missing").AssertReply(RuntimeDemoDialog.AskOrder);

        // Second "process": new storage handle, new state objects, new dialogs, same file and conversation.
        var after = DemoBot(new SqliteStorage(db.Open()), conversation);
        await after.Send("not a number").AssertReply(RuntimeDemoDialog.RetryOrder)
            .Send("222333").AssertReply(RuntimeDemoDialog.Restatement("The lid was missing", "222333"))
            .Send("对的").AssertReply(RuntimeDemoDialog.Closing);
    }

    [Fact]
    public async Task A_stored_stack_naming_a_dialog_that_no_longer_exists_starts_the_flow_over()
    {
        var storage = new MemoryStorage();
        var conversation = "old-release";
        // An older release stored a stack whose top dialog was later renamed.
        await storage.WriteAsync(new Dictionary<string, StoreItem>
        {
            [$"test/conversations/{conversation}"] = new("""{"DialogState":{"dialogStack":[{"id":"renamed-away","state":{}}]}}""", null),
        });

        await DemoBot(storage, conversation).Send("hello?").AssertReply(RuntimeDemoDialog.Greeting)
            .Send("the handle broke").AssertReply(RuntimeDemoDialog.AskOrder);
    }

    [Fact]
    public async Task A_stack_stored_with_a_prompts_options_inside_its_state_still_retries_and_gives_up_with_them()
    {
        var storage = new MemoryStorage();
        var conversation = "stored-before-typed-options";
        var key = $"test/conversations/{conversation}";
        // As the release before 2026-12-08 stored it: the order prompt (1 of 3 answers used) kept its options as a JSON
        // node under state.options.
        await storage.WriteAsync(new Dictionary<string, StoreItem>
        {
            [key] = new("""
                {"DialogState":{"dialogStack":[{"id":"RuntimeDemoDialog","state":{},"inner":{"dialogStack":[
                {"id":"order","state":{"options":{"prompt":{"type":"message","text":"Which order is it?"},"retryPrompt":{"type":"message","text":"An order number has 6 digits. Which order is it?"},"maxAttempts":3},"attemptCount":1,"state":{}}},
                {"id":"demo","state":{"options":null,"values":{"problem":"The lid was missing"},"stepIndex":1}}]}}]}}
                """, null),
        });

        var bot = DemoBot(storage, conversation);
        await bot.Send("my order").AssertReply(RuntimeDemoDialog.RetryOrder);
        // Saved in the current shape: the options typed beside the prompt's state, no longer inside it.
        var order = JsonNode.Parse((await storage.ReadAsync([key]))[key].Json)!["DialogState"]!["dialogStack"]![0]!["inner"]!["dialogStack"]![0]!;
        Assert.Equal("order", (string?)order["id"]);
        Assert.Equal(RuntimeDemoDialog.RetryOrder, (string?)order["promptOptions"]!["retryPrompt"]!["text"]);
        Assert.False(order["state"]!.AsObject().ContainsKey("options"));
        Assert.Equal(2, (int)order["state"]!["attemptCount"]!);

        // The third answer was the last the stored options allowed.
        await bot.Send("the one from Monday").AssertReply(RuntimeDemoDialog.NoOrder)
            .AssertReply(RuntimeDemoDialog.Restatement("The lid was missing", "unknown"));
    }

    [Fact]
    public async Task A_conversation_update_that_adds_the_user_starts_the_root_dialog_once()
    {
        var adapter = DemoBot();
        Activity Joined() => new()
        {
            Type = ActivityTypes.ConversationUpdate,
            MembersAdded = new() { new ChannelAccount { Id = adapter.BotId }, new ChannelAccount { Id = adapter.UserId } },
        };
        await adapter.Send(Joined()).AssertReply(RuntimeDemoDialog.Greeting)
            .Send(Joined()).AssertNoReply()
            .Send("my parcel is lost").AssertReply(RuntimeDemoDialog.AskOrder);
    }

    [Fact]
    public async Task A_conversation_update_that_adds_only_the_bot_does_not_greet()
    {
        var adapter = DemoBot();
        var replies = await adapter.SendAsync(new Activity
        {
            Type = ActivityTypes.ConversationUpdate,
            MembersAdded = new() { new ChannelAccount { Id = adapter.BotId } },
        });
        Assert.Empty(replies);
    }

    [Fact]
    public async Task Events_and_other_activities_do_not_answer_a_waiting_prompt()
    {
        await DemoBot()
            .Send("hi").AssertReply(RuntimeDemoDialog.Greeting)
            .Send(new Activity { Type = ActivityTypes.Event, Name = "webchat/join" }).AssertNoReply()
            .Send(new Activity { Type = ActivityTypes.Typing }).AssertNoReply()
            .Send("missing parts").AssertReply(RuntimeDemoDialog.AskOrder);
    }
}

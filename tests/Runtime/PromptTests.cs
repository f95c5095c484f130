using System.Text.Json.Nodes;
using ComplaintBot.Dialogs.Runtime;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Tests.Support;

namespace ComplaintBot.Tests.Runtime;

public sealed class PromptTests
{
    /// <summary>A bot whose root waterfall asks with <paramref name="ask"/> and then echoes what the prompt returned.</summary>
    private static TestAdapter AskThenEcho(Func<WaterfallStepContext, Task<DialogTurnResult>> ask, Func<object?, string> describe, params Dialog[] prompts)
    {
        var root = new WaterfallDialog("root", new WaterfallStep[]
        {
            (step, ct) => ask(step),
            async (step, ct) =>
            {
                await step.Context.SendActivityAsync(describe(step.Result), ct);
                return await step.EndDialogAsync(step.Result, ct);
            },
        });
        var storage = new MemoryStorage();
        return new TestAdapter(new DialogBot(new ConversationState(storage), new UserState(storage), new RootDialog(root), extraDialogs: prompts));
    }

    private static Activity Say(string text) => Activity.CreateMessage(text);

    [Fact]
    public async Task A_validator_sees_the_recognized_value_and_attempt_count_and_can_send_its_own_retry()
    {
        var seenAttempts = new List<int>();
        var quantity = new NumberPrompt<int>("quantity", async (p, ct) =>
        {
            seenAttempts.Add(p.AttemptCount);
            var max = p.Options.Validations!["max"]!.GetValue<int>();
            if (p.Recognized.Succeeded && p.Recognized.Value > max)
            {
                await p.Context.SendActivityAsync($"at most {max}", ct);
                return false;
            }
            return p.Recognized.Succeeded && p.Recognized.Value > 0;
        });
        var adapter = AskThenEcho(
            step => step.PromptAsync("quantity", new PromptOptions
            {
                Prompt = Say("how many?"),
                RetryPrompt = Say("a number please"),
                Validations = JsonNode.Parse("""{"max":5}"""),
            }),
            r => $"got {r}", quantity);

        await adapter.Send("hi").AssertReply("how many?")
            .Send("lots").AssertReply("a number please")
            .Send("9").AssertReply("at most 5").AssertNoReply() // the validator's own text replaces the retry prompt
            .Send("两个").AssertReply("got 2");
        Assert.Equal(new[] { 1, 2, 3 }, seenAttempts);
    }

    [Fact]
    public async Task Without_a_retry_prompt_the_prompt_text_is_repeated()
    {
        var adapter = AskThenEcho(step => step.PromptAsync("n", PromptOptions.Ask(Say("rate us 1-5"))), r => $"rated {r}", new NumberPrompt<int>("n"));
        await adapter.Send("hi").AssertReply("rate us 1-5")
            .Send("great").AssertReply("rate us 1-5")
            .Send("four").AssertReply("rated 4");
    }

    [Fact]
    public async Task An_integer_number_prompt_rejects_fractions_and_a_decimal_prompt_keeps_them()
    {
        await AskThenEcho(step => step.PromptAsync("n", PromptOptions.Ask(Say("count?"))), r => $"{r}", new NumberPrompt<int>("n"))
            .Send("hi").AssertReply("count?")
            .Send("2.5").AssertReply("count?")
            .Send("3").AssertReply("3");
        await AskThenEcho(step => step.PromptAsync("n", PromptOptions.Ask(Say("amount?"))), r => $"{r}", new NumberPrompt<decimal>("n"))
            .Send("hi").AssertReply("amount?")
            .Send("¥12.50").AssertReply("12.50");
    }

    [Fact]
    public async Task Max_attempts_ends_the_prompt_with_a_gave_up_result()
    {
        var adapter = AskThenEcho(
            step => step.PromptAsync("confirm", new PromptOptions { Prompt = Say("ok?"), RetryPrompt = Say("yes or no?"), MaxAttempts = 2 }),
            r => r is PromptGaveUpResult g ? $"gave up after {g.Attempts}, last '{g.LastText}'" : $"answer {r}",
            new ConfirmPrompt("confirm"));
        await adapter.Send("hi").AssertReply("ok?")
            .Send("maybe").AssertReply("yes or no?")
            .Send("hmm").AssertReply("gave up after 2, last 'hmm'");
    }

    [Fact]
    public async Task A_choice_prompt_offers_im_back_buttons_and_returns_the_found_choice()
    {
        var adapter = AskThenEcho(
            step => step.PromptAsync("remedy", new PromptOptions
            {
                Prompt = Say("which do you prefer?"),
                Choices = new() { new Choice("Replacement"), new Choice("Refund + coupon", "refund", "退款") },
            }),
            r => r is FoundChoice f ? $"{f.Index}:{f.Value}" : "none",
            new ChoicePrompt("remedy"));

        await adapter.Send("hi").AssertReply(a =>
            {
                Assert.Equal("which do you prefer?", a.Text);
                Assert.Equal(InputHints.ExpectingInput, a.InputHint);
                var actions = a.SuggestedActions!.Actions;
                Assert.Equal(new[] { "Replacement", "Refund + coupon" }, actions.Select(x => x.Title));
                Assert.All(actions, x => Assert.Equal("imBack", x.Type));
                Assert.Equal("Refund + coupon", actions[1].Value!.GetValue<string>());
            })
            .Send("what?").AssertReply(a => Assert.NotNull(a.SuggestedActions)) // the retry keeps the buttons
            .Send("我要退款").AssertReply("1:Refund + coupon");
    }

    [Fact]
    public async Task A_confirm_prompt_shows_the_callers_yes_no_buttons_and_recognizes_them_and_plain_answers()
    {
        var confirm = new ConfirmPrompt("confirm");
        PromptOptions Options() => new() { Prompt = Say("是这样吗？"), Choices = new() { new Choice("是的，没错"), new Choice("不，需要修改") } };

        await AskThenEcho(step => step.PromptAsync("confirm", Options()), r => $"{r}", confirm)
            .Send("hi").AssertReply(a => Assert.Equal(new[] { "是的，没错", "不，需要修改" }, a.SuggestedActions!.Actions.Select(x => x.Title)))
            .Send("不，需要修改").AssertReply("False");
        await AskThenEcho(step => step.PromptAsync("confirm", Options()), r => $"{r}", confirm)
            .Send("hi").AssertReply("是这样吗？")
            .Send("yep").AssertReply("True");
    }

    [Fact]
    public async Task An_attachment_prompt_waits_for_an_attachment()
    {
        var adapter = AskThenEcho(
            step => step.PromptAsync("photo", new PromptOptions { Prompt = Say("send a photo"), RetryPrompt = Say("please attach it") }),
            r => r is IReadOnlyList<Attachment> list ? $"{list.Count}:{list[0].Name}" : "none",
            new AttachmentPrompt("photo"));
        var photo = Activity.CreateMessage();
        photo.Attachments = new() { new Attachment { ContentType = "image/png", ContentUrl = "https://example.invalid/p.png", Name = "damage.png" } };

        await adapter.Send("hi").AssertReply("send a photo")
            .Send("here").AssertReply("please attach it")
            .Send(photo).AssertReply("1:damage.png");
    }

    [Fact]
    public async Task A_text_prompt_rejects_blank_text()
    {
        await AskThenEcho(step => step.PromptAsync("t", PromptOptions.Ask(Say("describe it"))), r => $"[{r}]", new TextPrompt("t"))
            .Send("hi").AssertReply("describe it")
            .Send("   ").AssertReply("describe it")
            .Send("  box crushed ").AssertReply("[box crushed]");
    }
}

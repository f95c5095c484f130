using System.Text.Json.Nodes;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Complaints;
using ComplaintBot.Dialogs.Schema;

namespace ComplaintBot.Tests.Complaints;

/// <summary>
/// Issue 13 finding 2: an agent hands the conversation back to offer remedies; after the customer's choice the bot
/// confirms in writing and asks for the rating — it does not register the complaint again, restate it or offer again.
/// </summary>
public sealed class HandBackTranscriptTests
{
    private const string Case1 = "C20261124-0001";

    [Theory]
    [InlineData("zh-CN", "订单SO10000002发错货了，我要换货", "人工")]
    [InlineData("en-US", "Order SO10000002: you sent me the wrong item, I want an exchange", "agent")]
    public async Task After_a_hand_back_for_remedies_the_choice_is_confirmed_once_and_the_flow_ends_with_the_rating(string lang, string complaint, string person)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        await c.Say(complaint);
        await c.Say(person, h.T(lang, "handoff.person", new { caseNumber = Case1 }));
        var resumed = await c.SendAsync(new Activity
        {
            Type = ActivityTypes.Event, Name = ComplaintEvents.Resume,
            Value = new JsonObject { ["at"] = ComplaintEvents.ResumeAt.Remedies, ["case"] = Case1 },
        });
        var offer = Assert.Single(resumed, r => r.SuggestedActions is not null);

        var replies = await c.Say(offer.SuggestedActions!.Actions[0].Title!, h.T(lang, "csat.ask"));
        var texts = replies.Select(r => r.Text ?? "").ToList();
        Assert.Single(replies, r => r.Attachments?.Any(a => a.ContentType == ConfirmStep.ContentType) == true);
        Assert.DoesNotContain(texts, t => t.Contains(h.T(lang, "restate.yes")) || t.Contains(h.T(lang, "remedies.neither")));
        Assert.DoesNotContain(replies, r => r.SuggestedActions?.Actions.Any(a => a.Title == h.T(lang, "remedies.neither")) == true);
        Assert.DoesNotContain(texts, t => t.Contains(h.T(lang, "acknowledge.received",
            new { caseNumber = Case1, firstResponseMinutes = 30, resolutionHours = 48 })));

        await c.Say("4", h.T(lang, "csat.thanks", new { score = 4 }));
        var k = await h.OnlyCaseAsync(c);
        Assert.Equal((CaseStatus.Executing, (int?)4), (k.Status, k.Csat));
        // Once agreed, the case only went forward.
        Assert.Equal([CaseTransition.Agree, CaseTransition.Execute, CaseTransition.Rate],
            k.History.SkipWhile(x => x.Transition != CaseTransition.Agree).Select(x => x.Transition));
    }
}

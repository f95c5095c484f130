using ComplaintBot.Dialogs.FollowUps;
using ComplaintBot.Dialogs.Handoff;
using ComplaintBot.Dialogs.Text;
using ComplaintBot.Tests.Complaints;
using ComplaintBot.Tests.Support;
using Microsoft.Extensions.Options;

namespace ComplaintBot.Tests.FollowUps;

/// <summary>The follow-up dispatcher over a complaint harness, with the repository's promise guard, as the flow tests run it.</summary>
internal static class TestDispatcher
{
    public static FollowUpDispatcher For(ComplaintHarness h, IProactiveSender sender, IHandoffStore? handoff = null, string instance = "test-instance")
        => new(h.Cases, h.Composition.Messages, h.Composition.Hours, h.Clock, sender, Options.Create(h.FollowUpOptions), handoff,
            new PromiseGuardHook(new PromiseGuard(RepoPaths.Options<PromiseGuardOptions>(PromiseGuardOptions.Section)), RepoPaths.Prompts))
        { InstanceId = instance };
}

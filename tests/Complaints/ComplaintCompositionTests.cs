using System.Reflection;
using ComplaintBot.Dialogs.Complaints;
using ComplaintBot.Dialogs.FollowUps;
using ComplaintBot.Dialogs.Runtime;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintBot.Tests.Complaints;

/// <summary>
/// Issue 13 ("a step receives what it uses, not a bag of services"): the complaint flow is composed in one place,
/// <see cref="ComplaintComposition"/>, and no step, dialog or interceptor is handed that composition.
/// </summary>
public sealed class ComplaintCompositionTests
{
    private const BindingFlags Members = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    [Fact]
    public void No_step_dialog_or_interceptor_receives_the_composition()
    {
        var composition = typeof(ComplaintComposition);
        var takers = composition.Assembly.GetTypes()
            .Where(t => t != composition)
            .SelectMany(t => t.GetConstructors(Members).Cast<MethodBase>().Concat(t.GetMethods(Members))
                .Where(m => m.GetParameters().Any(p => p.ParameterType == composition))
                .Select(m => $"{t.Name}.{m.Name}")
                .Concat(t.GetFields(Members).Where(f => f.FieldType == composition).Select(f => $"{t.Name}.{f.Name}")))
            .ToList();
        Assert.True(takers.Count == 0, "receive the whole composition: " + string.Join(", ", takers));
    }

    [Fact]
    public async Task The_host_builds_the_root_dialog_and_the_turn_parts_from_the_one_composition()
    {
        await using var server = BotServer.Start();
        var composition = server.Services.GetRequiredService<ComplaintComposition>();
        Assert.Same(composition.Dialog, server.Services.GetRequiredService<RootDialog>().Dialog);
        Assert.Same(composition.Sessions, server.Services.GetRequiredService<IStatePropertyAccessor<ComplaintSession>>());
        Assert.Same(composition.Messages, server.Services.GetRequiredService<ComplaintMessages>());
        Assert.Same(composition.Recorder, server.Services.GetRequiredService<CaseRecorder>());
        // The container builds the interceptors from those parts.
        Assert.Contains(server.Services.GetServices<ITurnInterceptor>(), i => i is ComplaintResumeInterceptor);
        Assert.Contains(server.Services.GetServices<ITurnInterceptor>(), i => i is FollowUpReplyInterceptor);
    }
}

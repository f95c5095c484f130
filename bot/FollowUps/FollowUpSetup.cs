using ComplaintBot.Bot.Hosting;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Complaints;
using ComplaintBot.Dialogs.Policy;
using ComplaintBot.Dialogs.FollowUps;
using ComplaintBot.Dialogs.Handoff;
using ComplaintBot.Dialogs.Text;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ComplaintBot.Bot.FollowUps;

/// <summary>
/// The proactive follow-up (DESIGN §1 step 6): options from <c>FollowUp</c>, the planner the hand-off area uses when an
/// agent resolves a case, the dispatcher and the background service that runs it, and the interceptor that reads
/// the customer's answer. Scheduling at confirmation happens in the complaint flow (<see cref="ConfirmStep"/>).
/// </summary>
public static class FollowUpSetup
{
    public static IServiceCollection AddFollowUps(this IServiceCollection services, IConfiguration config)
    {
        // Bound from the host's final configuration, so test hosts' settings apply; a bad delay stops start-up.
        services.AddCheckedOptions<FollowUpOptions>(FollowUpOptions.Section, (r, o) =>
        {
            var delayInRange = o.Delay > TimeSpan.Zero && o.Delay <= FollowUpOptions.Promise;
            r.Require(delayInRange, nameof(o.Delay), o.Delay, $"a duration above zero and at most {FollowUpOptions.Promise:c}");
            r.Positive(nameof(o.PollInterval), o.PollInterval);
            r.Positive(nameof(o.SendingTimeout), o.SendingTimeout);
            r.Positive(nameof(o.MaxAttempts), o.MaxAttempts);
            r.Positive(nameof(o.BatchSize), o.BatchSize);
            r.Require(o.CombineWindow >= TimeSpan.Zero, nameof(o.CombineWindow), o.CombineWindow, "a duration, zero or more");
            // The two keys constrain each other: name both, or an operator who shortened Delay hunts the wrong one.
            if (delayInRange && o.CombineWindow >= TimeSpan.Zero)
                r.Require(o.CombineWindow < o.Delay, nameof(o.Delay), o.Delay,
                    $"a duration longer than FollowUp:CombineWindow (is {o.CombineWindow:c}); lengthen FollowUp:Delay or shorten FollowUp:CombineWindow");
        });
        // Its own instance (not the complaint flow's): the hand-off service needs it, and the complaint flow needs hand-off.
        services.TryAddSingleton(sp => new FollowUpPlanner(
            sp.GetRequiredService<IOptions<FollowUpOptions>>().Value, sp.GetRequiredService<ServiceHours>()));
        services.TryAddSingleton(sp => new FollowUpDispatcher(
            sp.GetRequiredService<ICaseStore>(),
            sp.GetRequiredService<ComplaintMessages>(),
            sp.GetRequiredService<ServiceHours>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IProactiveSender>(),
            sp.GetRequiredService<IOptions<FollowUpOptions>>(),
            sp.GetService<IHandoffStore>(),
            sp.GetService<PromiseGuardHook>(),
            sp.GetService<ILogger<FollowUpDispatcher>>()));
        services.AddTurnInterceptor<FollowUpReplyInterceptor>();
        services.AddHostedService<FollowUpService>();
        return services;
    }
}

/// <summary>Runs the dispatcher every <see cref="FollowUpOptions.PollInterval"/>; a failing run is logged and retried next time.</summary>
public sealed class FollowUpService(
    FollowUpDispatcher dispatcher, IOptions<FollowUpOptions> options, TimeProvider clock, ILogger<FollowUpService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        using var timer = new PeriodicTimer(options.Value.PollInterval, clock);
        try
        {
            do
            {
                try
                {
                    var run = await dispatcher.RunDueAsync(stoppingToken);
                    if (run.Sent + run.Skipped + run.Failed + run.Retried > 0)
                        log.LogInformation("Follow-ups: {Sent} sent, {Skipped} skipped, {Failed} failed, {Retried} to retry", run.Sent, run.Skipped, run.Failed, run.Retried);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    log.LogWarning(ex, "follow-up run failed");
                }
            } while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) { }
    }
}

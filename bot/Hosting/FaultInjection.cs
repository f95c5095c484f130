using System.Diagnostics;
using System.Reflection;
using ComplaintBot.Dialogs.Cases;

namespace ComplaintBot.Bot.Hosting;

/// <summary>What happens at a fault point: nothing (the default), an exception, or SIGKILL of the process.</summary>
public enum FaultMode
{
    None,
    Throw,
    Kill,
}

/// <summary>
/// Section <c>Faults</c>: test-only fault points that prove what a crash mid-turn leaves behind (docs/runtime.md).
/// Every point is off by default, and nothing is wrapped unless one is set, so an ordinary host runs exactly as without them.
/// </summary>
public sealed class FaultOptions
{
    public const string Section = "Faults";

    /// <summary>Right after a turn's new case is stored, before the turn saves its dialog state and delivery record.</summary>
    public FaultMode AfterCaseCreated { get; set; } = FaultMode.None;
}

/// <summary>The exception a <see cref="FaultMode.Throw"/> point raises.</summary>
public sealed class InjectedFaultException(string point) : Exception($"Injected fault at {point} (setting {FaultOptions.Section}:{point}).");

public static class FaultInjection
{
    /// <summary>Wraps the case store when <c>Faults:AfterCaseCreated</c> is set; call after every area has registered its stores.</summary>
    public static IServiceCollection AddFaultInjection(this IServiceCollection services, IConfiguration config)
    {
        var options = config.GetSection(FaultOptions.Section).Get<FaultOptions>() ?? new FaultOptions();
        if (options.AfterCaseCreated == FaultMode.None) return services;
        var registration = services.LastOrDefault(d => d.ServiceType == typeof(ICaseStore))
            ?? throw new InvalidOperationException("Faults:AfterCaseCreated is set but no ICaseStore is registered.");
        services.Remove(registration);
        services.AddSingleton(sp =>
        {
            var inner = (ICaseStore)(registration.ImplementationInstance
                ?? registration.ImplementationFactory?.Invoke(sp)
                ?? ActivatorUtilities.CreateInstance(sp, registration.ImplementationType!));
            sp.GetRequiredService<ILogger<FaultOptions>>().LogWarning(
                "Fault point {Section}:AfterCaseCreated = {Mode}: every turn that opens a case fails (tests only).", FaultOptions.Section, options.AfterCaseCreated);
            return CaseCreatedFault.Wrap(inner, options.AfterCaseCreated);
        });
        return services;
    }
}

/// <summary>Forwards every call to the real store; after <see cref="ICaseStore.CreateAsync"/> has stored the case, fails as configured.</summary>
public class CaseCreatedFault : DispatchProxy
{
    private ICaseStore _inner = null!;
    private FaultMode _mode;

    public static ICaseStore Wrap(ICaseStore inner, FaultMode mode)
    {
        var proxy = Create<ICaseStore, CaseCreatedFault>();
        var fault = (CaseCreatedFault)(object)proxy;
        fault._inner = inner;
        fault._mode = mode;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? method, object?[]? args)
    {
        object? result;
        try
        {
            result = method!.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
        return method.Name == nameof(ICaseStore.CreateAsync) ? FailAfter((Task<Case>)result!) : result;
    }

    private async Task<Case> FailAfter(Task<Case> created)
    {
        await created;
        if (_mode == FaultMode.Kill) Process.GetCurrentProcess().Kill(); // SIGKILL: no finally block, no flush, no rollback
        throw new InjectedFaultException(nameof(FaultOptions.AfterCaseCreated));
    }
}

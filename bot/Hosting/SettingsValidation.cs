using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace ComplaintBot.Bot.Hosting;

/// <summary>
/// The one way settings are checked at start-up: each area binds its section with <see cref="AddCheckedOptions{T}"/>
/// and states its rules; the host validates every such section before it serves (ValidateOnStart) and
/// <see cref="SettingsErrors"/> turns a failure into one line per bad key for the operator.
/// </summary>
public static class SettingsValidation
{
    /// <summary>Binds <paramref name="section"/> from the host's final configuration, checked by <paramref name="rules"/> at start-up.</summary>
    public static OptionsBuilder<T> AddCheckedOptions<T>(this IServiceCollection services, string section, Action<SettingRules, T> rules) where T : class
    {
        // Sections shared by several areas (ServiceHours) are registered by each of them: check them once.
        if (services.Any(d => d.ServiceType == typeof(IValidateOptions<T>) && d.ImplementationInstance is RuleValidator<T>))
            return services.AddOptions<T>();
        services.AddSingleton<IValidateOptions<T>>(new RuleValidator<T>(section, rules));
        return services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
    }

    private sealed class RuleValidator<T>(string section, Action<SettingRules, T> rules) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var check = new SettingRules(section);
            rules(check, options);
            return check.Failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(check.Failures);
        }
    }
}

/// <summary>Rules of one section; each failure reads "Section:Key = 'value': what is allowed".</summary>
public sealed class SettingRules(string section)
{
    public List<string> Failures { get; } = new();

    public void Require(bool ok, string key, object? value, string allowed)
    {
        if (!ok) Failures.Add(SettingsErrors.Line($"{section}:{key}", Show(value), allowed));
    }

    public void Positive(string key, TimeSpan value) => Require(value > TimeSpan.Zero, key, value, "a duration above zero, like 00:30:00");
    public void Positive(string key, int value) => Require(value > 0, key, value, "a whole number above zero");
    public void Positive(string key, int? value) { if (value is { } v) Positive(key, v); }
    public void NotNegative(string key, int value) => Require(value >= 0, key, value, "a whole number, zero or more");
    public void NotNegative(string key, decimal value) => Require(value >= 0, key, value, "an amount, zero or more");
    public void Fraction(string key, double value) => Require(value is > 0 and <= 1, key, value, "a number above 0 and at most 1");

    public void OneOf(string key, string? value, params string[] allowed)
        => Require(allowed.Contains(value, StringComparer.OrdinalIgnoreCase), key, value, "one of " + string.Join(", ", allowed));

    private static string Show(object? value) => value switch
    {
        null => "",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

/// <summary>Start-up failures caused by settings, as one line each for an operator (no stack trace).</summary>
public static partial class SettingsErrors
{
    public static string Line(string key, string value, string allowed) => $"Invalid setting {key} = '{value}': expected {allowed}.";

    /// <summary>The lines for <paramref name="error"/>, or empty when it is not a settings problem (then it is rethrown as is).</summary>
    public static IReadOnlyList<string> Describe(Exception error, IConfiguration config)
    {
        switch (error)
        {
            case OptionsValidationException v:
                return v.Failures.ToList();
            case AggregateException a when a.InnerExceptions.All(e => Describe(e, config).Count > 0):
                return a.InnerExceptions.SelectMany(e => Describe(e, config)).ToList();
            case InvalidOperationException when FailedBinding().Match(error.Message) is { Success: true } m:
                // The configuration binder's own "Failed to convert configuration value at 'Key' to type 'T'."
                var key = m.Groups["key"].Value;
                return [Line(key, config[key] ?? "", Allowed(m.Groups["type"].Value))];
            default:
                return error.InnerException is { } inner ? Describe(inner, config) : [];
        }
    }

    private static string Allowed(string type) => type switch
    {
        "System.Int32" or "System.Int64" or "System.Nullable`1[System.Int32]" => "a whole number",
        "System.Decimal" or "System.Double" or "System.Single" => "a number (with a dot for decimals)",
        "System.TimeSpan" or "System.Nullable`1[System.TimeSpan]" => "a duration like 00:30:00 (or 1.00:00:00 for a day)",
        "System.Boolean" => "true or false",
        _ when Type.GetType(type) is { IsEnum: true } e => "one of " + string.Join(", ", Enum.GetNames(e)),
        _ => "a value of type " + type,
    };

    [GeneratedRegex(@"Failed to convert configuration value(?: '[^']*')? at '(?<key>[^']+)' to type '(?<type>[^']+)'")]
    private static partial Regex FailedBinding();
}

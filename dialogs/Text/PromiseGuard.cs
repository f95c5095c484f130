using System.Text.RegularExpressions;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.Turns;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ComplaintBot.Dialogs.Text;

/// <summary>Word lists from appsettings <c>PromiseGuard</c>: vague wording and promises nobody can keep.</summary>
public sealed class PromiseGuardOptions
{
    public const string Section = "PromiseGuard";
    public List<string> Vague { get; set; } = new();
    public List<string> Impossible { get; set; } = new();
    /// <summary>Sent instead of a blocked message ("family.name" in prompts/).</summary>
    public string FallbackTemplate { get; set; } = "guard.fallback";
    /// <summary>
    /// Units of a time frame ("小时", "business days", …). A template that writes a number before one of these
    /// ("48 小时内", "1-3 business days") promises a time that no setting backs, so <see cref="PromiseGuard.CheckTemplate"/>
    /// refuses it; a time frame must come in as a variable computed from configuration (SLA, return window, …).
    /// </summary>
    public List<string> TimeUnits { get; set; } = new();
}

public sealed record PromiseViolation(string Kind, string Phrase);

/// <summary>
/// Checks customer-facing text. Chinese phrases match as substrings; Latin phrases match on word boundaries,
/// case-insensitively, so "maybe" is caught but "maybelline" is not.
/// </summary>
public sealed class PromiseGuard
{
    private readonly List<(string Kind, string Phrase, Regex Pattern, string Lead)> _rules;
    private readonly Regex? _fixedTimeFrame;
    public PromiseGuardOptions Options { get; }

    public PromiseGuard(PromiseGuardOptions options)
    {
        Options = options;
        _rules = options.Vague.Select(p => ("vague", p)).Concat(options.Impossible.Select(p => ("impossible", p)))
            .Where(r => !string.IsNullOrWhiteSpace(r.p))
            .Select(r => (r.Item1, r.p, Compile(r.p), Nlu.KeywordRules.Lead(r.p))).ToList();
        var units = options.TimeUnits.Where(u => !string.IsNullOrWhiteSpace(u)).Select(u => u.Trim())
            .OrderByDescending(u => u.Length) // "business days" before "days"
            .Select(u => Regex.Escape(u).Replace("\\ ", "\\s+") + (char.IsAsciiLetterOrDigit(u[^1]) ? "\\b" : "")).ToList();
        // A literal number (or range "1-3", "3 to 5", "1–3") right before a unit; "{{hours}} 小时" has no digits and passes.
        if (units.Count > 0)
            _fixedTimeFrame = new Regex(@"\d+(?:\s*(?:-|–|~|to|到|至)\s*\d+)?\s*(?:个\s*)?(?:" + string.Join("|", units) + ")",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);
    }

    private static Regex Compile(string phrase)
    {
        var escaped = Regex.Escape(phrase.Trim()).Replace("\\ ", "\\s+");
        var latinStart = char.IsAsciiLetterOrDigit(phrase.Trim()[0]);
        var latinEnd = char.IsAsciiLetterOrDigit(phrase.Trim()[^1]);
        return new Regex((latinStart ? "\\b" : "") + escaped + (latinEnd ? "\\b" : ""), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);
    }

    public IReadOnlyList<PromiseViolation> Check(string? text)
    {
        if (string.IsNullOrEmpty(text)) return Array.Empty<PromiseViolation>();
        // Every bot message is checked: phrases that cannot occur (first word absent) skip their pattern, and a clean
        // message allocates nothing.
        var asciiText = System.Text.Ascii.IsValid(text);
        List<PromiseViolation>? found = null;
        foreach (var (kind, phrase, pattern, lead) in _rules)
            if (Nlu.KeywordRules.MayOccur(lead, text, asciiText) && pattern.IsMatch(text))
                (found ??= new List<PromiseViolation>()).Add(new PromiseViolation(kind, phrase));
        return found ?? (IReadOnlyList<PromiseViolation>)Array.Empty<PromiseViolation>();
    }

    /// <summary>
    /// For template text (the bot's prompts and the agents' quick replies) before anything is filled in: what
    /// <see cref="Check"/> finds, plus every fixed time frame. At run time a rendered "24 小时内" came from a setting
    /// and is fine; written into the template it is a promise nobody has the authority to make.
    /// </summary>
    public IReadOnlyList<PromiseViolation> CheckTemplate(string? template)
    {
        var found = Check(template).ToList();
        if (_fixedTimeFrame is not null && !string.IsNullOrEmpty(template))
            found.AddRange(_fixedTimeFrame.Matches(template).Select(m => new PromiseViolation("fixed-time-frame", m.Value)));
        return found;
    }
}

/// <summary>
/// Run-time side of the guard: registered on a turn (OnSendActivities) so every bot message is checked just
/// before it leaves. A violating message keeps its buttons and attachments but its text is replaced by the
/// safe fallback template, and a warning with the (masked) original is logged.
/// </summary>
public sealed class PromiseGuardHook(PromiseGuard guard, PromptLibrary prompts, ILogger<PromiseGuardHook>? logger = null)
{
    private readonly ILogger _log = (ILogger?)logger ?? NullLogger.Instance;

    public void Attach(ITurnContext turn) => turn.OnSendActivities(async (ctx, activities, next) =>
    {
        foreach (var a in activities)
        {
            if (a.Type != ActivityTypes.Message || string.IsNullOrEmpty(a.Text)) continue;
            var violations = guard.Check(a.Text);
            if (violations.Count == 0) continue;
            var locale = LocaleResolver.Resolve(a.Locale, a.Text, prompts.DefaultLocale);
            _log.LogWarning("Promise guard blocked a message on {Conversation}: {Violations}. Text: {Text}",
                ctx.Activity.Conversation?.Id,
                string.Join(", ", violations.Select(v => $"{v.Kind}:{v.Phrase}")),
                Masking.MaskContacts(a.Text));
            a.Text = prompts.Render(locale, guard.Options.FallbackTemplate);
            a.Speak = null;
        }
        return await next();
    });
}

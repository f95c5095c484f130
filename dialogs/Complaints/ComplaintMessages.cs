using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Nlu;
using ComplaintBot.Dialogs.Policy;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.Text;
using ComplaintBot.Dialogs.Turns;

namespace ComplaintBot.Dialogs.Complaints;

/// <summary>
/// What the complaint flow says, rendered from <c>prompts/</c>: texts, messages with buttons, and the labels of problems,
/// wishes, case statuses and remedies. Every step that talks to the customer receives this, not the prompt library.
/// </summary>
public sealed class ComplaintMessages(PromptLibrary prompts)
{
    public PromptLibrary Prompts => prompts;

    public string Text(string locale, string key, object? values = null) => prompts.Render(locale, key, values);

    public Activity Message(string locale, string key, object? values = null, IEnumerable<string>? buttons = null)
    {
        var a = Activity.CreateMessage(Text(locale, key, values));
        a.Locale = locale;
        if (buttons is not null)
            a.SuggestedActions = new SuggestedActions { Actions = buttons.Select(b => CardAction.ImBack(b)).ToList() };
        return a;
    }

    public Task SayAsync(ITurnContext turn, string locale, string key, object? values = null, CancellationToken ct = default)
        => turn.SendActivityAsync(Message(locale, key, values), ct);

    public string ProblemLabel(string locale, ProblemKind kind) => Text(locale, "labels.problem_" + Snake(kind.ToString()));
    public string WishLabel(string locale, WishKind kind) => Text(locale, "labels.wish_" + Snake(kind.ToString()));
    public string StatusLabel(string locale, CaseStatus status) => Text(locale, "labels.status_" + Snake(status.ToString()));

    public string RemedyLabel(string locale, RemedyOption option) => WrittenConfirmation.Label(prompts, locale, option);

    public static string RemedyTemplate(RemedyKind kind) => kind switch
    {
        RemedyKind.ShippingInsuranceRefund => "shipping_insurance",
        _ => Snake(kind.ToString()),
    };

    public static string Snake(string pascal)
        => string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}

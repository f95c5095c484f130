using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.Turns;

namespace ComplaintBot.Tests.Channels.DirectLine;

/// <summary>
/// A deterministic bot for channel tests: the channel, not the complaint flow, is under test here.
/// Greets new users, echoes messages in the activity's language, reports attachments and the signed-in customer,
/// and throws on "fail" (to prove the apology after a failed turn).
/// </summary>
public sealed class EchoBot : IBot
{
    public const string Welcome = "welcome";

    public static string EchoOf(string text, string? locale)
        => locale is not null && locale.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? $"收到：{text}" : $"You said: {text}";

    public async Task OnTurnAsync(ITurnContext turn, CancellationToken ct = default)
    {
        var a = turn.Activity;
        switch (a.Type)
        {
            case ActivityTypes.ConversationUpdate when a.MembersAdded?.Any(m => m.Role == "user") == true:
                await turn.SendActivityAsync(Welcome, ct);
                break;
            case ActivityTypes.Message when a.Text == "fail":
                throw new InvalidOperationException("the bot broke on purpose");
            case ActivityTypes.Message when a.Text == "whoami":
                await turn.SendActivityAsync("customer:" + (turn.GetSignedInCustomerId() ?? "anonymous"), ct);
                break;
            case ActivityTypes.Message when a.Attachments is { Count: > 0 }:
                await turn.SendActivityAsync($"attachments:{a.Attachments.Count}:{a.Attachments[0].ContentType}", ct);
                break;
            case ActivityTypes.Message:
                await turn.SendActivityAsync(EchoOf(a.Text ?? "", a.Locale), ct);
                break;
        }
    }
}

using Activity = ComplaintBot.Dialogs.Schema.Activity;

namespace ComplaintBot.Bench;

/// <summary>
/// One customer turn: send <see cref="Text"/>, or, with <see cref="PickOffered"/>, the first suggested action of the
/// bot's last reply (a button press), falling back to <see cref="Text"/> when none was offered.
/// </summary>
public sealed record ScriptStep(string Text, bool PickOffered = false)
{
    public static ScriptStep Say(string text) => new(text);
    public static ScriptStep Pick(string fallback) => new(fallback, PickOffered: true);

    /// <summary>What the customer sends after <paramref name="lastReplies"/> (the replies to its previous turn).</summary>
    public string TextAfter(IReadOnlyList<Activity> lastReplies)
    {
        if (!PickOffered) return Text;
        var offered = lastReplies.LastOrDefault(r => r.SuggestedActions?.Actions.Count > 0)?.SuggestedActions!.Actions[0];
        return offered is null ? Text : offered.Value?.ToString() ?? offered.Title ?? Text;
    }
}

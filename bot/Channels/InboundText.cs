using ComplaintBot.Dialogs.Schema;

namespace ComplaintBot.Bot.Channels;

/// <summary>
/// What every channel does to a customer's text before anything stores or reads it: control characters (C0 and C1,
/// DEL) are removed; tabs and line breaks stay. They carry no meaning in a chat, a NUL in a stored JSON document makes
/// PostgreSQL refuse every json operator on it (dashboard, follow-ups), and terminal escapes would reach log viewers.
/// </summary>
public static class InboundText
{
    public static void Clean(Activity activity)
    {
        if (activity.Text is { } text && text.Any(Unwanted)) activity.Text = string.Concat(text.Where(c => !Unwanted(c)));
    }

    private static bool Unwanted(char c) => char.IsControl(c) && c is not ('\t' or '\n' or '\r');
}

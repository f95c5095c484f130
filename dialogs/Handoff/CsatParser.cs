namespace ComplaintBot.Dialogs.Handoff;

/// <summary>
/// Reads a bare 1–5 score ("5", "4分", "★★★", "five") after an agent resolved a case, as <see cref="Nlu.RatingParser"/>
/// reads it. A score with words is not taken here: the bot takes it with its comment.
/// </summary>
public static class CsatParser
{
    public static int? Parse(string? text) => Nlu.RatingParser.Parse(text) is { Comment: null } rating ? rating.Score : null;
}

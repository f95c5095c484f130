namespace ComplaintBot.Dialogs.Handoff;

/// <summary>Reads the 1–5 satisfaction score after an agent resolved a case: the same reading as the bot's own question (<see cref="Nlu.RatingParser"/>).</summary>
public static class CsatParser
{
    public static int? Parse(string? text) => Nlu.RatingParser.Parse(text)?.Score;
}

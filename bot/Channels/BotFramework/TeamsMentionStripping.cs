using System.Text.Json;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.Turns;
using IMiddleware = ComplaintBot.Dialogs.Turns.IMiddleware;

namespace ComplaintBot.Bot.Channels.BotFramework;

/// <summary>
/// In Teams channels and group chats the customer has to @mention the bot, which puts "&lt;at&gt;BotName&lt;/at&gt;"
/// into the text. The dialogs must see only what the customer said, so the bot's own mention is removed.
/// </summary>
public sealed class TeamsMentionStripping : IMiddleware
{
    public const string TeamsChannelId = "msteams";

    public Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken ct)
    {
        var activity = turnContext.Activity;
        if (string.Equals(activity.ChannelId, TeamsChannelId, StringComparison.OrdinalIgnoreCase) && activity.Text is not null)
            activity.Text = StripOwnMention(activity);
        return next(ct);
    }

    public static string StripOwnMention(Activity activity)
    {
        var text = activity.Text ?? "";
        var botId = activity.Recipient?.Id;
        if (botId is null || activity.Entities is null) return text;

        foreach (var entity in activity.Entities.Where(e => string.Equals(e.Type, "mention", StringComparison.OrdinalIgnoreCase)))
        {
            if (entity.Properties is null || !entity.Properties.TryGetValue("mentioned", out var mentioned)) continue;
            if (mentioned.ValueKind != JsonValueKind.Object || !mentioned.TryGetProperty("id", out var id) || id.GetString() != botId) continue;

            var mentionText = entity.Properties.TryGetValue("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (string.IsNullOrEmpty(mentionText) && mentioned.TryGetProperty("name", out var name))
                mentionText = $"<at>{name.GetString()}</at>";
            if (!string.IsNullOrEmpty(mentionText))
                text = text.Replace(mentionText, "", StringComparison.OrdinalIgnoreCase);
        }
        return text.Trim();
    }
}

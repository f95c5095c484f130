using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.Text;
using ComplaintBot.Dialogs.Turns;

namespace ComplaintBot.Bot.Channels;

/// <summary>
/// How every channel ends a turn that threw: the error is logged and the customer gets the apology
/// (<c>errors.turn_failed</c> in prompts/{locale}/errors.yaml) in the turn's locale, else the message's language.
/// What the turn stored before it failed (the customer's message first of all) stays stored.
/// </summary>
public sealed class TurnErrorApology(PromptLibrary prompts, ILogger<TurnErrorApology> log)
{
    public const string Prompt = "errors.turn_failed";

    /// <returns>False when the apology itself could not be sent (the channel may be what failed).</returns>
    public async Task<bool> SendAsync(ITurnContext turnContext, Exception error)
    {
        log.LogError(error, "Turn failed on {Channel} conversation {Conversation}", turnContext.Activity.ChannelId, turnContext.Activity.Conversation?.Id);
        try
        {
            var locale = LocaleResolver.Resolve(turnContext.Activity.Locale, turnContext.Activity.Text, prompts.DefaultLocale);
            var apology = Activity.CreateMessage(prompts.Render(locale, Prompt));
            apology.Locale = locale;
            await turnContext.SendActivityAsync(apology);
            return true;
        }
        catch (Exception sendError)
        {
            log.LogError(sendError, "Could not send the apology");
            return false;
        }
    }
}

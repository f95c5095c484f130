using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.Turns;

namespace ComplaintBot.Dialogs.Handoff;

/// <summary>
/// Runs a proactive turn on a stored conversation through the channel it came from (Direct Line stream or the
/// Bot Framework Connector). The host picks the adapter from the reference's channel and service URL.
/// </summary>
public interface IProactiveSender
{
    Task ContinueAsync(ConversationReference reference, BotCallback callback, CancellationToken ct = default);
}

using Microsoft.Extensions.Options;

namespace ComplaintBot.Bot.Hosting;

/// <summary>
/// Messages per conversation for /api/messages, whose conversation id is in the body: the same limit as Direct Line's,
/// checked by the endpoint once the activity is parsed and before its turn runs. Each conversation has its own fixed
/// window from its first message (<see cref="FixedWindowCounters{TKey}"/>: no timer, and a check allocates nothing once
/// the conversation is known).
/// </summary>
public sealed class ConversationMessageLimiter(IOptions<RateLimitOptions> options, TimeProvider? time = null)
{
    private readonly FixedWindowCounters<(string Channel, string Conversation)> _windows = new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Conversations counted now (those seen within about the last two windows).</summary>
    internal int Tracked => _windows.Tracked;

    /// <summary>Null when the activity may go on; otherwise the 429 to answer.</summary>
    public IResult? TryAcquire(string channelId, string conversationId)
        => _windows.TryAcquire((channelId, conversationId), options.Value.MessagesPerConversation, _time.GetUtcNow().UtcTicks) is { } wait
            ? RateLimitSetup.TooMany(wait)
            : null;
}

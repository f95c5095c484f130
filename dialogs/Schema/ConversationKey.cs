namespace ComplaintBot.Dialogs.Schema;

/// <summary>
/// Which conversation something belongs to: the channel AND the channel's conversation id. Conversation ids are
/// chosen by channels (and, on /api/messages, by whoever calls), so an id alone would let one channel's caller write
/// into another channel's conversation. State, transcripts and case look-ups all go by this pair.
/// </summary>
public static class ConversationKey
{
    /// <summary>The transcript key: <c>{channelId}/{conversationId}</c>.</summary>
    public static string Of(string channelId, string conversationId) => $"{channelId}/{conversationId}";

    /// <returns>The key of the activity's conversation, or null when it lacks a channel or conversation id.</returns>
    public static string? Of(Activity a)
        => string.IsNullOrEmpty(a.ChannelId) || string.IsNullOrEmpty(a.Conversation?.Id) ? null : Of(a.ChannelId, a.Conversation.Id);

    /// <summary>Whether a channel id can be part of a key: a plain token, so that no two (channel, id) pairs share a key.</summary>
    public static bool IsValidChannelId(string? channelId)
        => !string.IsNullOrEmpty(channelId) && channelId.Length <= 64
           && channelId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}

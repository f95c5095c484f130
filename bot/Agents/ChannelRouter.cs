using ComplaintBot.Dialogs.Handoff;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.Turns;

namespace ComplaintBot.Bot.Agents;

/// <summary>
/// Sends proactive turns (agent replies, callback promise, CSAT) through the channel the conversation came from:
/// our own Direct Line for Web Chat in the storefront, the Bot Framework Connector for everything else.
/// </summary>
public sealed class ChannelRouter(IEnumerable<ProactiveRoute> routes) : IProactiveSender
{
    private readonly ProactiveRoute[] _routes = routes.ToArray();

    public Task ContinueAsync(ConversationReference reference, BotCallback callback, CancellationToken ct = default)
    {
        var route = _routes.FirstOrDefault(r => !r.Fallback && r.Matches(reference))
            ?? _routes.FirstOrDefault(r => r.Fallback && r.Matches(reference))
            ?? throw new InvalidOperationException($"No channel adapter can reach channel '{reference.ChannelId}' at '{reference.ServiceUrl}'.");
        return route.Adapter().ContinueConversationAsync(reference, callback, ct);
    }

    /// <summary>
    /// Our self-hosted Direct Line (the storefront widget): channel "directline" at our own URL. Azure Bot Service's
    /// Direct Line uses the same channel id but a botframework.com service URL and is reached through the Connector.
    /// </summary>
    public static bool IsOwnDirectLine(ConversationReference r)
        => string.Equals(r.ChannelId, "directline", StringComparison.OrdinalIgnoreCase)
           && Uri.TryCreate(r.ServiceUrl, UriKind.Absolute, out var url)
           && !AzureHosts.Any(h => url.Host.Equals(h, StringComparison.OrdinalIgnoreCase) || url.Host.EndsWith("." + h, StringComparison.OrdinalIgnoreCase));

    private static readonly string[] AzureHosts = ["botframework.com", "botframework.azure.us", "botframework.azure.cn"];
}

/// <summary>One channel the router can send through; specific routes are tried in registration order, then fallbacks.</summary>
public sealed record ProactiveRoute(string Name, Func<ConversationReference, bool> Matches, Func<BotAdapter> Adapter, bool Fallback = false);

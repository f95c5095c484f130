using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Dialogs.Turns;
using Microsoft.Extensions.Options;

namespace ComplaintBot.Bot.Channels.DirectLine;

/// <summary>Thrown when the bot cannot take a turn (none registered, or it failed); the endpoint answers 502.</summary>
public sealed class BotUnavailableException(string code, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Code { get; } = code;
}

/// <summary>
/// The Direct Line operations, shared by the REST endpoints, the upload endpoint, the WebSocket stream and the
/// storefront token endpoint: conversations, tokens, inbound activities and reading the activity log.
/// </summary>
public sealed class DirectLineChannel(
    DirectLineAdapter adapter,
    DirectLineConversations conversations,
    DirectLineTokenService tokens,
    ITranscriptStore transcripts,
    IOptions<DirectLineOptions> options,
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    ILogger<DirectLineChannel> log)
{
    private const int PageSize = 500;
    private DirectLineOptions O => options.Value;

    public DirectLineConversations Conversations => conversations;
    public DirectLineTokenService Tokens => tokens;

    public ChannelAccount BotAccount => new() { Id = O.BotId, Name = O.BotName, Role = "bot" };

    public async Task<DirectLineConversation> CreateConversationAsync(string? userId, string? userName, string? customerId, CancellationToken ct,
        string? locale = null, IReadOnlyList<string>? trustedOrigins = null)
    {
        var conversation = new DirectLineConversation(
            DirectLineConversations.NewId(), userId ?? NewUserId(), userName, customerId, Started: false, tokens.Now, locale,
            trustedOrigins is { Count: > 0 } ? trustedOrigins : null);
        await conversations.CreateAsync(conversation, ct);
        return conversation;
    }

    /// <summary>"dl_" + random, the Direct Line convention for ids the service made up.</summary>
    public static string NewUserId() => "dl_" + DirectLineConversations.NewId();

    /// <summary>The record for a token's conversation; recreated from the (signed) claims if the store lost it.</summary>
    public async Task<DirectLineConversation> ConversationForTokenAsync(DirectLineTokenClaims claims, CancellationToken ct)
    {
        var found = await conversations.GetAsync(claims.ConversationId, ct);
        if (found is not null) return found;
        var conversation = new DirectLineConversation(claims.ConversationId, claims.UserId, claims.UserName, claims.CustomerId, false, tokens.Now,
            TrustedOrigins: claims.TrustedOrigins);
        try { await conversations.CreateAsync(conversation, ct); }
        catch (StorageConflictException) { return (await conversations.GetAsync(claims.ConversationId, ct))!; }
        return conversation;
    }

    public string IssueToken(DirectLineConversation c, string purpose = DirectLineTokenClaims.ConversationPurpose)
    {
        var lifetime = purpose == DirectLineTokenClaims.StreamPurpose ? O.StreamUrlLifetime : O.TokenLifetime;
        return tokens.Issue(new DirectLineTokenClaims(c.Id, c.UserId ?? NewUserId(), c.UserName, c.CustomerId,
            tokens.Now.Add(lifetime).ToUnixTimeSeconds(), purpose, c.TrustedOrigins));
    }

    /// <summary>
    /// The origins a new conversation's tokens are bound to: those asked for (each one configured, when
    /// <see cref="DirectLineOptions.TrustedOrigins"/> is set), else the configured ones. Null: an origin asked for is not configured.
    /// </summary>
    public IReadOnlyList<string>? TrustedOriginsFor(IReadOnlyList<string>? requested)
    {
        var configured = O.TrustedOrigins.Select(DirectLineOrigins.Normalize).Where(o => o.Length > 0).Distinct().ToList();
        var asked = (requested ?? []).Select(DirectLineOrigins.Normalize).Where(o => o.Length > 0).Distinct().ToList();
        if (asked.Count == 0) return configured;
        return configured.Count > 0 && asked.Any(o => !configured.Contains(o)) ? null : asked;
    }

    public int TokenLifetimeSeconds => (int)O.TokenLifetime.TotalSeconds;

    public string StreamUrl(HttpRequest request, DirectLineConversation c, long? watermark)
    {
        var scheme = request.IsHttps ? "wss" : "ws";
        var wm = watermark is { } w ? $"watermark={w}&" : "";
        return $"{scheme}://{request.Host}{request.PathBase}/v3/directline/conversations/{Uri.EscapeDataString(c.Id)}/stream?{wm}t={Uri.EscapeDataString(IssueToken(c, DirectLineTokenClaims.StreamPurpose))}";
    }

    public static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";

    public ChannelAccount UserAccount(string userId, string? userName, string? customerId)
    {
        var user = new ChannelAccount { Id = userId, Name = userName, Role = "user" };
        user.SetSignedInCustomerId(customerId);
        return user;
    }

    /// <summary>Marks the conversation started and tells the bot (conversationUpdate with the members). False if it already was.</summary>
    /// <param name="locale">The client's locale at start (Direct Line JS sends it), else the one given with the token, so the greeting is in the customer's language.</param>
    public async Task<bool> StartAsync(DirectLineConversation c, string baseUrl, CancellationToken ct, string? locale = null)
    {
        if (!await conversations.TryMarkStartedAsync(c.Id, ct)) return false;
        var user = c.UserId is null ? null : UserAccount(c.UserId, c.UserName, c.CustomerId);
        var update = new Activity
        {
            Type = ActivityTypes.ConversationUpdate,
            MembersAdded = user is null ? new() { BotAccount } : new() { BotAccount, user },
            From = user ?? BotAccount,
            Locale = locale ?? c.Locale,
        };
        await RunTurnAsync(Stamp(update, c.Id, baseUrl), ct);
        return true;
    }

    /// <summary>Server-side fields of an inbound activity: id, time, channel, conversation, recipient.</summary>
    public Activity Stamp(Activity a, string conversationId, string baseUrl)
    {
        a.Id = DirectLineAdapter.NewActivityId();
        a.Timestamp = tokens.Now;
        a.ChannelId = DirectLineAdapter.ChannelId;
        a.ServiceUrl = baseUrl + "/";
        a.Conversation = new ConversationAccount { Id = conversationId };
        a.Recipient = BotAccount;
        a.DeliveryMode = null; // replies always go through the activity log, never in the HTTP response
        return a;
    }

    /// <summary>
    /// Sets who sent it: a token's user always wins over what the client wrote (Direct Line's anti-impersonation
    /// rule) and carries the verified customer id; a secret holder names its user in <c>from.id</c>.
    /// </summary>
    public IResult? AssignSender(Activity a, DirectLineCaller caller, string? userIdHint = null)
    {
        if (caller.Token is { } t)
        {
            a.From = UserAccount(t.UserId, t.UserName ?? a.From?.Name, t.CustomerId);
            return null;
        }
        var id = InboundActivity.Text(a.From?.Id ?? userIdHint);
        if (string.IsNullOrWhiteSpace(id)) return DirectLineErrors.MissingProperty("The activity needs from.id.");
        if (id.Length > InboundActivity.MaxIdLength) return DirectLineErrors.BadArgument($"from.id is longer than {InboundActivity.MaxIdLength} characters.");
        a.From = UserAccount(id, a.From?.Name, customerId: null);
        return null;
    }

    /// <summary>Runs the turn for a stamped inbound activity. The activity is in the log once this returns.</summary>
    public async Task RunTurnAsync(Activity activity, CancellationToken ct)
    {
        var bot = services.GetService<IBot>() ?? throw new BotUnavailableException("BotNotFound", "No bot is registered.");
        // A client that disconnects must not cut a turn in half; only shutdown stops it.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
        try
        {
            await adapter.ProcessActivityAsync(activity, bot.OnTurnAsync, linked.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogError(ex, "Bot failed on activity {ActivityId} in conversation {ConversationId}", activity.Id, activity.Conversation?.Id);
            throw new BotUnavailableException("BotError", "The bot failed to process the activity.", ex);
        }
    }

    /// <summary>Activities a client sees after <paramref name="watermark"/>, and the new watermark (the last sequence read).</summary>
    public async Task<(List<Activity> Activities, long Watermark, bool More)> ReadAsync(
        string conversationId, long watermark, bool includeTyping, string baseUrl, CancellationToken ct)
    {
        var entries = await transcripts.ReadAsync(DirectLineAdapter.TranscriptKey(conversationId), watermark, PageSize, ct);
        var visible = new List<Activity>();
        foreach (var e in entries)
            if (IsVisible(e.Activity, includeTyping)) visible.Add(WithFreshAttachmentLinks(e.Activity, conversationId, baseUrl));
        return (visible, entries.Count > 0 ? entries[^1].Sequence : watermark, entries.Count >= PageSize);
    }

    public async Task<long> LastSequenceAsync(string conversationId, CancellationToken ct)
    {
        long last = 0;
        while (true)
        {
            var page = await transcripts.ReadAsync(DirectLineAdapter.TranscriptKey(conversationId), last, PageSize, ct);
            if (page.Count == 0) return last;
            last = page[^1].Sequence;
            if (page.Count < PageSize) return last;
        }
    }

    /// <summary>Direct Line clients never see conversationUpdate, traces or our internal proactive-turn events; typing only on the stream.</summary>
    private static bool IsVisible(Activity a, bool includeTyping) => a.Type switch
    {
        ActivityTypes.ConversationUpdate or ActivityTypes.Trace => false,
        ActivityTypes.Typing => includeTyping,
        ActivityTypes.Event when a.Name == TranscriptLoggerMiddleware.ContinueConversationEvent => false,
        _ => true,
    };

    /// <summary>
    /// Our attachment links get a fresh signature and the current host, so old transcripts still show their photos
    /// (to the customer's chat and to the agent console alike). Returns <paramref name="a"/> itself when it has none.
    /// </summary>
    public Activity WithFreshAttachmentLinks(Activity a, string conversationId, string baseUrl)
    {
        // Null-safe for transcripts stored before the edge refused null attachments (issue 14.2).
        if (a.Attachments is not { Count: > 0 } || !a.Attachments.Any(x => AttachmentId(x?.ContentUrl, conversationId) is not null)) return a;
        var copy = a.Clone();
        foreach (var att in copy.Attachments!)
            if (att is not null && AttachmentId(att.ContentUrl, conversationId) is { } id) att.ContentUrl = AttachmentUrl(baseUrl, conversationId, id);
        return copy;
    }

    public string AttachmentUrl(string baseUrl, string conversationId, string attachmentId)
    {
        var exp = tokens.Now.Add(O.AttachmentUrlLifetime).ToUnixTimeSeconds();
        return $"{baseUrl}{AttachmentPath(conversationId, attachmentId)}?exp={exp}&sig={tokens.SignAttachment(conversationId, attachmentId, exp)}";
    }

    public static string AttachmentPath(string conversationId, string attachmentId)
        => $"/v3/directline/conversations/{Uri.EscapeDataString(conversationId)}/attachments/{Uri.EscapeDataString(attachmentId)}";

    private static string? AttachmentId(string? url, string conversationId)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri)) return null;
        var prefix = $"/v3/directline/conversations/{Uri.EscapeDataString(conversationId)}/attachments/";
        var path = uri.AbsolutePath;
        var at = path.IndexOf(prefix, StringComparison.Ordinal);
        return at < 0 ? null : Uri.UnescapeDataString(path[(at + prefix.Length)..]);
    }
}

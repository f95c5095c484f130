namespace ComplaintBot.Bot.Channels.DirectLine;

/// <summary>The "DirectLine" section of appsettings.json.</summary>
public sealed class DirectLineOptions
{
    public const string Section = "DirectLine";

    /// <summary>Direct Line secrets for server-to-server callers (shop backends, tests). Never sent to a browser.</summary>
    public List<string> Secrets { get; set; } = new();

    /// <summary>Convenience for a single secret; merged into <see cref="Secrets"/>.</summary>
    public string? Secret { get; set; }

    /// <summary>
    /// Key that signs conversation tokens and attachment URLs. Empty: derived from the first secret; with no secret
    /// either, a random key is created once in <see cref="KeyFile"/> so tokens survive a restart.
    /// </summary>
    public string? TokenSigningKey { get; set; }

    /// <summary>Where the generated signing key is kept when none is configured (relative to the content root).</summary>
    public string KeyFile { get; set; } = "data/directline.key";

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a streamUrl may be used to open the WebSocket (the spec gives clients 60 s).</summary>
    public TimeSpan StreamUrlLifetime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>An empty WebSocket message is sent when nothing else was sent for this long.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Origins (scheme://host[:port]) whose pages may call POST /api/directline/token. Same-origin is always allowed.</summary>
    public List<string> AllowedOrigins { get; set; } = new();

    /// <summary>
    /// Enhanced authentication: the origins (scheme://host[:port]) that may host the chat. Non-empty: every token is bound
    /// to them (tokens/generate may narrow the list with <c>trustedOrigins</c>, never widen it) and is refused on requests
    /// and WebSocket upgrades from any other Origin, or with none. Empty: tokens carry only the origins a generate call names.
    /// </summary>
    public List<string> TrustedOrigins { get; set; } = new();

    /// <summary>Total file bytes accepted by one upload request; more → 413.</summary>
    public long MaxUploadBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Content types accepted by upload ("image/*" style wildcards allowed); others → 415. Empty: common image types.
    /// (Empty by default because configuration binding appends to a pre-filled list instead of replacing it.)</summary>
    public List<string> AllowedUploadTypes { get; set; } = new();

    public IReadOnlyList<string> UploadTypes()
        => AllowedUploadTypes.Count > 0 ? AllowedUploadTypes : new[] { "image/jpeg", "image/png", "image/gif", "image/webp" };

    /// <summary>How long a signed attachment URL handed to clients and the bot stays valid.</summary>
    public TimeSpan AttachmentUrlLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Uploaded files are deleted once they are older than this (whole UTC days, so up to a day later). Zero: kept forever.
    /// Files uploaded before this setting existed are not tracked and stay.
    /// </summary>
    public TimeSpan AttachmentRetention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How often the background cleanup of old uploads runs.</summary>
    public TimeSpan AttachmentCleanupInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Shared secret with the shop backend for signed customer ids (customerId.expiryUnix.signatureHex). Empty: feature off.</summary>
    public string? CustomerIdHmacSecret { get; set; }

    /// <summary>A signed customer id whose expiry lies further in the future than this is refused (limits replay).</summary>
    public TimeSpan CustomerIdMaxAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The bot's account on this channel (the recipient of user activities, the sender of replies).</summary>
    public string BotId { get; set; } = "complaintbot";

    public string BotName { get; set; } = "ComplaintBot";

    public IEnumerable<string> AllSecrets()
        => Secrets.Append(Secret ?? "").Where(s => !string.IsNullOrWhiteSpace(s)).Distinct();
}

namespace ComplaintBot.Bot.Stores;

/// <summary>Bound from <c>Storage:Postgres</c>; used when <c>Storage:Provider</c> is <c>Postgres</c>.</summary>
public sealed class PostgresStoreOptions
{
    public const string Section = "Storage:Postgres";

    /// <summary>Npgsql connection string. Every bot instance behind the load balancer points at the same database.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Schema holding the bot's tables; created at start-up if missing.</summary>
    public string Schema { get; set; } = "complaintbot";

    /// <summary>The one LISTEN/NOTIFY channel all topics travel on (the topic is inside the payload).</summary>
    public string NotificationChannel { get; set; } = "complaintbot_events";

    /// <summary>Upper bound of the back-off between reconnects of the listening connection.</summary>
    public int ListenReconnectMaxSeconds { get; set; } = 10;

    /// <summary>Hold each turn's conversation lock in the database, so turns are serialized across instances too.</summary>
    public bool SerializeTurnsAcrossInstances { get; set; } = true;

    /// <summary>How long a turn waits for another instance's turn of the same conversation before failing.</summary>
    public int TurnLockTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// This instance's connection pool when the connection string sets no <c>Maximum Pool Size</c> (Npgsql's own default,
    /// 100, lets two instances exhaust a default PostgreSQL server). A turn uses one connection; the listener one more.
    /// </summary>
    public int MaxPoolSize { get; set; } = 20;

    /// <summary>How many instances share the database: start-up refuses a pool that, times this, exceeds the server's budget.</summary>
    public int PlannedInstances { get; set; } = 1;

    /// <summary>Connections kept free for administration, monitoring and migrations (besides the superuser reserve).</summary>
    public int ConnectionHeadroom { get; set; } = 10;

    /// <summary>The listener holds one connection, a turn one, requests outside turns (streams, console) at least one.</summary>
    public const int MinimumPoolSize = 3;
}

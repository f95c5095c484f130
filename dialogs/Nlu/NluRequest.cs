using ComplaintBot.Dialogs.Orders;

namespace ComplaintBot.Dialogs.Nlu;

/// <summary>One message to understand, with what the conversation already knows.</summary>
/// <param name="Locale">The conversation's (or the channel's) locale; the message's own language may differ.</param>
/// <param name="Catalog">The shop's products: a product is only ever one of these (or a line of an order in context).</param>
public sealed record NluRequest(string? Text, string? Locale, IReadOnlyList<Product> Catalog, DateTimeOffset Now)
{
    /// <summary>
    /// The customer the channel proved for this conversation (null = anonymous). It bounds which orders a model may
    /// look up: only this customer's, never one the customer merely typed.
    /// </summary>
    public string? CustomerId { get; init; }
    /// <summary>The order the conversation is about so far, if any (typed by the customer: proves nothing by itself).</summary>
    public string? OrderNumber { get; init; }
    /// <summary>
    /// The conversation's order when the customer proved it is theirs (phone digits, e-mail, or signed in as its owner):
    /// a model may look it up like one of a proven customer's orders.
    /// </summary>
    public string? ProvenOrderNumber { get; init; }
    /// <summary>Facts from earlier messages, which this message may correct; null before the first complaint.</summary>
    public KnownFacts? Known { get; init; }
}

/// <summary>The current issue's facts as the conversation has them.</summary>
public sealed record KnownFacts(ProblemKind? Problem, string? Sku, WishKind? Wish);

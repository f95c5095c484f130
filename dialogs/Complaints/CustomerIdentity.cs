using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Dialogs.Turns;

namespace ComplaintBot.Dialogs.Complaints;

/// <summary>
/// The signed-in customer behind a message: only the id the channel proved for this turn (<see cref="SignedInCustomer"/>,
/// today our Direct Line's token). Anything a client put on the activity is ignored, and so is the owner of an order the
/// customer typed: an order number proves nothing. Null = anonymous.
/// </summary>
public static class CustomerIdentity
{
    public static string? Of(ITurnContext turn) => turn.GetSignedInCustomerId();

    /// <summary>Whether the channel proved that this conversation's customer owns <paramref name="order"/>.</summary>
    public static bool OwnsOrder(ComplaintSession session, Orders.Order order)
        => session.CustomerId is { } id && string.Equals(id, order.CustomerId, StringComparison.Ordinal);
}

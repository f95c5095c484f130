using ComplaintBot.Dialogs.Nlu;
using ComplaintBot.Dialogs.Orders;
using ComplaintBot.Dialogs.Turns;
using Microsoft.Extensions.Logging;

namespace ComplaintBot.Dialogs.Complaints;

/// <summary>
/// The answer to the identity question (<c>identity.ask</c>, asked by the clarify step for an order the customer has not
/// proved): a match proves the order for the conversation (<see cref="ComplaintSession.Proof"/>); "I can't" or the last of
/// <c>Complaints:MaxVerifyAttempts</c> wrong answers goes on in general terms and offers a person. Nobody is locked out
/// of complaining, and a wrong answer never says which part was wrong.
/// </summary>
public sealed class IdentityCheck(IOrderService orders, FactMerger facts, ComplaintMessages messages, ComplaintOptions options, ILogger log)
{
    /// <param name="asked">The order the question was about.</param>
    /// <param name="learned">The answer told us something else (another order number, a wish): kept, and asked again.</param>
    /// <returns>Whether the question is asked again as "that doesn't match". Every answer counts as understood.</returns>
    public async Task<bool> AbsorbAsync(ITurnContext turn, ComplaintSession session, string? asked, Extraction x, bool learned, CancellationToken ct)
    {
        var locale = session.Locale!;
        // Another order number was given meanwhile: the question is asked about that one.
        if (asked is null || session.OrderNumber != asked) return false;
        var order = await orders.GetOrderAsync(asked, ct);
        var owner = order is null ? null : await orders.GetCustomerAsync(order.CustomerId, ct);
        if (order is not null && owner is not null && OrderAccess.Match(x, owner) is { } by)
        {
            session.Proof = new OrderProof(order.Number, by);
            log.LogOrderProved(order.Number, by);
            await facts.UseOrderAsync(session, order, ct);
            await messages.SayAsync(turn, locale, "identity.verified", ct: ct);
            return false;
        }
        if (KeywordRules.Default.SaysCannotProve(x.Text) || IsButton(x.Text, locale, "identity.cannot"))
        {
            await GoOnInGeneralTermsAsync(turn, session, asked, ct);
            return false;
        }
        // Something else we can use (a wish, the product): kept; the question simply comes again.
        if (learned && !OrderAccess.LooksLikeAnAnswer(x)) return false;

        session.ProofFailures++;
        log.LogOrderProofFailed(asked, session.ProofFailures, OrderAccess.Masked(x.Text));
        if (session.ProofFailures >= options.MaxVerifyAttempts)
        {
            await GoOnInGeneralTermsAsync(turn, session, asked, ct);
            return false;
        }
        return true;
    }

    private async Task GoOnInGeneralTermsAsync(ITurnContext turn, ComplaintSession session, string order, CancellationToken ct)
    {
        session.ProofDeclinedFor = order;
        var locale = session.Locale!;
        await turn.SendActivityAsync(messages.Message(locale, "identity.general_terms", buttons: [messages.Text(locale, "identity.agent_button")]), ct);
    }

    private bool IsButton(string text, string locale, string key)
        => string.Equals(text.Trim(), messages.Text(locale, key), StringComparison.OrdinalIgnoreCase);
}

internal static partial class IdentityCheckLog
{
    // Debug: most conversations prove an order, so at Information it was a console line per customer.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Order {Order}: the customer proved it is theirs ({By})")]
    public static partial void LogOrderProved(this ILogger logger, string order, Cases.CustomerVerification by);

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {Order}: identity answer did not match (failure {Failures}); answer {Answer}")]
    public static partial void LogOrderProofFailed(this ILogger logger, string order, int failures, string answer);
}

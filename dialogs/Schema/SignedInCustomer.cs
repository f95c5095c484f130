using System.Text.Json;
using System.Text.Json.Nodes;
using ComplaintBot.Dialogs.Turns;

namespace ComplaintBot.Dialogs.Schema;

/// <summary>
/// The shop's signed-in customer, as proven by the channel that authenticated the sender: our Direct Line checks the
/// shop's HMAC when it mints a token and puts the id in the token; on each turn its adapter hands the id to the turn
/// (<see cref="SetSignedInCustomerId(ITurnContext, string?)"/>). Dialogs read it from the turn only. Anything an
/// activity says about itself (<c>from.properties</c>, <c>channelData</c>, <c>channelId: "directline"</c>) proves
/// nothing: a caller of /api/messages can write all of it.
/// </summary>
public static class SignedInCustomer
{
    public const string PropertyName = "signedInCustomerId";
    private const string TurnStateKey = "ComplaintBot.SignedInCustomerId";

    /// <summary>The customer id the channel proved for this turn's sender, or null (anonymous).</summary>
    public static string? GetSignedInCustomerId(this ITurnContext turn)
        => turn.TurnState.TryGetValue(TurnStateKey, out var v) ? v as string : null;

    /// <summary>For the channel adapter that verified it only.</summary>
    public static void SetSignedInCustomerId(this ITurnContext turn, string? customerId)
    {
        if (customerId is null) turn.TurnState.Remove(TurnStateKey);
        else turn.TurnState[TurnStateKey] = customerId;
    }

    /// <summary>
    /// For our Direct Line channel only: the id it stamped on an account it built itself from a token (it overwrites
    /// <c>from</c> on every inbound activity, so a client cannot set this).
    /// </summary>
    public static string? StampedCustomerId(this ChannelAccount? account)
    {
        if (account?.Extra is not { } extra || !extra.TryGetValue("properties", out var props)) return null;
        return props.ValueKind == JsonValueKind.Object
               && props.TryGetProperty(PropertyName, out var id)
               && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;
    }

    /// <summary>For the Direct Line channel only: sets (or, with null, removes) the verified id on the account it builds.</summary>
    public static void SetSignedInCustomerId(this ChannelAccount account, string? customerId)
    {
        account.Extra?.Remove("properties");
        if (customerId is null) return;
        account.Extra ??= new();
        account.Extra["properties"] = JsonSerializer.SerializeToElement(new JsonObject { [PropertyName] = customerId });
    }
}

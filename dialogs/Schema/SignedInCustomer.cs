using System.Text.Json;
using System.Text.Json.Nodes;

namespace ComplaintBot.Dialogs.Schema;

/// <summary>
/// The shop's signed-in customer, as verified by our Direct Line channel (the shop backend signs the customer id;
/// the channel checks the HMAC and stamps it on every user activity as <c>from.properties.signedInCustomerId</c>).
/// Our channel overwrites <c>from</c> on every inbound activity, so a browser cannot set it; on other channels the
/// value is ignored because nobody there verified it.
/// </summary>
public static class SignedInCustomer
{
    public const string PropertyName = "signedInCustomerId";
    public const string VerifyingChannelId = "directline";

    /// <summary>The verified customer id of the sender, or null when the customer is anonymous.</summary>
    public static string? GetSignedInCustomerId(this Activity activity)
    {
        if (!string.Equals(activity.ChannelId, VerifyingChannelId, StringComparison.OrdinalIgnoreCase)) return null;
        if (activity.From?.Extra is not { } extra || !extra.TryGetValue("properties", out var props)) return null;
        return props.ValueKind == JsonValueKind.Object
               && props.TryGetProperty(PropertyName, out var id)
               && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;
    }

    /// <summary>For the channel only: sets (or, with null, removes) the verified id on the account.</summary>
    public static void SetSignedInCustomerId(this ChannelAccount account, string? customerId)
    {
        account.Extra?.Remove("properties");
        if (customerId is null) return;
        account.Extra ??= new();
        account.Extra["properties"] = JsonSerializer.SerializeToElement(new JsonObject { [PropertyName] = customerId });
    }
}

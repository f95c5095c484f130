using System.Text.Json;
using ComplaintBot.Dialogs.Schema;

namespace ComplaintBot.Dialogs.Complaints;

/// <summary>
/// The signed-in customer id the channel put on the activity (the storefront widget passes a signed id that
/// the Direct Line side verifies). Looked for in channelData.customerId, then from.properties.customerId.
/// Null for anonymous customers.
/// </summary>
public static class CustomerIdentity
{
    public const string Property = "customerId";

    public static string? Of(Activity a)
    {
        if (a.ChannelData is System.Text.Json.Nodes.JsonObject cd && cd[Property] is { } v && v.GetValueKind() == JsonValueKind.String)
            return v.GetValue<string>();
        if (a.From?.Extra is { } extra && extra.TryGetValue("properties", out var props) && props.ValueKind == JsonValueKind.Object
            && props.TryGetProperty(Property, out var p) && p.ValueKind == JsonValueKind.String)
            return p.GetString();
        if (a.From?.Extra is { } e2 && e2.TryGetValue(Property, out var direct) && direct.ValueKind == JsonValueKind.String)
            return direct.GetString();
        return null;
    }
}

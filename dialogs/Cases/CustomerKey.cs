namespace ComplaintBot.Dialogs.Cases;

public enum CustomerKeyKind { CustomerId, Phone, OrderNumber }

/// <summary>
/// How a lead names a customer whose data is exported or erased: the shop's customer id, a phone number (compared by its
/// digits, so "+86 139-1234-5678" finds 13912345678), or an order number.
/// </summary>
public sealed record CustomerKey(CustomerKeyKind Kind, string Value)
{
    /// <summary>Fewer digits than this would match far too many numbers' endings.</summary>
    public const int MinPhoneDigits = 7;

    /// <summary>A key from an API request (exactly one of the three given), or null with the reason.</summary>
    public static CustomerKey? From(string? customerId, string? phone, string? orderNumber, out string? error)
    {
        var given = new[] { (CustomerKeyKind.CustomerId, customerId), (CustomerKeyKind.Phone, phone), (CustomerKeyKind.OrderNumber, orderNumber) }
            .Where(k => !string.IsNullOrWhiteSpace(k.Item2)).ToList();
        error = given.Count != 1 ? "Give exactly one of customerId, phone or orderNumber."
            : given[0].Item1 == CustomerKeyKind.Phone && PhoneDigits(given[0].Item2).Length < MinPhoneDigits ? $"A phone number needs at least {MinPhoneDigits} digits."
            : null;
        return error is null ? new CustomerKey(given[0].Item1, given[0].Item2!.Trim()) : null;
    }

    /// <summary>The digits of a phone number without China's country code (8613912345678 → 13912345678).</summary>
    public static string PhoneDigits(string? phone)
    {
        var digits = new string((phone ?? "").Where(char.IsAsciiDigit).ToArray());
        return digits.Length == 13 && digits.StartsWith("86", StringComparison.Ordinal) ? digits[2..] : digits;
    }

    /// <summary>The rule every store applies (the SQL stores in SQL).</summary>
    public bool Matches(Case c) => Kind switch
    {
        CustomerKeyKind.CustomerId => c.CustomerId == Value,
        CustomerKeyKind.OrderNumber => string.Equals(c.OrderNumber, Value, StringComparison.OrdinalIgnoreCase),
        _ => c.ContactPhone is { } p && PhoneDigits(p).EndsWith(PhoneDigits(Value), StringComparison.Ordinal),
    };
}

using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Nlu;
using ComplaintBot.Dialogs.Orders;

namespace ComplaintBot.Dialogs.Complaints;

/// <summary>
/// Who may see an order's details (issue 13.10): only a customer who proved the order is theirs
/// (<see cref="ComplaintSession.Proof"/>). <see cref="DetailsAsync"/> is the one way the flow reads the order for what it
/// shows or offers; <see cref="Match"/> checks an answer to the identity question (<c>identity.ask</c>): the last 4 digits of the phone on the order (or the whole number), or the order's e-mail, any case. Secrets are
/// compared in constant time over their hashes, so neither the length nor the first differing character shows in
/// the time taken; the answer itself is only ever logged masked.
/// </summary>
public static partial class OrderAccess
{
    /// <summary>The conversation's order when the customer proved it is theirs; null otherwise (and when there is none).</summary>
    public static async Task<Order?> DetailsAsync(IOrderService orders, ComplaintSession session, CancellationToken ct)
        => session.OrderVerified ? await orders.GetOrderAsync(session.OrderNumber!, ct) : null;

    /// <summary>How the answer proves the order, or null when it does not.</summary>
    public static CustomerVerification? Match(Extraction answer, Customer owner)
    {
        CustomerVerification? found = null;
        // Every candidate is compared (no early exit), so the time says nothing about which one matched.
        if (Normalize(owner.Email) is { Length: > 0 } email)
            foreach (var typed in answer.Emails)
                if (Same(Normalize(typed)!, email)) found ??= CustomerVerification.Email;
        var phone = Digits(owner.Phone);
        if (phone.Length >= 4)
            foreach (Match m in DigitRun().Matches(answer.Text))
            {
                var digits = Digits(m.Value);
                if (digits.Length == 4 && Same(digits, phone[^4..])) found ??= CustomerVerification.PhoneLast4;
                // The whole number, with or without the country code, proves it too.
                else if (digits.Length >= 7 && Same(digits.Length > phone.Length && digits.StartsWith("86") ? digits[2..] : digits, phone))
                    found ??= CustomerVerification.PhoneLast4;
            }
        return found;
    }

    /// <summary>Whether the answer tries to give the phone digits or an e-mail at all (otherwise it is no attempt).</summary>
    public static bool LooksLikeAnAnswer(Extraction answer)
        => answer.Emails.Count > 0 || DigitRun().Matches(answer.Text).Any(m => Digits(m.Value).Length is 4 or >= 7);

    /// <summary>What may be logged of an answer: its contact data masked, short digit runs hidden.</summary>
    public static string Masked(string text) => ShortDigits().Replace(Text.Masking.MaskContacts(text), m => new string('*', m.Length));

    private static bool Same(string a, string b)
        => CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));

    private static string? Normalize(string? email) => email?.Trim().ToLowerInvariant();

    private static string Digits(string? s) => s is null ? "" : new string(s.Where(char.IsAsciiDigit).ToArray());

    // A run of digits, possibly split by spaces or dashes ("138 1234 5678"); not part of a longer word like an order number.
    [GeneratedRegex(@"(?<![0-9A-Za-z])\d(?:[ \-]?\d)*(?![0-9A-Za-z])")]
    private static partial Regex DigitRun();

    [GeneratedRegex(@"(?<!\d)\d{4}(?!\d)")]
    private static partial Regex ShortDigits();
}

using System.Collections.Concurrent;
using System.Globalization;

namespace ComplaintBot.Dialogs.Text;

/// <summary>
/// Amounts as people read them: the shop's one currency (<c>Prompts:Currency</c>, ISO 4217) written the way the
/// reader's language writes it — its own sign where a country of that language uses the currency (zh-CN CNY: ¥59,
/// en-US USD: $59, en-US EUR: €59), else the ISO code (en-US CNY: CNY 59). Cents only when there are some.
/// The bot's messages (<c>{{money amount}}</c>), the storefront's prices and the agent console all use this.
/// </summary>
public static class MoneyFormat
{
    private static readonly ConcurrentDictionary<(string Currency, string Language), string?> Signs = new();

    public static string Format(decimal amount, string currency, string locale)
    {
        var culture = Culture(locale);
        var number = amount.ToString(decimal.Truncate(amount) == amount ? "N0" : "N2", culture);
        var sign = Sign(currency, culture);
        return sign is null ? $"{currency.ToUpperInvariant()} {number}" : sign + number;
    }

    /// <summary>True for a three-letter code that some country's culture uses (CNY, USD, EUR, …).</summary>
    public static bool IsKnownCurrency(string? currency)
        => currency is { Length: 3 } && CultureInfo.GetCultures(CultureTypes.SpecificCultures)
            .Any(c => RegionOf(c)?.ISOCurrencySymbol.Equals(currency, StringComparison.OrdinalIgnoreCase) == true);

    private static CultureInfo Culture(string locale)
    {
        try { return CultureInfo.GetCultureInfo(locale); }
        catch (CultureNotFoundException) { return CultureInfo.InvariantCulture; }
    }

    private static string? Sign(string currency, CultureInfo culture) => Signs.GetOrAdd((currency.ToUpperInvariant(), culture.TwoLetterISOLanguageName), key =>
    {
        // The reader's own culture first (zh-CN for CNY), then any culture of the same language that uses it (en-IE for EUR).
        var candidates = new[] { culture }.Concat(CultureInfo.GetCultures(CultureTypes.SpecificCultures)
            .Where(c => c.TwoLetterISOLanguageName == key.Language).OrderBy(c => c.Name, StringComparer.Ordinal));
        return candidates.FirstOrDefault(c => RegionOf(c)?.ISOCurrencySymbol == key.Currency)?.NumberFormat.CurrencySymbol;
    });

    private static RegionInfo? RegionOf(CultureInfo c)
    {
        if (c.IsNeutralCulture || c.Name.Length == 0) return null;
        try { return new RegionInfo(c.Name); }
        catch (ArgumentException) { return null; }
    }
}

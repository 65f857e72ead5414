namespace ProfileUnifier.Core.Money;

/// <summary>
/// ISO 4217 alphabetic codes: the current list (list one, funds and precious metals included) and the
/// codes withdrawn since 2020, so an older order still names a currency. schemas/common.schema.json holds the
/// same list as the <c>currency</c> enum; a test keeps the two in step.
/// </summary>
public static class CurrencyCodes
{
    private static readonly string[] Current =
    [
        "AED", "AFN", "ALL", "AMD", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BHD", "BIF", "BMD", "BND", "BOB",
        "BOV", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHE", "CHF", "CHW", "CLF", "CLP", "CNY", "COP", "COU",
        "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS",
        "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD",
        "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD",
        "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MXV", "MYR", "MZN", "NAD", "NGN", "NIO",
        "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR",
        "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT",
        "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "USN", "UYI", "UYU", "UYW", "UZS", "VED", "VES", "VND",
        "VUV", "WST", "XAF", "XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XCD", "XCG", "XDR", "XOF", "XPD", "XPF", "XPT", "XSU",
        "XTS", "XUA", "XXX", "YER", "ZAR", "ZMW", "ZWG",
    ];

    private static readonly string[] WithdrawnSince2020 = ["ANG", "CUC", "HRK", "SLL", "ZWL"];

    private static readonly HashSet<string> Known = new([.. Current, .. WithdrawnSince2020], StringComparer.Ordinal);

    /// <summary>Every accepted code, sorted.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Known.Order(StringComparer.Ordinal)];

    /// <summary>True for an accepted code in its canonical upper-case spelling.</summary>
    public static bool IsKnown(string? code) => code is { Length: 3 } && Known.Contains(code);

    /// <summary>The accepted code's own string instance (so parsed events share one copy), or null.</summary>
    public static string? Find(string code) => Known.TryGetValue(code, out var known) ? known : null;
}

using ProfileUnifier.Analytics.Options;

namespace ProfileUnifier.Analytics.Money;

/// <summary>
/// Converts amounts into the reporting currency: the latest dated rate on or before the day, else the
/// undated one; none means the amount cannot be converted (and is reported, not summed).
/// </summary>
public sealed class FxRates
{
    private readonly Dictionary<string, decimal> _undated;
    private readonly Dictionary<string, (DateOnly[] Days, decimal[] Rates)> _dated;

    public FxRates(string reportingCurrency, IReadOnlyDictionary<string, decimal> undated, IEnumerable<FxRate> dated)
    {
        ReportingCurrency = reportingCurrency;
        _undated = new Dictionary<string, decimal>(undated, StringComparer.Ordinal);
        _dated = dated.GroupBy(r => r.Currency, StringComparer.Ordinal).ToDictionary(g => g.Key, g =>
        {
            var sorted = g.OrderBy(r => r.Day).ToArray();
            return (sorted.Select(r => r.Day).ToArray(), sorted.Select(r => r.Rate).ToArray());
        }, StringComparer.Ordinal);
    }

    public string ReportingCurrency { get; }

    /// <summary>The rates of the settings, reading the dated file if one is configured.</summary>
    public static FxRates From(CurrencyOptions options) =>
        new(options.ReportingCurrency, options.Rates, options.RatesFile is { Length: > 0 } file ? FxRatesFile.Read(file) : []);

    /// <summary>The amount in the reporting currency, or null when no rate covers that currency on that day.</summary>
    public decimal? Convert(double amount, string currency, DateOnly day)
    {
        if (string.Equals(currency, ReportingCurrency, StringComparison.Ordinal))
        {
            return (decimal)amount;
        }

        return Rate(currency, day) is { } rate ? (decimal)amount * rate : null;
    }

    private decimal? Rate(string currency, DateOnly day)
    {
        if (_dated.TryGetValue(currency, out var dated))
        {
            var index = Array.BinarySearch(dated.Days, day);
            index = index >= 0 ? index : ~index - 1;
            if (index >= 0)
            {
                return dated.Rates[index];
            }
        }

        return _undated.TryGetValue(currency, out var rate) ? rate : null;
    }
}

/// <summary>A dated rate: one unit of <see cref="Currency"/> is worth <see cref="Rate"/> units of the reporting currency.</summary>
public readonly record struct FxRate(DateOnly Day, string Currency, decimal Rate);

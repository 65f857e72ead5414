using System.Globalization;
using System.Text;

namespace ProfileUnifier.Synthetic;

/// <summary>
/// The data set's exchange rates: RUB per USD and per EUR, one rate a month, drifting smoothly. Foreign-billed orders
/// are their rouble value divided by the month's rate, so converting them back gives the rouble figures again.
/// </summary>
public static class FxRates
{
    public const string FileName = "fx_rates.csv";

    public static decimal Rate(string currency, DateOnly day) =>
        Math.Round((currency == "USD" ? 90m : 98m) + (decimal)(4 * Math.Sin(((day.Year * 12) + day.Month) / 5.0)), 4);

    /// <summary>The rates file (date,currency,rate) for the months of a data set, first of each month.</summary>
    public static string Csv(GeneratorOptions options)
    {
        var text = new StringBuilder("date,currency,rate\n");
        var first = options.AsOf.AddDays(1 - options.Days);
        for (var month = new DateOnly(first.Year, first.Month, 1); month <= options.AsOf; month = month.AddMonths(1))
        {
            foreach (var currency in new[] { "EUR", "USD" })
            {
                text.Append(CultureInfo.InvariantCulture, $"{month:yyyy-MM-dd},{currency},{Rate(currency, month)}\n");
            }
        }

        return text.ToString();
    }
}

using System.Globalization;
using ProfileUnifier.Core.Money;

namespace ProfileUnifier.Analytics.Money;

/// <summary>
/// Reads an <c>fx_rates</c> CSV: a header <c>date,currency,rate</c>, then one rate a line (ISO date, ISO 4217
/// code, a positive number with a point). A bad line stops the run with its line number, never a guess.
/// </summary>
public static class FxRatesFile
{
    public const string Header = "date,currency,rate";

    public static IReadOnlyList<FxRate> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"rates file not found: {Path.GetFullPath(path)}");
        }

        var rates = new List<FxRate>();
        var seen = new HashSet<(DateOnly, string)>();
        var number = 0;
        foreach (var raw in File.ReadLines(path))
        {
            number++;
            var line = raw.Trim();
            if (number == 1)
            {
                if (!string.Equals(line.TrimStart('\uFEFF'), Header, StringComparison.OrdinalIgnoreCase))
                {
                    throw Bad(path, number, $"the first line must be the header \"{Header}\"");
                }

                continue;
            }

            if (line.Length == 0)
            {
                continue;
            }

            var rate = Parse(path, number, line);
            if (!seen.Add((rate.Day, rate.Currency)))
            {
                throw Bad(path, number, $"a second rate for {rate.Currency} on {rate.Day:yyyy-MM-dd}");
            }

            rates.Add(rate);
        }

        return rates;
    }

    private static FxRate Parse(string path, int number, string line)
    {
        var fields = line.Split(',');
        if (fields.Length != 3)
        {
            throw Bad(path, number, $"expected 3 fields (date,currency,rate), got {fields.Length}");
        }

        if (!DateOnly.TryParseExact(fields[0].Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            throw Bad(path, number, $"'{fields[0].Trim()}' is not a date like 2026-11-20");
        }

        var currency = fields[1].Trim();
        if (!CurrencyCodes.IsKnown(currency))
        {
            throw Bad(path, number, $"'{currency}' is not an ISO 4217 currency code");
        }

        if (!decimal.TryParse(fields[2].Trim(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var rate) || rate <= 0)
        {
            throw Bad(path, number, $"'{fields[2].Trim()}' is not a positive rate");
        }

        return new FxRate(day, currency, rate);
    }

    private static FormatException Bad(string path, int line, string what) => new($"{path} line {line}: {what}");
}

using System.Globalization;
using ProfileUnifier.Analytics.Options;
using ProfileUnifier.Query;

namespace ProfileUnifier.Analytics.Money;

/// <summary>
/// The exchange rates as two DuckDB tables the facts query converts with: <c>fx_dated</c> (currency, day, rate; an
/// order takes the latest on or before its day) and <c>fx_undated</c> (currency, rate; the fallback). A rate is the
/// reporting currency's units for one unit of the currency.
/// </summary>
public static class FxTable
{
    public const string Dated = "fx_dated";
    public const string Undated = "fx_undated";

    public static void Register(LakeDatabase lake, CurrencyOptions options)
    {
        var dated = options.RatesFile is { Length: > 0 } file ? FxRatesFile.Read(file) : [];
        lake.Execute($"CREATE OR REPLACE TEMP TABLE {Dated} (currency VARCHAR, day DATE, rate DOUBLE)");
        lake.Execute($"CREATE OR REPLACE TEMP TABLE {Undated} (currency VARCHAR, rate DOUBLE)");
        // Codes and days are validated, rates are numbers: literals are safe, and one statement beats a row each.
        foreach (var chunk in dated.Chunk(1000))
        {
            lake.Execute($"INSERT INTO {Dated} VALUES " + string.Join(", ", chunk.Select(r =>
                string.Create(CultureInfo.InvariantCulture, $"('{r.Currency}', DATE '{r.Day:yyyy-MM-dd}', {(double)r.Rate:R})"))));
        }

        if (options.Rates.Count > 0)
        {
            lake.Execute($"INSERT INTO {Undated} VALUES " + string.Join(", ", options.Rates.Select(r =>
                string.Create(CultureInfo.InvariantCulture, $"({LakeDatabase.Literal(r.Key)}, {(double)r.Value:R})"))));
        }
    }
}

/// <summary>A dated rate: one unit of <see cref="Currency"/> is worth <see cref="Rate"/> units of the reporting currency.</summary>
public readonly record struct FxRate(DateOnly Day, string Currency, decimal Rate);

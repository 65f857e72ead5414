namespace ProfileUnifier.Analytics.Options;

/// <summary>
/// Money in one currency (section <c>Analytics:Currency</c>): order amounts are converted into
/// <see cref="ReportingCurrency"/> at a rate from <see cref="Rates"/> or, dated, from <see cref="RatesFile"/>.
/// An order whose currency has no rate is reported, never summed as if it were in the reporting currency.
/// </summary>
public sealed class CurrencyOptions
{
    /// <summary>ISO 4217 code every amount of rank, profile, segments and the report is shown in.</summary>
    public string ReportingCurrency { get; set; } = "RUB";

    /// <summary>The currency of orders that name none (empty: the reporting currency). Invoices and payments carry none.</summary>
    public string DefaultCurrency { get; set; } = "";

    /// <summary>Undated rates: units of the reporting currency for one unit of the keyed currency.</summary>
    public Dictionary<string, decimal> Rates { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// A CSV file <c>date,currency,rate</c> (header line first; rate as above). An order takes the latest rate
    /// dated on or before its day; before a currency's first dated rate, the undated one, if any.
    /// </summary>
    public string? RatesFile { get; set; }

    public string DefaultOrReporting => string.IsNullOrEmpty(DefaultCurrency) ? ReportingCurrency : DefaultCurrency;
}

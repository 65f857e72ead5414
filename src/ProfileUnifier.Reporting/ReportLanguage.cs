using System.Globalization;

namespace ProfileUnifier.Reporting;

/// <summary>
/// The report's language: its texts and how it writes numbers and dates. Built by hand rather than from a culture,
/// because the process runs with invariant globalization (no ICU data), and a report must read the same everywhere.
/// </summary>
public sealed class ReportLanguage
{
    private readonly int _index;

    private ReportLanguage(string code, int index, NumberFormatInfo numbers, string dateFormat)
    {
        Code = code;
        _index = index;
        Numbers = numbers;
        DateFormat = dateFormat;
    }

    public static ReportLanguage English { get; } = new("en", 0, NumberFormat(",", "."), "yyyy-MM-dd");

    public static ReportLanguage Russian { get; } = new("ru", 1, NumberFormat("\u00A0", ","), "dd.MM.yyyy");

    public static IReadOnlyList<ReportLanguage> All { get; } = [English, Russian];

    /// <summary>The language of a code (en, ru); throws with the choices for any other.</summary>
    public static ReportLanguage Of(string code) => All.FirstOrDefault(l => string.Equals(l.Code, code, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"--lang {code} is not a report language (en or ru)");

    public string Code { get; }

    public NumberFormatInfo Numbers { get; }

    public string DateFormat { get; }

    /// <summary>The text of a key in this language.</summary>
    public string this[string key] => ReportText.Get(key, _index);

    /// <summary>The text of a key with arguments, formatted with this language's numbers.</summary>
    public string Format(string key, params object?[] args) => string.Format(Numbers, this[key], args);

    public string Date(DateOnly day) => day.ToString(DateFormat, CultureInfo.InvariantCulture);

    public string Number(double value, int decimals = 0) => value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), Numbers);

    public string Percent(double share, int decimals = 1) => share.ToString("P" + decimals.ToString(CultureInfo.InvariantCulture), Numbers);

    /// <summary>An amount with its currency code: 334,509,551 RUB / 334 509 551 RUB.</summary>
    public string Money(double value, string currency) => $"{Number(value)}\u00A0{currency}";

    private static NumberFormatInfo NumberFormat(string group, string decimalPoint)
    {
        var format = (NumberFormatInfo)CultureInfo.InvariantCulture.NumberFormat.Clone();
        format.NumberGroupSeparator = format.PercentGroupSeparator = format.CurrencyGroupSeparator = group;
        format.NumberDecimalSeparator = format.PercentDecimalSeparator = format.CurrencyDecimalSeparator = decimalPoint;
        format.PercentPositivePattern = 0;
        format.PercentNegativePattern = 0;
        format.NegativeSign = "−";
        return format;
    }
}

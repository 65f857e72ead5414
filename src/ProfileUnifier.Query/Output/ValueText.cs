using System.Collections;
using System.Globalization;
using System.Numerics;

namespace ProfileUnifier.Query.Output;

/// <summary>
/// How a DuckDB value reads as text: invariant culture, ISO 8601 times in UTC, round-trip numbers,
/// lists and structs as JSON. Shared by the table and CSV outputs so both say the same thing.
/// </summary>
public static class ValueText
{
    /// <summary>
    /// A cell of a DuckDB result: TIMESTAMP WITH TIME ZONE comes back as a UTC <see cref="DateTimeOffset"/>
    /// (the provider returns a bare DateTime for both timestamp kinds), null as null.
    /// </summary>
    public static object? Cell(System.Data.Common.DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null
        : reader.GetDataTypeName(ordinal) == "TimestampTz" ? reader.GetFieldValue<DateTimeOffset>(ordinal)
        : reader.GetValue(ordinal);

    public static string Format(object? value) => value switch
    {
        null or DBNull => "",
        string s => s,
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        DateTime t => Timestamp(t),
        DateTimeOffset t => Timestamp(t),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        byte[] bytes => Convert.ToBase64String(bytes),
        BigInteger i => i.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IDictionary or IEnumerable => JsonValue.ToJson(value),
        _ => value.ToString() ?? "",
    };

    /// <summary>
    /// For reading, not for machines: numbers rounded to four decimals with thousands separators, lists
    /// as comma-separated items, times without trailing zeros.
    /// </summary>
    public static string Display(object? value) => value switch
    {
        double d when double.IsFinite(d) => d.ToString("#,0.####", CultureInfo.InvariantCulture),
        float f when float.IsFinite(f) => f.ToString("#,0.####", CultureInfo.InvariantCulture),
        decimal m => m.ToString("#,0.####", CultureInfo.InvariantCulture),
        IList list when value is not byte[] => string.Join(", ", list.Cast<object?>().Select(Display)),
        _ => Format(value),
    };

    /// <summary>UTC with as many fractional digits as the value has: 2026-03-01T09:30:00Z, 2026-03-01T09:30:00.25Z.</summary>
    /// <remarks>A TIMESTAMP without time zone (Kind Unspecified) gets no 'Z': it says nothing about the zone.</remarks>
    public static string Timestamp(DateTime t) => t.Kind == DateTimeKind.Unspecified
        ? t.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)
        : t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    public static string Timestamp(DateTimeOffset t) => Timestamp(t.UtcDateTime);
}

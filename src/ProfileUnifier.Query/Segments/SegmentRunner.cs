using System.Data.Common;
using ProfileUnifier.Query.Output;

namespace ProfileUnifier.Query.Segments;

/// <summary>
/// Evaluates saved segments over the lake's views and exports their members. Exports are written by
/// DuckDB (CSV or Parquet) to a temporary name beside the target and renamed into place, so a reader never
/// opens a half-written export.
/// </summary>
public sealed class SegmentRunner(LakeDatabase lake, SegmentOptions segments)
{
    public SegmentDefinition Get(string name) => segments.TryGetValue(name, out var segment)
        ? segment
        : throw new NotFoundException($"no segment named '{name}' in the settings" +
            (segments.Count == 0 ? " (section Segments is empty)" : $"; saved segments: {string.Join(", ", segments.Keys.Order(StringComparer.Ordinal))}"));

    /// <summary>The segment's query: its view's rows that meet the predicate, in a stable order.</summary>
    public string Sql(string name)
    {
        var segment = Get(name);
        lake.Require(segment.View);
        var order = string.IsNullOrWhiteSpace(segment.OrderBy) ? segment.Key : $"{segment.OrderBy}, {segment.Key}";
        return $"SELECT * FROM {segment.View} WHERE ({segment.Where}) ORDER BY {order}";
    }

    public long Count(string name) => lake.Read($"SELECT count(*) FROM ({Sql(name)})", r => r.Read() ? Convert.ToInt64(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture) : 0);

    /// <summary>Reads the members: every column, or only the segment kind's summary columns.</summary>
    public T Read<T>(string name, bool summary, Func<DbDataReader, T> consume) =>
        lake.Read(summary ? $"SELECT {string.Join(", ", Get(name).SummaryColumns)} FROM ({Sql(name)})" : Sql(name), consume);

    /// <summary>
    /// Writes the members to <paramref name="path"/>: Parquet (.parquet) or CSV (.csv, as <see cref="CsvResultWriter"/>
    /// writes it: ISO 8601 times, lists as JSON; <paramref name="bom"/> starts it with a UTF-8 byte-order mark for
    /// spreadsheets). The lake must have been opened with the target's folder among its export folders.
    /// </summary>
    public SegmentExport Export(string name, string path, bool bom = false)
    {
        var full = System.IO.Path.GetFullPath(path);
        var format = ExportFormat(full);
        var sql = Sql(name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        var staged = $"{full}.{Guid.NewGuid():N}.tmp";
        long members;
        try
        {
            if (format == "parquet")
            {
                lake.Execute($"COPY ({sql}) TO {LakeDatabase.Literal(staged)} (FORMAT parquet, COMPRESSION zstd)");
                members = lake.Read($"SELECT count(*) FROM read_parquet({LakeDatabase.Literal(staged)})",
                    r => r.Read() ? Convert.ToInt64(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture) : 0);
            }
            else
            {
                using var writer = new StreamWriter(staged, false, new System.Text.UTF8Encoding(bom));
                members = lake.Read(sql, r => CsvResultWriter.Write(r, writer));
            }

            File.Move(staged, full, overwrite: true);
        }
        finally
        {
            File.Delete(staged);
        }

        return new SegmentExport(name, members, full, format);
    }

    /// <summary>parquet or csv from the file name; anything else (.xlsx among them) is refused rather than written as something it is not.</summary>
    public static string ExportFormat(string path) => System.IO.Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".parquet" => "parquet",
        ".csv" => "csv",
        var other => throw new ArgumentException(
            $"--out: exports are .csv (UTF-8; --bom for Excel) or .parquet, not '{other}'" + (other is ".xlsx" or ".xls" ? "; Excel opens the .csv" : "")),
    };
}

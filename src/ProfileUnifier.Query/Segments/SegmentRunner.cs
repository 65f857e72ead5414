using System.Data.Common;

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

    /// <summary>Writes the members to <paramref name="path"/>: Parquet when it ends in .parquet, else CSV.</summary>
    public SegmentExport Export(string name, string path)
    {
        var sql = Sql(name);
        var full = System.IO.Path.GetFullPath(path);
        var format = full.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) ? "parquet" : "csv";
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        var staged = $"{full}.{Guid.NewGuid():N}.tmp";
        try
        {
            var options = format == "parquet" ? "FORMAT parquet, COMPRESSION zstd" : "FORMAT csv, HEADER true";
            lake.Execute($"COPY ({sql}) TO {LakeDatabase.Literal(staged)} ({options})");
            File.Move(staged, full, overwrite: true);
        }
        finally
        {
            File.Delete(staged);
        }

        var members = lake.Read($"SELECT count(*) FROM {(format == "parquet" ? "read_parquet" : "read_csv")}({LakeDatabase.Literal(full)})",
            r => r.Read() ? Convert.ToInt64(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture) : 0);
        return new SegmentExport(name, members, full, format);
    }
}

using System.Text;

namespace ProfileUnifier.Testing;

/// <summary>
/// Looks for values in every file under a lake, live or not: data files and checkpoints read with DuckDB (every row cast to
/// text, nested values included; compression would hide a byte search), every other file (commits, identity checkpoints,
/// leases, markers) searched byte by byte. What an erasure must leave nowhere.
/// </summary>
public static class LakeDisk
{
    public static List<string> FindAnywhere(string lake, IReadOnlyCollection<string> values)
    {
        var found = new List<string>();
        using var duck = new DuckLake(lake);
        foreach (var file in Directory.EnumerateFiles(lake, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (file.EndsWith(".parquet", StringComparison.Ordinal))
            {
                var literal = "'" + file.Replace("'", "''", StringComparison.Ordinal) + "'";
                foreach (var row in duck.Rows($"SELECT CAST(t AS VARCHAR) FROM read_parquet({literal}) t"))
                {
                    found.AddRange(values.Where(v => ((string)row[0]!).Contains(v, StringComparison.OrdinalIgnoreCase)).Select(v => $"{file}: {v}"));
                }
            }
            else
            {
                var text = Encoding.UTF8.GetString(File.ReadAllBytes(file));
                found.AddRange(values.Where(v => text.Contains(v, StringComparison.OrdinalIgnoreCase)).Select(v => $"{file}: {v}"));
            }
        }

        return [.. found.Distinct(StringComparer.Ordinal)];
    }
}

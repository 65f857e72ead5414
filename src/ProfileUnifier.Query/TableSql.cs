using System.Text;
using System.Text.Json;
using ProfileUnifier.Lake.Delta;

namespace ProfileUnifier.Query;

/// <summary>
/// The DuckDB SELECT that reads one Delta version of a table: its live files (partition columns from their hive
/// folders), or, with no live files, an empty result of the table's schema. Files written before a column was added
/// (their statistics name fewer columns) are read in a group of their own with that column as NULL. Not
/// <c>union_by_name</c>: DuckDB 1.5.6 returned wrong aggregates over such a scan (a FILTERed count turned revenue
/// into zeros in the rank oracle), so every file group is read with the columns it has.
/// </summary>
internal static class TableSql
{
    public static string Select(DeltaSnapshot snapshot, IReadOnlyList<string> files)
    {
        var metadata = snapshot.Metadata!;
        if (files.Count == 0)
        {
            return Empty(metadata.SchemaString);
        }

        var partitions = metadata.PartitionColumns;
        var columns = DataColumns(metadata.SchemaString, partitions);
        var groups = snapshot.OrderedFiles.Zip(files)
            .GroupBy(f => ColumnsOf(f.First) is { } present ? string.Join(',', columns.Where(c => present.Contains(c.Name)).Select(c => c.Name)) : "*", StringComparer.Ordinal)
            .ToList();
        if (groups.Count == 1)
        {
            return $"SELECT * FROM {Scan(groups[0].Select(f => f.Second), partitions)}";
        }

        // A schema change: each group reads what it has, NULL for the rest, in the table's column order.
        return string.Join("\nUNION ALL\n", groups.Select(g =>
        {
            var present = g.Key == "*" ? columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal) : g.Key.Split(',').ToHashSet(StringComparer.Ordinal);
            var select = string.Join(", ", columns.Select(c => present.Contains(c.Name) ? Quote(c.Name) : $"CAST(NULL AS {c.Type}) AS {Quote(c.Name)}")
                .Concat(partitions.Select(Quote)));
            return $"SELECT {select} FROM {Scan(g.Select(f => f.Second), partitions)}";
        }));
    }

    private static string Scan(IEnumerable<string> files, List<string> partitions)
    {
        var list = "[" + string.Join(", ", files.Select(LakeDatabase.Literal)) + "]";
        if (partitions.Count == 0)
        {
            return $"read_parquet({list})";
        }

        var types = string.Join(", ", partitions.Select(p => $"{LakeDatabase.Literal(p)}: VARCHAR"));
        return $"read_parquet({list}, hive_partitioning = true, hive_types = {{{types}}})";
    }

    /// <summary>The data columns a file has, from the column names its statistics list (null: no statistics).</summary>
    private static HashSet<string>? ColumnsOf(AddFile file)
    {
        if (file.Stats is null)
        {
            return null;
        }

        using var stats = JsonDocument.Parse(file.Stats);
        return stats.RootElement.TryGetProperty("nullCount", out var nulls)
            ? nulls.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal)
            : null;
    }

    private static List<(string Name, string Type)> DataColumns(string schemaString, IReadOnlyList<string> partitions)
    {
        using var schema = JsonDocument.Parse(schemaString);
        return [.. schema.RootElement.GetProperty("fields").EnumerateArray()
            .Select(f => (f.GetProperty("name").GetString()!, DuckType(f.GetProperty("type"))))
            .Where(c => !partitions.Contains(c.Item1))];
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Empty(string schemaString)
    {
        using var schema = JsonDocument.Parse(schemaString);
        var columns = new StringBuilder();
        foreach (var field in schema.RootElement.GetProperty("fields").EnumerateArray())
        {
            if (columns.Length > 0)
            {
                columns.Append(", ");
            }

            var name = field.GetProperty("name").GetString()!;
            columns.Append($"CAST(NULL AS {DuckType(field.GetProperty("type"))}) AS {Quote(name)}");
        }

        return $"SELECT {columns} LIMIT 0";
    }

    private static string DuckType(JsonElement type) => type.ValueKind == JsonValueKind.String
        ? type.GetString() switch
        {
            "string" => "VARCHAR",
            "long" => "BIGINT",
            "integer" => "INTEGER",
            "short" => "SMALLINT",
            "byte" => "TINYINT",
            "double" => "DOUBLE",
            "float" => "FLOAT",
            "boolean" => "BOOLEAN",
            "date" => "DATE",
            "timestamp" => "TIMESTAMPTZ",
            "binary" => "BLOB",
            var other => throw new InvalidDataException($"no DuckDB type for Delta type {other}"),
        }
        : type.GetProperty("type").GetString() == "array"
            ? DuckType(type.GetProperty("elementType")) + "[]"
            : throw new InvalidDataException($"no DuckDB type for Delta type {type}");
}

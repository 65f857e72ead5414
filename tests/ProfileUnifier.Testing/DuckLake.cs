using System.Globalization;
using System.Text.Json;
using DuckDB.NET.Data;

namespace ProfileUnifier.Testing;

/// <summary>
/// Reads a lake the way a Delta-aware BI tool does, with DuckDB, independently of the project's own log reader:
/// each table's live files come from replaying its <c>_delta_log</c> in SQL (the checkpoint <c>_last_checkpoint</c>
/// names, then the JSON commits after it; the newest action per path wins), and the table is read_parquet over them.
/// </summary>
public sealed class DuckLake : IDisposable
{
    private readonly DuckDBConnection _connection = new("Data Source=:memory:");

    public DuckLake(string root)
    {
        Root = root;
        _connection.Open();
        Execute("SET TimeZone='UTC'");
    }

    public string Root { get; }

    /// <summary>A table expression over the table's live files (an empty table reads as no rows).</summary>
    public string Table(string name)
    {
        var files = LiveFiles(name);
        if (files.Count == 0)
        {
            return "(SELECT NULL AS nothing LIMIT 0)";
        }

        return $"read_parquet({FileList(files)}, hive_partitioning = true)";
    }

    /// <summary>The table's live files as an SQL list literal, for DuckDB's file functions (parquet_metadata, read_parquet).</summary>
    public string FileList(string table) => FileList(LiveFiles(table));

    private static string FileList(IEnumerable<string> files) => $"[{string.Join(", ", files.Select(Literal))}]";

    /// <summary>The table's live data files (absolute paths) by an SQL replay of its Delta log.</summary>
    public IReadOnlyList<string> LiveFiles(string table)
    {
        var folder = Path.Combine(Root, table);
        var log = Path.Combine(folder, "_delta_log");
        if (!Directory.Exists(log))
        {
            return [];
        }

        long checkpoint = -1;
        var last = Path.Combine(log, "_last_checkpoint");
        if (File.Exists(last))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(last));
            checkpoint = json.RootElement.GetProperty("version").GetInt64();
        }

        var fromCheckpoint = checkpoint < 0
            ? ""
            : $"""
               UNION ALL
               SELECT {checkpoint} AS v, add.path AS added, remove.path AS removed
               FROM read_parquet({Literal(Path.Combine(log, checkpoint.ToString("D20", CultureInfo.InvariantCulture) + ".checkpoint.parquet"))})
               """;
        var commits = Literal(Path.Combine(log, "*.json"));
        var sql = $$"""
            WITH log AS (
                SELECT CAST(regexp_extract(filename, '(\d{20})\.json$', 1) AS BIGINT) AS v, add.path AS added, remove.path AS removed
                FROM read_json({{commits}}, format = 'newline_delimited', filename = true,
                               columns = {'add': 'STRUCT(path VARCHAR)', 'remove': 'STRUCT(path VARCHAR)'})
                WHERE v > {{checkpoint}}
                {{fromCheckpoint}}
            ), actions AS (
                SELECT coalesce(added, removed) AS path, v, added IS NOT NULL AS live FROM log WHERE added IS NOT NULL OR removed IS NOT NULL
            )
            SELECT url_decode(path) FROM actions QUALIFY row_number() OVER (PARTITION BY path ORDER BY v DESC, live) = 1 AND live ORDER BY 1
            """;
        return [.. Rows(sql).Select(r => Path.Combine(folder, (string)r[0]!))];
    }

    public void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public T Scalar<T>(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        var value = command.ExecuteScalar();
        return value is null or DBNull ? default! : (T)Convert.ChangeType(value, typeof(T), CultureInfo.InvariantCulture);
    }

    public long Count(string table, string where = "true") => Scalar<long>($"SELECT count(*) FROM {Table(table)} WHERE {where}");

    public List<object?[]> Rows(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Column names and DuckDB types of a table, one "name type" per line (for golden schema files).</summary>
    public string Describe(string table) => string.Join('\n',
        Rows($"DESCRIBE SELECT * FROM {Table(table)}").Select(r => $"{r[0]} {r[1]}")) + "\n";

    public void Dispose() => _connection.Dispose();

    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}

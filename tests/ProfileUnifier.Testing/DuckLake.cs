using DuckDB.NET.Data;

namespace ProfileUnifier.Testing;

/// <summary>
/// Reads a lake the way a BI tool does, with DuckDB: an independent reader of what the pipeline wrote.
/// Each table is a view over read_parquet('&lt;lake&gt;/&lt;table&gt;/**/*.parquet', hive_partitioning=true).
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

    public string Table(string name) =>
        $"read_parquet('{System.IO.Path.Combine(Root, name).Replace("'", "''", StringComparison.Ordinal)}/**/*.parquet', hive_partitioning=true)";

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
        return value is null or DBNull ? default! : (T)Convert.ChangeType(value, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
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
}

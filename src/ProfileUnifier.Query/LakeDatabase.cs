using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using ProfileUnifier.Lake.Reading;
using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Query.Output;
using ProfileUnifier.Query.Sandbox;

namespace ProfileUnifier.Query;

/// <summary>
/// A lake opened for SQL: an in-memory DuckDB with one view per table and the documented
/// <see cref="LakeViews"/>. Each table is one Delta version (read from its log, the tables of a group lined up),
/// and its view lists exactly that version's live files: a query never sees a file that is not committed,
/// one a later version removed, nor half of a batch. DuckDB is confined to the lake (<see cref="LakeSandbox"/>),
/// and SQL a user wrote runs through <see cref="Query{T}"/>, which lets only a SELECT through (<see cref="SqlGate"/>).
/// </summary>
public sealed partial class LakeDatabase : IDisposable
{
    private readonly DuckDBConnection _connection = new("Data Source=:memory:");
    private readonly List<string> _views = [];
    private readonly Dictionary<string, string> _unavailable = new(StringComparer.OrdinalIgnoreCase);

    private LakeDatabase(LakeVersion version)
    {
        Root = version.Root;
        Version = version;
    }

    public string Root { get; }

    /// <summary>The Delta versions the views show.</summary>
    public LakeVersion Version { get; }

    /// <summary>Tables and views a query can use, in the order they were registered.</summary>
    public IReadOnlyList<string> Views => _views;

    /// <summary>Tables and views the lake cannot offer yet, with what to do about it.</summary>
    public IReadOnlyDictionary<string, string> Unavailable => _unavailable;

    /// <summary>True when no ingest has committed anything yet.</summary>
    public bool IsEmpty => !Has(TableNames.Touchpoints) && !Has(TableNames.Profiles) && !Has(TableNames.Rejected);

    /// <summary>Opens the lake at <paramref name="root"/>; throws <see cref="DirectoryNotFoundException"/> when there is none.</summary>
    /// <param name="exportDirectories">Folders besides the lake that this process's own exports (not a user's SQL) write to.</param>
    /// <remarks>Synchronous for the callers that are (a console has no synchronisation context to deadlock on).</remarks>
    public static LakeDatabase Open(string root, IReadOnlyCollection<string>? exportDirectories = null) =>
        OpenAsync(root, CancellationToken.None, exportDirectories).GetAwaiter().GetResult();

    public static async Task<LakeDatabase> OpenAsync(string root, CancellationToken ct, IReadOnlyCollection<string>? exportDirectories = null)
    {
        var lake = new LakeDatabase(await LakeReader.ReadAsync(root, ct));
        try
        {
            lake._connection.Open();
            lake.Execute("SET TimeZone = 'UTC'");
            foreach (var table in TableNames.All.Concat(lake.Version.Tables.Keys).Distinct(StringComparer.Ordinal))
            {
                if (lake.Version[table] is not { } snapshot)
                {
                    lake._unavailable[table] = TableNames.RankOutputs.Contains(table)
                        ? $"the lake has no {table} yet: run `profileunifier rank` first"
                        : $"the lake has no {table} yet: nothing has been committed to it";
                    continue;
                }

                lake.Execute($"CREATE VIEW {Quote(table)} AS {TableSql.Select(snapshot, lake.Version.LiveFiles(table))}");
                lake._views.Add(table);
            }

            foreach (var view in LakeViews.All)
            {
                if (view.Requires.FirstOrDefault(t => !lake.Has(t)) is { } missing)
                {
                    lake._unavailable[view.Name] = lake._unavailable[missing];
                    continue;
                }

                lake.Execute($"CREATE VIEW {view.Name} AS {view.Sql}");
                lake._views.Add(view.Name);
            }

            LakeSandbox.Confine(lake._connection, lake.Root, exportDirectories ?? []);
            return lake;
        }
        catch
        {
            lake.Dispose();
            throw;
        }
    }

    public bool Has(string view) => _views.Contains(view, StringComparer.OrdinalIgnoreCase);

    /// <summary>Throws with the reason when <paramref name="view"/> is not in this lake yet.</summary>
    public void Require(string view)
    {
        if (!Has(view))
        {
            throw new LakeQueryException(_unavailable.TryGetValue(view, out var why) ? why : $"no table or view named {view}");
        }
    }

    /// <summary>Runs SQL a user wrote: one SELECT only, else a <see cref="LakeQueryException"/> before anything runs.</summary>
    public T Query<T>(string sql, Func<DbDataReader, T> consume)
    {
        SqlGate.RequireOneSelect(_connection, sql);
        return Read(sql, consume);
    }

    /// <summary>Runs a query and hands its reader to <paramref name="consume"/>; <c>$name</c> parameters come from <paramref name="parameters"/>.</summary>
    public T Read<T>(string sql, Func<DbDataReader, T> consume, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        // Rows are handed over as DuckDB produces them, not collected into a result first.
        command.UseStreamingMode = true;
        try
        {
            using var reader = command.ExecuteReader();
            return consume(reader);
        }
        catch (DuckDBException ex)
        {
            throw Explain(sql, ex);
        }
    }

    /// <summary>All rows of a query, each as column values (nulls as null).</summary>
    public List<object?[]> Rows(string sql, params (string Name, object? Value)[] parameters) => Read(sql, reader =>
    {
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            rows.Add(Values(reader));
        }

        return rows;
    }, parameters);

    /// <summary>All rows of a query, each with its column names.</summary>
    public List<LakeRow> Records(string sql, params (string Name, object? Value)[] parameters) => Read(sql, reader =>
    {
        var rows = new List<LakeRow>();
        while (reader.Read())
        {
            var row = new LakeRow();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row.Add(new(reader.GetName(i), ValueText.Cell(reader, i)));
            }

            rows.Add(row);
        }

        return rows;
    }, parameters);

    /// <summary>The current row's values, nulls as null.</summary>
    public static object?[] Values(DbDataReader reader)
    {
        var row = new object?[reader.FieldCount];
        for (var i = 0; i < row.Length; i++)
        {
            row[i] = ValueText.Cell(reader, i);
        }

        return row;
    }

    public void Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        try
        {
            command.ExecuteNonQuery();
        }
        catch (DuckDBException ex)
        {
            throw Explain(sql, ex);
        }
    }

    /// <summary>A SQL string literal (for the places DuckDB takes no parameter, such as COPY ... TO).</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    public void Dispose() => _connection.Dispose();

    private DuckDBCommand Command(string sql, (string Name, object? Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(new DuckDBParameter(name, value));
        }

        return command;
    }

    /// <summary>DuckDB's message, plus why a table the query names is missing when that is the cause.</summary>
    private LakeQueryException Explain(string sql, DuckDBException ex)
    {
        var message = new StringBuilder(ex.Message.Trim());
        foreach (var word in Identifier().Matches(sql).Select(m => m.Value).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (_unavailable.TryGetValue(word, out var why))
            {
                message.Append(CultureInfo.InvariantCulture, $"\n{why}");
            }
        }

        return new LakeQueryException(message.ToString(), ex);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    [GeneratedRegex("[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex Identifier();
}

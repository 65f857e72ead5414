using System.Text.Json;
using DuckDB.NET.Data;

namespace ProfileUnifier.Query.Sandbox;

/// <summary>
/// Lets through only what reads: one SELECT (FROM-first, WITH, DESCRIBE and SUMMARIZE included), as DuckDB's
/// own parser sees it (<c>json_serialize_sql</c> serialises SELECT statements only). COPY, ATTACH, EXPORT,
/// INSTALL, LOAD, SET, PRAGMA, CREATE and every other statement are refused before they run, so nothing a user
/// types can write, even inside the lake folder the sandbox lets DuckDB read.
/// </summary>
public static class SqlGate
{
    /// <summary>The parsed statement of <paramref name="sql"/>, or a <see cref="LakeQueryException"/> saying why it may not run.</summary>
    public static JsonElement RequireOneSelect(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        // A literal, not a parameter: the function takes a constant string only.
        command.CommandText = $"SELECT json_serialize_sql({LakeDatabase.Literal(sql)})";
        using var parsed = JsonDocument.Parse((string)command.ExecuteScalar()!);
        var root = parsed.RootElement;
        if (root.GetProperty("error").GetBoolean())
        {
            var type = root.GetProperty("error_type").GetString();
            var message = root.GetProperty("error_message").GetString();
            throw new LakeQueryException(type == "not implemented"
                ? "only a SELECT query can run here (also WITH, FROM-first, DESCRIBE, SUMMARIZE): the lake is read-only"
                : $"{char.ToUpperInvariant(type![0])}{type[1..]} Error: {message}");
        }

        var statements = root.GetProperty("statements");
        return statements.GetArrayLength() == 1
            ? statements[0].Clone()
            : throw new LakeQueryException($"one query at a time: this text holds {statements.GetArrayLength()} statements");
    }

    /// <summary>
    /// Checks that <paramref name="condition"/> (and <paramref name="orderBy"/>) are expressions over
    /// <paramref name="view"/>: nothing that closes the parenthesis around them and adds a clause, no table
    /// function, and subqueries only over the lake's own tables and views. Returns the problem, or null.
    /// </summary>
    public static string? CheckCondition(DuckDBConnection connection, string view, string condition, string orderBy)
    {
        var sql = $"SELECT * FROM {view} WHERE ({condition})" + (string.IsNullOrWhiteSpace(orderBy) ? "" : $" ORDER BY {orderBy}");
        JsonElement statement;
        try
        {
            statement = RequireOneSelect(connection, sql);
        }
        catch (LakeQueryException ex)
        {
            return ex.Message;
        }

        var node = statement.GetProperty("node");
        var shapeIsOurs = node.GetProperty("type").GetString() == "SELECT_NODE"
            && node.GetProperty("cte_map").GetProperty("map").GetArrayLength() == 0
            && node.GetProperty("select_list").GetArrayLength() == 1
            && node.GetProperty("from_table") is var from && from.GetProperty("type").GetString() == "BASE_TABLE"
            && from.GetProperty("table_name").GetString() == view
            && node.GetProperty("group_expressions").GetArrayLength() == 0
            && node.GetProperty("having").ValueKind == JsonValueKind.Null
            && node.GetProperty("modifiers").EnumerateArray().All(m => m.GetProperty("type").GetString() == "ORDER_MODIFIER");
        if (!shapeIsOurs)
        {
            return "it must be one condition over the view's columns; it changes the shape of the query";
        }

        if (Reaches(node, "type", "TABLE_FUNCTION"))
        {
            return "a table function (read_text, glob, duckdb_settings, ...) is not allowed; use the lake's tables and views";
        }

        var tables = Objects(node).Where(o => o.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "BASE_TABLE").ToList();
        return tables.FirstOrDefault(t => !IsLakeTable(t)) is { ValueKind: JsonValueKind.Object } other
            ? $"{Name(other)} is not one of the lake's tables or views"
            : null;
    }

    private static readonly string[] NameParts = ["catalog_name", "schema_name", "table_name"];

    private static bool IsLakeTable(JsonElement table) =>
        table.GetProperty("schema_name").GetString() is "" or null &&
        (!table.TryGetProperty("catalog_name", out var catalog) || catalog.GetString() is "" or null) &&
        (Lake.Tables.TableNames.All.Contains(table.GetProperty("table_name").GetString()) ||
         LakeViews.All.Any(v => v.Name == table.GetProperty("table_name").GetString()));

    private static string Name(JsonElement table) =>
        string.Join('.', NameParts.Select(p => table.TryGetProperty(p, out var v) ? v.GetString() : null).Where(v => !string.IsNullOrEmpty(v)));

    private static IEnumerable<JsonElement> Objects(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => new[] { element }.Concat(element.EnumerateObject().SelectMany(p => Objects(p.Value))),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Objects),
        _ => [],
    };

    private static bool Reaches(JsonElement element, string property, string value) =>
        Objects(element).Any(o => o.TryGetProperty(property, out var p) && p.ValueKind == JsonValueKind.String && p.GetString() == value);
}

using System.Text.Json.Nodes;
using ProfileUnifier.Lake.Parquet;

namespace ProfileUnifier.Lake.Delta;

/// <summary>A table's schema as Delta records it: Spark's JSON schema of the data columns, then the partition columns.</summary>
public static class DeltaSchema
{
    /// <summary>The top-level column names of a schema string.</summary>
    public static IReadOnlyList<string> ColumnNames(string schemaString) =>
        JsonNode.Parse(schemaString)?["fields"] is JsonArray fields
            ? [.. fields.Select(f => f?["name"]?.GetValue<string>()).OfType<string>()]
            : [];

    public static string Of(IReadOnlyList<ColumnBuffer> columns, IReadOnlyList<string> partitionColumns)
    {
        var fields = new JsonArray();
        foreach (var column in columns)
        {
            fields.Add(Field(column.Name, column.DeltaType, column.IsNullable));
        }

        foreach (var partition in partitionColumns)
        {
            fields.Add(Field(partition, "string", nullable: true));
        }

        return new JsonObject { ["type"] = "struct", ["fields"] = fields }.ToJsonString();
    }

    private static JsonObject Field(string name, JsonNode type, bool nullable) => new()
    {
        ["name"] = name,
        ["type"] = type.DeepClone(),
        ["nullable"] = nullable,
        ["metadata"] = new JsonObject(),
    };
}

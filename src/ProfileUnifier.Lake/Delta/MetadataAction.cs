using System.Text.Json.Serialization;

namespace ProfileUnifier.Lake.Delta;

/// <summary>The <c>metaData</c> action: the table's id, schema (Spark JSON schema), partition columns and properties.</summary>
public sealed record MetadataAction
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("description")]
    public string? Description { get; init; }

    [JsonPropertyName("format")]
    public FileFormat Format { get; init; } = new();

    [JsonPropertyName("schemaString")]
    public required string SchemaString { get; init; }

    [JsonPropertyName("partitionColumns")]
    public List<string> PartitionColumns { get; init; } = [];

    [JsonPropertyName("configuration")]
    public Dictionary<string, string> Configuration { get; init; } = [];

    [JsonPropertyName("createdTime")]
    public long? CreatedTime { get; init; }
}

/// <summary>The encoding of the table's files: always Parquet here.</summary>
public sealed record FileFormat
{
    [JsonPropertyName("provider")]
    public string Provider { get; init; } = "parquet";

    [JsonPropertyName("options")]
    public Dictionary<string, string> Options { get; init; } = [];
}

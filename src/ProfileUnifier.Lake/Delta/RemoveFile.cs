using System.Text.Json.Serialization;

namespace ProfileUnifier.Lake.Delta;

/// <summary>The <c>remove</c> action: a data file leaves the table; it stays on disk as a tombstone until vacuum.</summary>
public sealed record RemoveFile
{
    [JsonPropertyName("path")]
    public required string Path { get; init; }

    [JsonPropertyName("deletionTimestamp")]
    public long? DeletionTimestamp { get; init; }

    [JsonPropertyName("dataChange")]
    public required bool DataChange { get; init; }

    [JsonPropertyName("extendedFileMetadata")]
    public bool? ExtendedFileMetadata { get; init; }

    [JsonPropertyName("partitionValues")]
    public Dictionary<string, string?>? PartitionValues { get; init; }

    [JsonPropertyName("size")]
    public long? Size { get; init; }

    [JsonPropertyName("tags")]
    public Dictionary<string, string>? Tags { get; init; }

    [JsonIgnore]
    public string FilePath => Uri.UnescapeDataString(Path);
}

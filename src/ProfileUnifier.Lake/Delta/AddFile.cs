using System.Text.Json.Serialization;

namespace ProfileUnifier.Lake.Delta;

/// <summary>
/// The <c>add</c> action: a data file joins the table. <see cref="Path"/> is relative to the table folder and
/// URI-encoded (RFC 2396), as the protocol requires; <see cref="FilePath"/> decodes it.
/// </summary>
public sealed record AddFile
{
    [JsonPropertyName("path")]
    public required string Path { get; init; }

    [JsonPropertyName("partitionValues")]
    public Dictionary<string, string?> PartitionValues { get; init; } = [];

    [JsonPropertyName("size")]
    public required long Size { get; init; }

    [JsonPropertyName("modificationTime")]
    public required long ModificationTime { get; init; }

    [JsonPropertyName("dataChange")]
    public required bool DataChange { get; init; }

    /// <summary>Per-file statistics as a JSON string (numRecords, minValues, maxValues, nullCount).</summary>
    [JsonPropertyName("stats")]
    public string? Stats { get; init; }

    [JsonPropertyName("tags")]
    public Dictionary<string, string>? Tags { get; init; }

    /// <summary>The relative file path, decoded.</summary>
    [JsonIgnore]
    public string FilePath => Uri.UnescapeDataString(Path);

    /// <summary>A remove of this file, at <paramref name="deletionTimestamp"/> (ms since the epoch).</summary>
    public RemoveFile Removed(long deletionTimestamp, bool dataChange) => new()
    {
        Path = Path,
        DeletionTimestamp = deletionTimestamp,
        DataChange = dataChange,
        ExtendedFileMetadata = true,
        PartitionValues = PartitionValues,
        Size = Size,
        Tags = Tags,
    };
}

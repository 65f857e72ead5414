using System.Text.Json.Serialization;

namespace ProfileUnifier.Lake.Delta;

/// <summary>
/// The <c>txn</c> action: an application's progress, committed atomically with the data it wrote (how far an
/// input file or a Kafka partition was read). The latest version per appId wins.
/// </summary>
public sealed record TransactionAction
{
    [JsonPropertyName("appId")]
    public required string AppId { get; init; }

    [JsonPropertyName("version")]
    public required long Version { get; init; }

    [JsonPropertyName("lastUpdated")]
    public long? LastUpdated { get; init; }
}

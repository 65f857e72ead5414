using System.Text.Json;
using System.Text.Json.Serialization;

namespace ProfileUnifier.Lake.Delta;

/// <summary>
/// The <c>commitInfo</c> action: provenance, free-form by the protocol. Ours carries <see cref="Group"/>, the
/// manifest that makes a commit spanning several tables exactly-once (docs/lake.md, "Commit protocol").
/// Fields other engines write are kept as they are.
/// </summary>
public sealed record CommitInfo
{
    [JsonPropertyName("timestamp")]
    public long Timestamp { get; init; }

    [JsonPropertyName("operation")]
    public string? Operation { get; init; }

    [JsonPropertyName("engineInfo")]
    public string? EngineInfo { get; init; }

    [JsonPropertyName("txnId")]
    public string? TxnId { get; init; }

    [JsonPropertyName("isBlindAppend")]
    public bool? IsBlindAppend { get; init; }

    [JsonPropertyName("profileunifier")]
    public GroupManifest? Group { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Other { get; init; }
}

using System.Text.Json.Serialization;

namespace ProfileUnifier.Lake.Delta;

/// <summary>
/// One line of a Delta commit (delta-io/delta PROTOCOL.md, "Actions"): exactly one of the members is set.
/// Actions this reader does not know (cdc, domainMetadata, …) read as an action with nothing set and are
/// skipped, as the protocol asks of readers.
/// </summary>
public sealed record DeltaAction
{
    [JsonPropertyName("commitInfo")]
    public CommitInfo? CommitInfo { get; init; }

    [JsonPropertyName("protocol")]
    public ProtocolAction? Protocol { get; init; }

    [JsonPropertyName("metaData")]
    public MetadataAction? MetaData { get; init; }

    [JsonPropertyName("add")]
    public AddFile? Add { get; init; }

    [JsonPropertyName("remove")]
    public RemoveFile? Remove { get; init; }

    [JsonPropertyName("txn")]
    public TransactionAction? Txn { get; init; }

    public static implicit operator DeltaAction(AddFile add) => new() { Add = add };

    public static implicit operator DeltaAction(RemoveFile remove) => new() { Remove = remove };

    public static implicit operator DeltaAction(TransactionAction txn) => new() { Txn = txn };
}

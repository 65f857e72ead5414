using System.Text.Json.Serialization;
using ProfileUnifier.Lake.Privacy;

namespace ProfileUnifier.Lake.Delta;

/// <summary>
/// What the commit of a group's leading table records beside its own actions (in its commitInfo): the group's
/// commit number, who wrote it, and the change it makes to each other table of the group. The leader's commit is
/// the group's commit point; the members are rolled forward from this manifest, idempotently (each member carries
/// the commit number as a txn), by the writer or, after a crash, by the next one (docs/lake.md).
/// </summary>
public sealed record GroupManifest
{
    [JsonPropertyName("group")]
    public required string Group { get; init; }

    [JsonPropertyName("number")]
    public required long Number { get; init; }

    [JsonPropertyName("writer")]
    public required string Writer { get; init; }

    [JsonPropertyName("epoch")]
    public long? Epoch { get; init; }

    /// <summary>Member table → what this commit does to it.</summary>
    [JsonPropertyName("members")]
    public Dictionary<string, MemberChange> Members { get; init; } = [];

    [JsonPropertyName("counts")]
    public BatchCounts? Counts { get; init; }

    /// <summary>Set when the commit is an erasure (<c>forget</c>): what it removed, without any identifier.</summary>
    [JsonPropertyName("erasure")]
    public ErasureRecord? Erasure { get; init; }
}

/// <summary>
/// A member table's part of a group commit: files to add, whether they replace all it holds, and its schema when
/// the member does not have it yet (a new table, or new columns); otherwise the member keeps its own.
/// </summary>
public sealed record MemberChange
{
    [JsonPropertyName("schema")]
    public string? Schema { get; init; }

    [JsonPropertyName("adds")]
    public List<AddFile> Adds { get; init; } = [];

    /// <summary>Paths (as the log writes them) of files this commit removes from the member: an erasure's rewritten files.</summary>
    [JsonPropertyName("removes")]
    public List<string>? Removes { get; init; }

    [JsonPropertyName("replace")]
    public bool Replace { get; init; }
}

/// <summary>
/// What a batch did with the lines it read: <c>Lines = Accepted + Rejected + Redeliveries + Suppressed</c> (suppressed:
/// events of a person erased by <c>forget</c>, dropped so that a replay does not bring them back).
/// </summary>
public sealed record BatchCounts(
    [property: JsonPropertyName("lines")] long Lines,
    [property: JsonPropertyName("accepted")] long Accepted,
    [property: JsonPropertyName("rejected")] long Rejected,
    [property: JsonPropertyName("redeliveries")] long Redeliveries,
    [property: JsonPropertyName("suppressed")] long Suppressed = 0)
{
    public static BatchCounts Zero { get; } = new(0, 0, 0, 0);

    public bool IsReconciled => Lines == Accepted + Rejected + Redeliveries + Suppressed;

    public BatchCounts Add(BatchCounts other) =>
        new(Lines + other.Lines, Accepted + other.Accepted, Rejected + other.Rejected, Redeliveries + other.Redeliveries,
            Suppressed + other.Suppressed);
}

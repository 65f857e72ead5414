using ProfileUnifier.Lake.Delta;
using ProfileUnifier.Lake.Privacy;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Lake.Groups;

/// <summary>What one commit of a <see cref="TableGroup"/> changes: the leader's and each member's files, and progress.</summary>
public sealed class GroupCommit
{
    /// <summary>The Delta operation name engines show in the table history (WRITE, STREAMING UPDATE, …).</summary>
    public required string Operation { get; init; }

    public required TableChange Leader { get; init; }

    /// <summary>Each member's change; a member left out gets an empty one (it still takes the commit number).</summary>
    public Dictionary<string, TableChange> Members { get; init; } = new(StringComparer.Ordinal);

    /// <summary>More txn actions for the leader: how far each input was read, running totals.</summary>
    public List<TransactionAction> Progress { get; init; } = [];

    public BatchCounts? Counts { get; init; }

    /// <summary>Set when the commit is an erasure: recorded in the manifest (no identifiers in it).</summary>
    public ErasureRecord? Erasure { get; init; }
}

/// <summary>
/// One table's part of a group commit: rows to write as files (or files already written), files it removes, and
/// whether the new files replace everything it holds.
/// </summary>
public sealed class TableChange
{
    /// <summary>A buffer of the table's type: its columns give the schema (it may hold no rows).</summary>
    public required TableBuffer Schema { get; init; }

    public IReadOnlyList<string> PartitionColumns { get; init; } = [];

    public List<FileSlice> Files { get; init; } = [];

    /// <summary>
    /// Files written before the commit (complete, under their final names, not yet synced), added with the ones written
    /// from <see cref="Files"/>: an erasure writes each rewritten file as it goes, to bound memory; a batch's touchpoint
    /// files are encoded while the batch is still being read.
    /// </summary>
    public List<AddFile> Written { get; init; } = [];

    /// <summary>Live files this change removes (an erasure's rewritten files); they must still be live when it commits.</summary>
    public List<AddFile> Removed { get; init; } = [];

    public bool Replace { get; init; }

    public string SchemaString => DeltaSchema.Of(Schema.Columns, PartitionColumns);
}

/// <summary>Rows that become one file, in the partition they belong to.</summary>
public sealed record FileSlice(IReadOnlyList<KeyValuePair<string, string>> Partition, TableSlice Rows)
{
    public static FileSlice Unpartitioned(TableSlice rows) => new([], rows);
}

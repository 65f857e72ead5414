using ProfileUnifier.Lake.Delta;
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
}

/// <summary>One table's part of a group commit: rows to write as files, and whether they replace everything it holds.</summary>
public sealed class TableChange
{
    /// <summary>A buffer of the table's type: its columns give the schema (it may hold no rows).</summary>
    public required TableBuffer Schema { get; init; }

    public IReadOnlyList<string> PartitionColumns { get; init; } = [];

    public List<FileSlice> Files { get; init; } = [];

    /// <summary>
    /// Data files the caller wrote already (complete, under their final names, not yet synced): added with the ones
    /// written from <see cref="Files"/>. How a batch's files are encoded while the batch is still being read.
    /// </summary>
    public IReadOnlyList<AddFile> Written { get; init; } = [];

    public bool Replace { get; init; }

    public string SchemaString => DeltaSchema.Of(Schema.Columns, PartitionColumns);
}

/// <summary>Rows that become one file, in the partition they belong to.</summary>
public sealed record FileSlice(IReadOnlyList<KeyValuePair<string, string>> Partition, TableSlice Rows)
{
    public static FileSlice Unpartitioned(TableSlice rows) => new([], rows);
}

namespace ProfileUnifier.Lake.Parquet;

/// <summary>
/// Rows encoded as one or more Parquet files side by side, each holding some of a schema's columns for the same rows in
/// the same row groups, and where each of the schema's columns is: <see cref="Order"/>[i] is (file, column in that
/// file) of the schema's column i. Touchpoints are encoded so: their resolution columns after the rest, once the batch is
/// resolved (see <see cref="ParquetConcatenation"/>).
/// </summary>
internal sealed class ColumnFiles(IReadOnlyList<(Stream Data, ParquetFooter Footer)> files, IReadOnlyList<(int File, int Column)> order)
{
    public IReadOnlyList<(Stream Data, ParquetFooter Footer)> Files { get; } =
        files.Count > 0 && files.All(f => f.Footer.RowGroups.Count == files[0].Footer.RowGroups.Count)
            ? files
            : throw new ArgumentException("files side by side need the same row groups", nameof(files));

    public IReadOnlyList<(int File, int Column)> Order { get; } = order;

    public int RowGroups => Files[0].Footer.RowGroups.Count;

    /// <summary>One file of all the columns, in its order.</summary>
    public static ColumnFiles Whole(Stream data, ParquetFooter footer) =>
        new([(data, footer)], [.. Enumerable.Range(0, footer.Columns).Select(c => (0, c))]);

    /// <summary>Whether the other's files have this one's schemas, file by file, and its columns come from the same places.</summary>
    public bool HasLayoutOf(ColumnFiles other) =>
        Files.Count == other.Files.Count && Files.Zip(other.Files).All(f => f.First.Footer.HasSchemaOf(f.Second.Footer)) &&
        Order.SequenceEqual(other.Order);
}

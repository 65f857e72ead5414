using ProfileUnifier.Lake.Parquet;

namespace ProfileUnifier.Lake.Tables;

/// <summary>The rows of one table (or one partition of it) held as columns until written.</summary>
public abstract class TableBuffer
{
    internal abstract IReadOnlyList<ColumnBuffer> Columns { get; }

    public int Rows => Columns[0].Count;

    public Task WriteAsync(Stream output, LakeOptions options, CancellationToken ct) =>
        ParquetTableWriter.WriteAsync(output, Columns, options, ct);

    public void Clear()
    {
        foreach (var column in Columns)
        {
            column.Clear();
        }
    }
}

using ProfileUnifier.Lake.Parquet;

namespace ProfileUnifier.Lake.Delta;

/// <summary>
/// Rows encoded in memory as a Parquet file of their own (pooled blocks), to be joined with other parts of the same
/// schema into one data file (<see cref="DeltaFileWriter.WritePartsAsync"/>): the row groups are copied, not encoded again.
/// </summary>
internal sealed class EncodedPart(Stream data, ParquetFooter footer, List<(string Name, ColumnStats Stats)> stats) : IAsyncDisposable
{
    public Stream Data { get; } = data;

    public ParquetFooter Footer { get; } = footer;

    /// <summary>The Delta stats of its rows, column by column.</summary>
    public List<(string Name, ColumnStats Stats)> Stats { get; } = stats;

    /// <summary>Its encoded size in bytes.</summary>
    public long Bytes => Data.Length;

    public ValueTask DisposeAsync() => Data.DisposeAsync();

    /// <summary>Disposes the parts of the tasks that encoded one (after a failure among them, or once they are written).</summary>
    public static async Task DisposeCompletedAsync(IEnumerable<Task<EncodedPart>> encoding)
    {
        foreach (var part in encoding.Where(e => e.IsCompletedSuccessfully))
        {
            await part.Result.DisposeAsync();
        }
    }
}

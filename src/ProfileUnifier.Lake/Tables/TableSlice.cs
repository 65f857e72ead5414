namespace ProfileUnifier.Lake.Tables;

/// <summary>A contiguous range of a table buffer's rows: what one file holds.</summary>
public readonly record struct TableSlice(TableBuffer Buffer, int First, int Rows)
{
    public Task WriteAsync(Stream output, LakeOptions options, CancellationToken ct) => Buffer.WriteAsync(output, First, Rows, options, ct);
}

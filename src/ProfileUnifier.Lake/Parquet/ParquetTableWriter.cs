using Parquet;
using Parquet.Schema;

namespace ProfileUnifier.Lake.Parquet;

/// <summary>Writes a set of column buffers as one Parquet file, a row group per <c>rowGroupSize</c> rows.</summary>
internal static class ParquetTableWriter
{
    /// <summary>The schema of a set of columns; build it once and share it between files written at the same time.</summary>
    public static ParquetSchema SchemaOf(IReadOnlyList<ColumnBuffer> columns) => new(columns.Select(c => c.SchemaField));

    /// <summary>Writes rows <paramref name="first"/> to <paramref name="first"/> + <paramref name="rows"/> of the columns.</summary>
    public static async Task WriteAsync(Stream output, ParquetSchema schema, IReadOnlyList<ColumnBuffer> columns, int first, int rows,
        LakeOptions options, CancellationToken ct)
    {
        var parquetOptions = new ParquetOptions
        {
            CompressionMethod = options.Compression,
            // 6.1.0 defaults to SmallestSize, which makes Zstd ~60x slower for a few percent of size.
            CompressionLevel = System.IO.Compression.CompressionLevel.Optimal,
        };
        await using var writer = await ParquetWriter.CreateAsync(schema, output, parquetOptions, cancellationToken: ct);
        writer.CustomMetadata = new Dictionary<string, string> { ["created_by"] = "profileunifier" };
        for (var offset = first; offset < first + rows; offset += options.RowGroupSize)
        {
            var count = Math.Min(options.RowGroupSize, first + rows - offset);
            using var rowGroup = writer.CreateRowGroup();
            foreach (var column in columns)
            {
                await column.WriteAsync(rowGroup, offset, count, ct);
            }

            rowGroup.CompleteValidate();
        }
    }
}

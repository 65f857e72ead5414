using Parquet;
using Parquet.Schema;

namespace ProfileUnifier.Lake.Parquet;

/// <summary>Writes a set of column buffers as one Parquet file, a row group per <c>rowGroupSize</c> rows.</summary>
internal static class ParquetTableWriter
{
    public static async Task WriteAsync(Stream output, IReadOnlyList<ColumnBuffer> columns, LakeOptions options, CancellationToken ct)
    {
        var schema = new ParquetSchema(columns.Select(c => c.SchemaField));
        var parquetOptions = new ParquetOptions
        {
            CompressionMethod = options.Compression,
            // 6.1.0 defaults to SmallestSize, which makes Zstd ~60x slower for a few percent of size.
            CompressionLevel = System.IO.Compression.CompressionLevel.Optimal,
        };
        var rows = columns.Count == 0 ? 0 : columns[0].Count;
        await using var writer = await ParquetWriter.CreateAsync(schema, output, parquetOptions, cancellationToken: ct);
        writer.CustomMetadata = new Dictionary<string, string> { ["created_by"] = "profileunifier" };
        for (var offset = 0; offset < rows; offset += options.RowGroupSize)
        {
            var count = Math.Min(options.RowGroupSize, rows - offset);
            using var rowGroup = writer.CreateRowGroup();
            foreach (var column in columns)
            {
                await column.WriteAsync(rowGroup, offset, count, ct);
            }

            rowGroup.CompleteValidate();
        }
    }
}

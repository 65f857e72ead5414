using Parquet;
using Parquet.Schema;

namespace ProfileUnifier.Lake.Parquet;

/// <summary>
/// One Parquet file being written from column buffers: rows are appended a row group per <c>RowGroupSize</c> rows, from
/// as many buffers of the table as come (a file can grow while its batch is still being read); disposing writes the footer.
/// </summary>
internal sealed class ParquetTableWriter : IAsyncDisposable
{
    private readonly ParquetWriter _writer;
    private readonly LakeOptions _options;

    private ParquetTableWriter(ParquetWriter writer, LakeOptions options)
    {
        _writer = writer;
        _options = options;
    }

    /// <summary>The schema of a set of columns; build it once and share it between files written at the same time.</summary>
    public static ParquetSchema SchemaOf(IReadOnlyList<ColumnBuffer> columns) => new(columns.Select(c => c.SchemaField));

    /// <summary>A file of <paramref name="schema"/> (<see cref="SchemaOf"/> of <paramref name="columns"/>, or of columns of the same names).</summary>
    public static async Task<ParquetTableWriter> CreateAsync(Stream output, ParquetSchema schema, IReadOnlyList<ColumnBuffer> columns, LakeOptions options,
        CancellationToken ct)
    {
        var parquetOptions = new ParquetOptions
        {
            CompressionMethod = options.Compression,
            // 6.1.0 defaults to SmallestSize, which makes Zstd ~60x slower for a few percent of size.
            CompressionLevel = System.IO.Compression.CompressionLevel.Optimal,
        };
        foreach (var column in columns.Where(c => c.DictionaryPages))
        {
            parquetOptions.ColumnEncodingHints[column.Field.Path.ToString()] = EncodingHint.Dictionary;
        }

        var writer = await ParquetWriter.CreateAsync(schema, output, parquetOptions, cancellationToken: ct);
        writer.CustomMetadata = new Dictionary<string, string> { ["created_by"] = "profileunifier" };
        return new ParquetTableWriter(writer, options);
    }

    /// <summary>Appends rows <paramref name="first"/> to <paramref name="first"/> + <paramref name="rows"/> of the columns.</summary>
    public async Task AppendAsync(IReadOnlyList<ColumnBuffer> columns, int first, int rows, CancellationToken ct)
    {
        for (var offset = first; offset < first + rows; offset += _options.RowGroupSize)
        {
            var count = Math.Min(_options.RowGroupSize, first + rows - offset);
            using var rowGroup = _writer.CreateRowGroup();
            foreach (var column in columns)
            {
                await column.WriteAsync(rowGroup, offset, count, ct);
            }

            rowGroup.CompleteValidate();
        }
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();
}

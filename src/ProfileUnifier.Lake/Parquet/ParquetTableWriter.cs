using System.Runtime.ExceptionServices;
using ParquetSharp;
using ParquetSharp.Schema;

namespace ProfileUnifier.Lake.Parquet;

/// <summary>
/// One Parquet file being written from column buffers by ParquetSharp (Apache Arrow's C++ writer): rows are appended a
/// row group per <c>RowGroupSize</c> rows, from as many buffers of the table as come (a file can grow while its batch is
/// still being read); <see cref="Complete"/> writes the footer. Chosen over Parquet.Net by bench row 4: 1.6-2.2× the rows
/// a second on touchpoints, text handed over as the columns' own UTF-8 (Parquet.Net takes UTF-16, so every value was
/// transcoded twice). Its column writers take the columns' arrays; fed Apache.Arrow record batches it lost the gain.
/// </summary>
internal sealed class ParquetTableWriter : IDisposable
{
    /// <summary>
    /// A column chunk's dictionary grows to this before the writer falls back to plain pages (Arrow's default is 1 MiB):
    /// with 1 MiB bench row 4's 1M touchpoint rows took 92.7 MiB, with 4 MiB 78.5 MiB (16 MiB: the same), at the same speed.
    /// </summary>
    internal const long DictionaryPageLimit = 4L << 20;

    /// <summary>
    /// Where the native writer allocates (<see cref="NativeMemoryPool"/>): Arrow's jemalloc when the native library has it,
    /// unless <c>ARROW_DEFAULT_MEMORY_POOL</c> names another.
    /// </summary>
    internal static MemoryPool Pool { get; } = NativeMemoryPool.Choose();

    private readonly ParquetFileWriter _writer;
    private readonly FailureKeepingStream _output;
    private readonly LakeOptions _options;

    private ParquetTableWriter(ParquetFileWriter writer, FailureKeepingStream output, LakeOptions options)
    {
        _writer = writer;
        _output = output;
        _options = options;
    }

    /// <summary>A file of <paramref name="columns"/>' schema, written to <paramref name="output"/> (left open).</summary>
    public static ParquetTableWriter Create(Stream output, IReadOnlyList<ColumnBuffer> columns, LakeOptions options)
    {
        var nodes = columns.Select(c => c.CreateNode()).ToArray();
        try
        {
            using var schema = new GroupNode("schema", Repetition.Required, nodes);
            using var properties = Properties(columns, options);
            var kept = new FailureKeepingStream(output);
            return new ParquetTableWriter(Writing(kept, () => new ParquetFileWriter(kept, schema, properties, leaveOpen: true)), kept, options);
        }
        finally
        {
            foreach (var node in nodes)
            {
                node.Dispose();
            }
        }
    }

    /// <summary>
    /// How the lake's files are written (also by bench row 4's candidates): <c>Lake:Compression</c>, row groups of
    /// <c>Lake:RowGroupSize</c>, dictionary pages for the columns that ask for them (<see cref="ColumnBuffer.DictionaryPages"/>)
    /// up to <see cref="DictionaryPageLimit"/>, DELTA_BYTE_ARRAY pages for those whose neighbours share prefixes
    /// (<see cref="ColumnBuffer.SharedPrefixPages"/>), plain pages for the rest, native memory from <see cref="Pool"/>.
    /// </summary>
    internal static WriterProperties Properties(IEnumerable<ColumnBuffer> columns, LakeOptions options)
    {
        using var builder = new WriterPropertiesBuilder()
            .Compression(CompressionOf(options.Compression))
            .DisableDictionary()
            .CreatedBy("profileunifier")
            .MaxRowGroupLength(options.RowGroupSize)
            .DictionaryPagesizeLimit(DictionaryPageLimit)
            .MemoryPool(Pool);
        foreach (var column in columns.Where(c => c.DictionaryPages))
        {
            builder.EnableDictionary(column.Name);
        }

        foreach (var column in columns.Where(c => c.SharedPrefixPages))
        {
            builder.Encoding(column.Name, ParquetSharp.Encoding.DeltaByteArray);
        }

        return builder.Build();
    }

    /// <summary>Appends rows <paramref name="first"/> to <paramref name="first"/> + <paramref name="rows"/> of the columns.</summary>
    public void Append(IReadOnlyList<ColumnBuffer> columns, int first, int rows) => Writing(_output, () =>
    {
        for (var offset = first; offset < first + rows; offset += _options.RowGroupSize)
        {
            var count = Math.Min(_options.RowGroupSize, first + rows - offset);
            using var rowGroup = _writer.AppendRowGroup();
            foreach (var column in columns)
            {
                using var writer = rowGroup.NextColumn();
                column.Write(writer, offset, count);
            }

            rowGroup.Close();
        }
    });

    /// <summary>Writes the footer: the file is complete (an error writing it is thrown here, not lost in <see cref="Dispose"/>).</summary>
    public void Complete() => Writing(_output, _writer.Close);

    /// <summary>Lets go of the native writer (a file not completed is left unfinished, to be deleted by its owner).</summary>
    public void Dispose() => _writer.Dispose();

    /// <summary>Runs a step of the native writer, throwing what <paramref name="output"/> threw if that is why it failed.</summary>
    private static void Writing(FailureKeepingStream output, Action step) => Writing(output, () =>
    {
        step();
        return 0;
    });

    /// <inheritdoc cref="Writing(FailureKeepingStream, Action)"/>
    private static T Writing<T>(FailureKeepingStream output, Func<T> step)
    {
        try
        {
            return step();
        }
        catch (ParquetException) when (output.Failure is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
            throw;
        }
    }

    private static Compression CompressionOf(LakeCompression compression) => compression switch
    {
        LakeCompression.None => Compression.Uncompressed,
        LakeCompression.Snappy => Compression.Snappy,
        LakeCompression.Gzip => Compression.Gzip,
        LakeCompression.Zstd => Compression.Zstd,
        LakeCompression.Lz4 => Compression.Lz4,
        LakeCompression.Brotli => Compression.Brotli,
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, "no such Parquet compression"),
    };
}

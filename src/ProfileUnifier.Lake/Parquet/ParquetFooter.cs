using System.Buffers.Binary;

namespace ProfileUnifier.Lake.Parquet;

/// <summary>
/// A Parquet file's footer (the Thrift <c>FileMetaData</c> before the closing length and magic), as fields that can be
/// compared and rewritten byte for byte (see <see cref="ThriftStruct"/>).
/// </summary>
internal sealed class ParquetFooter
{
    private const short SchemaField = 2;
    private const short SchemaNumChildrenField = 5;
    public const short NumRowsField = 3;
    public const short RowGroupsField = 4;

    /// <summary>"PAR1": a Parquet file starts and ends with it (an encrypted footer would end with "PARE").</summary>
    public static ReadOnlySpan<byte> Magic => "PAR1"u8;

    private ParquetFooter(ThriftStruct metadata) => Metadata = metadata;

    public ThriftStruct Metadata { get; }

    /// <summary>Whether the other file has this one's Parquet schema: the same encoded schema elements, byte for byte.</summary>
    public bool HasSchemaOf(ParquetFooter other) => Metadata.Get(SchemaField).Span.SequenceEqual(other.Metadata.Get(SchemaField).Span);

    public IReadOnlyList<ReadOnlyMemory<byte>> RowGroups => Metadata.GetList(RowGroupsField);

    /// <summary>The schema's columns (its leaves: the elements without children), as a row group's column chunks are.</summary>
    public int Columns => Metadata.GetList(SchemaField).Count(e => ThriftStruct.Read(e).GetIntegerOrNull(SchemaNumChildrenField) is null);

    /// <summary>Reads the footer at the end of a seekable Parquet file.</summary>
    public static async Task<ParquetFooter> ReadAsync(Stream file, CancellationToken ct)
    {
        var tail = new byte[8];
        file.Seek(-tail.Length, SeekOrigin.End);
        await file.ReadExactlyAsync(tail, ct);
        if (!tail.AsSpan(4).SequenceEqual(Magic))
        {
            throw new InvalidDataException("not a Parquet file with a plaintext footer (no PAR1 at its end)");
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(tail);
        if (length <= 0 || length > file.Length - tail.Length - Magic.Length)
        {
            throw new InvalidDataException($"Parquet footer length {length} does not fit a file of {file.Length} bytes");
        }

        var footer = new byte[length];
        file.Seek(-tail.Length - length, SeekOrigin.End);
        await file.ReadExactlyAsync(footer, ct);
        return new ParquetFooter(ThriftStruct.Read(footer));
    }
}

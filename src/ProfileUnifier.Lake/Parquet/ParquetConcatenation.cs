using System.Buffers;
using System.Buffers.Binary;

namespace ProfileUnifier.Lake.Parquet;

/// <summary>
/// Writes one Parquet file out of several of the same schema by copying their row groups as they are encoded (each
/// column chunk's pages byte for byte) and writing one footer: the first file's, with every file's row groups in order,
/// their offsets moved to where the chunks now are. Nothing is decoded, so it costs the bytes copied — parquet-mr's
/// <c>ParquetFileWriter.appendRowGroups</c>, Iceberg's <c>ParquetFileMerger</c>. The rows of a part may also come from
/// files side by side, each of some of the columns (<see cref="ColumnFiles"/>), whose row groups are joined column by column.
/// </summary>
internal static class ParquetConcatenation
{
    // RowGroup fields.
    private const short ColumnsField = 1;
    private const short GroupTotalBytesField = 2;
    private const short GroupRowsField = 3;
    private const short SortingColumnsField = 4;
    private const short GroupFileOffsetField = 5;
    private const short GroupCompressedBytesField = 6;
    private const short OrdinalField = 7;

    // ColumnChunk fields: the offset and column indexes are pages outside the chunk, not copied, so not referenced.
    private const short ChunkFileOffsetField = 2;
    private const short ChunkMetaDataField = 3;
    private static readonly short[] ChunkIndexFields = [4, 5, 6, 7];

    // ColumnMetaData fields; bloom filters are outside the chunk too.
    private const short CompressedSizeField = 7;
    private const short DataPageOffsetField = 9;
    private const short IndexPageOffsetField = 10;
    private const short DictionaryPageOffsetField = 11;
    private static readonly short[] BloomFilterFields = [14, 15];

    /// <summary>Writes the concatenation of <paramref name="inputs"/> (seekable, with their footers) to <paramref name="output"/>; returns its rows.</summary>
    public static Task<long> WriteAsync(Stream output, IReadOnlyList<(Stream Data, ParquetFooter Footer)> inputs, CancellationToken ct)
    {
        if (inputs.Count == 0 || inputs.Any(i => !i.Footer.HasSchemaOf(inputs[0].Footer)))
        {
            throw new ArgumentException("row groups can be concatenated only from files of one schema", nameof(inputs));
        }

        return WriteAsync(output, [.. inputs.Select(i => ColumnFiles.Whole(i.Data, i.Footer))], inputs[0].Footer, ct);
    }

    /// <summary>
    /// Writes the concatenation of <paramref name="inputs"/>, each the rows of files side by side (every file some of the
    /// columns), to <paramref name="output"/> under the schema and file metadata of <paramref name="schema"/>; returns its rows.
    /// </summary>
    public static async Task<long> WriteAsync(Stream output, IReadOnlyList<ColumnFiles> inputs, ParquetFooter schema, CancellationToken ct)
    {
        if (inputs.Count == 0 || inputs.Any(i => !i.HasLayoutOf(inputs[0])))
        {
            throw new ArgumentException("row groups can be concatenated only from files of one schema", nameof(inputs));
        }

        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            await output.WriteAsync(ParquetFooter.Magic.ToArray(), ct);
            long position = ParquetFooter.Magic.Length, rows = 0;
            var rowGroups = new List<ReadOnlyMemory<byte>>();
            foreach (var input in inputs)
            {
                for (var g = 0; g < input.RowGroups; g++)
                {
                    var parts = input.Files.Select(f => ThriftStruct.Read(f.Footer.RowGroups[g])).ToList();
                    var columns = parts.Select(p => p.GetList(ColumnsField)).ToList();
                    var group = Joined(parts);
                    var chunks = new List<ReadOnlyMemory<byte>>();
                    long? groupStart = null;
                    foreach (var (file, column) in input.Order)
                    {
                        var chunk = ThriftStruct.Read(columns[file][column]);
                        var meta = ThriftStruct.Read(chunk.Get(ChunkMetaDataField));
                        var (start, length) = PagesOf(meta);
                        await CopyAsync(input.Files[file].Data, start, length, output, buffer, ct);
                        Move(chunk, meta, position - start);
                        groupStart ??= position;
                        position += length;
                        chunks.Add(chunk.ToBytes());
                    }

                    group.SetList(ColumnsField, ThriftStruct.TypeStruct, chunks);
                    if (groupStart is { } first)
                    {
                        group.SetInteger(GroupFileOffsetField, ThriftStruct.TypeI64, first);
                    }

                    group.SetInteger(OrdinalField, ThriftStruct.TypeI16, checked((short)rowGroups.Count));
                    rows += group.GetInteger(GroupRowsField);
                    rowGroups.Add(group.ToBytes());
                }
            }

            // The schema's footer (schema, key-value metadata, created_by), with the row groups of all.
            var metadata = ThriftStruct.Read(schema.Metadata.ToBytes());
            metadata.SetInteger(ParquetFooter.NumRowsField, ThriftStruct.TypeI64, rows);
            metadata.SetList(ParquetFooter.RowGroupsField, ThriftStruct.TypeStruct, rowGroups);
            var encodedFooter = metadata.ToBytes();
            await output.WriteAsync(encodedFooter, ct);
            var tail = new byte[8];
            BinaryPrimitives.WriteInt32LittleEndian(tail, encodedFooter.Length);
            ParquetFooter.Magic.CopyTo(tail.AsSpan(4));
            await output.WriteAsync(tail, ct);
            return rows;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>One row group out of the same row group of files side by side: their sizes summed, columns set by the caller.</summary>
    private static ThriftStruct Joined(List<ThriftStruct> parts)
    {
        var group = parts[0];
        if (parts.Count == 1)
        {
            return group;
        }

        if (parts.Any(p => p.GetInteger(GroupRowsField) != group.GetInteger(GroupRowsField)))
        {
            throw new InvalidDataException("files side by side have row groups of different rows");
        }

        group.SetInteger(GroupTotalBytesField, ThriftStruct.TypeI64, parts.Sum(p => p.GetInteger(GroupTotalBytesField)));
        if (parts.All(p => p.GetIntegerOrNull(GroupCompressedBytesField) is not null))
        {
            group.SetInteger(GroupCompressedBytesField, ThriftStruct.TypeI64, parts.Sum(p => p.GetInteger(GroupCompressedBytesField)));
        }
        else
        {
            group.Remove(GroupCompressedBytesField);
        }

        // An order of one file's columns says nothing of the others'.
        group.Remove(SortingColumnsField);
        return group;
    }

    /// <summary>Where a column chunk's pages start (its dictionary page, if it has one) and how many bytes they take.</summary>
    private static (long Start, long Length) PagesOf(ThriftStruct meta)
    {
        var data = meta.GetInteger(DataPageOffsetField);
        // Some writers set dictionary_page_offset to 0 for "none": only an offset before the data pages is a dictionary page.
        var start = meta.GetIntegerOrNull(DictionaryPageOffsetField) is long dictionary and > 0 && dictionary < data ? dictionary : data;
        return (start, meta.GetInteger(CompressedSizeField));
    }

    /// <summary>Moves a column chunk's offsets by <paramref name="shift"/> bytes and drops references to what was not copied.</summary>
    private static void Move(ThriftStruct chunk, ThriftStruct meta, long shift)
    {
        foreach (var field in new[] { DataPageOffsetField, IndexPageOffsetField, DictionaryPageOffsetField })
        {
            if (meta.GetIntegerOrNull(field) is long offset and > 0)
            {
                meta.SetInteger(field, ThriftStruct.TypeI64, offset + shift);
            }
        }

        foreach (var field in BloomFilterFields)
        {
            meta.Remove(field);
        }

        chunk.SetStruct(ChunkMetaDataField, meta);
        // file_offset should be 0 (deprecated); writers that set it point it into the chunk.
        if (chunk.GetIntegerOrNull(ChunkFileOffsetField) is long fileOffset and > 0)
        {
            chunk.SetInteger(ChunkFileOffsetField, ThriftStruct.TypeI64, fileOffset + shift);
        }

        foreach (var field in ChunkIndexFields)
        {
            chunk.Remove(field);
        }
    }

    private static async Task CopyAsync(Stream input, long start, long length, Stream output, byte[] buffer, CancellationToken ct)
    {
        input.Seek(start, SeekOrigin.Begin);
        while (length > 0)
        {
            var read = await input.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length)), ct);
            if (read == 0)
            {
                throw new InvalidDataException($"a column chunk runs {length} bytes past the end of its file");
            }

            await output.WriteAsync(buffer.AsMemory(0, read), ct);
            length -= read;
        }
    }
}

using System.Buffers;
using Parquet;
using Parquet.Schema;
using ProfileUnifier.Lake;
using ProfileUnifier.Lake.Parquet;
using ProfileUnifier.Lake.Tables;
using Encoding = System.Text.Encoding;

namespace ProfileUnifier.Bench.Workloads;

/// <summary>
/// The lake's column buffers written through Parquet.Net 6, as the lake wrote them until ParquetSharp measured faster
/// (row 4): text decoded to UTF-16 for it, timestamps and dates handed over as the numbers the file stores (its date
/// path encodes value by value), dictionary pages for the same columns. Kept to measure the switch in every run.
/// </summary>
internal sealed class ParquetNetWriter
{
    private readonly IReadOnlyList<ColumnBuffer> _columns;
    private readonly ParquetSchema _schema;
    private readonly Dictionary<string, DataField> _storage = [];

    /// <summary>A writer of <paramref name="rows"/>' columns (Parquet.Net writes a field once it belongs to a schema: one for all files).</summary>
    public ParquetNetWriter(TableBuffer rows)
    {
        _columns = rows.Columns;
        _schema = new ParquetSchema(_columns.Select(c => c.SchemaField));
        foreach (var column in _columns)
        {
            Type? stored = column is TimestampColumn ? typeof(long) : column is DateColumn ? typeof(int) : null;
            if (stored is not null)
            {
                var field = new DataField(column.Name, stored, column.IsNullable || column is DateColumn);
                _ = new ParquetSchema(field);
                _storage[column.Name] = field;
            }
        }
    }

    public async Task WriteAsync(Stream output, LakeOptions options)
    {
        var parquetOptions = new ParquetOptions { CompressionMethod = CompressionMethod.Snappy, CompressionLevel = System.IO.Compression.CompressionLevel.Optimal };
        foreach (var column in _columns.Where(c => c.DictionaryPages))
        {
            parquetOptions.ColumnEncodingHints[column.Field.Path.ToString()] = EncodingHint.Dictionary;
        }

        await using var writer = await ParquetWriter.CreateAsync(_schema, output, parquetOptions);
        writer.CustomMetadata = new Dictionary<string, string> { ["created_by"] = "profileunifier" };
        var rows = _columns[0].Count;
        for (var offset = 0; offset < rows; offset += options.RowGroupSize)
        {
            var count = Math.Min(options.RowGroupSize, rows - offset);
            using var rowGroup = writer.CreateRowGroup();
            foreach (var column in _columns)
            {
                await WriteAsync(rowGroup, column, offset, count);
            }

            rowGroup.CompleteValidate();
        }
    }

    private Task WriteAsync(ParquetRowGroupWriter rowGroup, ColumnBuffer column, int offset, int count) => column switch
    {
        Utf8StringColumn u => Utf8Async(rowGroup, u, offset, count),
        StringColumn s => rowGroup.WriteAsync(s.Field, new ArraySegment<string?>(s.Values(offset, count).ToArray())),
        Int32Column i => rowGroup.WriteAsync(i.Field, new ReadOnlyMemory<int>(i.Values(offset, count).ToArray())),
        Int64Column l => rowGroup.WriteAsync(l.Field, new ReadOnlyMemory<long>(l.Values(offset, count).ToArray())),
        DoubleColumn d => rowGroup.WriteAsync(d.Field, new ReadOnlyMemory<double>(d.Values(offset, count).ToArray())),
        BooleanColumn b => rowGroup.WriteAsync(b.Field, new ReadOnlyMemory<bool>(b.Values(offset, count).ToArray())),
        NullableInt32Column ni => rowGroup.WriteAsync(ni.Field, new ReadOnlyMemory<int?>(ni.Values(offset, count).ToArray())),
        NullableInt64Column nl => rowGroup.WriteAsync(nl.Field, new ReadOnlyMemory<long?>(nl.Values(offset, count).ToArray())),
        NullableDoubleColumn nd => rowGroup.WriteAsync(nd.Field, new ReadOnlyMemory<double?>(nd.Values(offset, count).ToArray())),
        DateColumn date => Stored(rowGroup, _storage[date.Name], date.Values(offset, count), ColumnWrites.UnixDays),
        TimestampColumn t => Stored(rowGroup, _storage[t.Name], t.Values(offset, count), ColumnWrites.UnixMilliseconds),
        StringListColumn list => ListAsync(rowGroup, list, offset, count),
        _ => throw new NotSupportedException(column.GetType().Name),
    };

    private static Task Stored<T, TStored>(ParquetRowGroupWriter rowGroup, DataField storage, ReadOnlySpan<T?> values, Func<T, TStored> stored)
        where T : struct
        where TStored : struct
    {
        // Pooled, as the lake had them.
        var numbers = ArrayPool<TStored?>.Shared.Rent(Math.Max(1, values.Length));
        for (var i = 0; i < values.Length; i++)
        {
            numbers[i] = values[i] is { } value ? stored(value) : null;
        }

        return Returning(rowGroup.WriteAsync(storage, new ReadOnlyMemory<TStored?>(numbers, 0, values.Length), null, null), numbers);
    }

    private static async Task Returning<T>(Task write, T[] pooled)
    {
        try
        {
            await write;
        }
        finally
        {
            ArrayPool<T>.Shared.Return(pooled);
        }
    }

    private static async Task Utf8Async(ParquetRowGroupWriter rowGroup, Utf8StringColumn column, int offset, int count)
    {
        var bytes = 0;
        foreach (var row in column.Rows(offset, count))
        {
            bytes += row.Value.Length;
        }

        var chars = ArrayPool<char>.Shared.Rent(Math.Max(1, bytes));
        var values = ArrayPool<ReadOnlyMemory<char>?>.Shared.Rent(Math.Max(1, count));
        try
        {
            var (at, i) = (0, 0);
            foreach (var row in column.Rows(offset, count))
            {
                if (row.IsNull)
                {
                    values[i++] = null;
                    continue;
                }

                var decoded = Encoding.UTF8.GetChars(row.Value, chars.AsSpan(at));
                values[i++] = new ReadOnlyMemory<char>(chars, at, decoded);
                at += decoded;
            }

            await rowGroup.WriteAsync(column.Field, new ReadOnlyMemory<ReadOnlyMemory<char>?>(values, 0, count), null, null);
        }
        finally
        {
            ArrayPool<ReadOnlyMemory<char>?>.Shared.Return(values, clearArray: true);
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private static Task ListAsync(ParquetRowGroupWriter rowGroup, StringListColumn column, int offset, int count)
    {
        var (values, definition, repetition) = column.Levels(offset, count);
        return rowGroup.WriteAllPartsAsync<ReadOnlyMemory<char>>(column.Field, values.Select(v => v.AsMemory()).ToArray(),
            definition.Select(d => (int)d).ToArray(), repetition.Select(r => (int)r).ToArray(), CancellationToken.None);
    }
}

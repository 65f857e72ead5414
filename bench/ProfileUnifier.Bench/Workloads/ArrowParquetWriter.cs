using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Encoding = System.Text.Encoding;
using Apache.Arrow;
using Apache.Arrow.Types;
using ParquetSharp.Arrow;
using ProfileUnifier.Lake;
using ProfileUnifier.Lake.Parquet;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Bench.Workloads;

/// <summary>
/// The lake's column buffers written through Apache Arrow's C++ Parquet writer (ParquetSharp): each row group goes over
/// as an Apache.Arrow record batch, its buffers filled from the managed columns and built into native memory (the
/// Arrow C data interface exports native buffers). Row 4 measures it against the lake's writer, the same encoder fed
/// the columns' own arrays and bytes through ParquetSharp's column writers; it lost (see the note of row 4).
/// </summary>
internal static class ArrowParquetWriter
{
    // Milliseconds, as the lake stores instants (TimestampColumn).
    private static readonly TimestampType UtcMillis = new(Apache.Arrow.Types.TimeUnit.Millisecond, "UTC");
    private static readonly ListType StringList = new(new Apache.Arrow.Field("element", StringType.Default, true));

    public static void Write(Stream output, TableBuffer rows, LakeOptions options, bool convertOnly = false)
    {
        var columns = rows.Columns;
        var schema = new Schema(columns.Select(FieldOf), null);
        // Written as the lake's writer writes (compression, dictionary pages, native memory pool).
        using var properties = ParquetTableWriter.Properties(columns, options);
        using var writer = new FileWriter(output, schema, properties, arrowProperties: null, leaveOpen: true);
        for (var offset = 0; offset < rows.Rows; offset += options.RowGroupSize)
        {
            var count = Math.Min(options.RowGroupSize, rows.Rows - offset);
            using var batch = new RecordBatch(schema, columns.Select(c => ArrayOf(c, offset, count)), count);
            if (!convertOnly)
            {
                writer.WriteRecordBatch(batch);
            }
        }

        writer.Close();
    }

    private static Apache.Arrow.Field FieldOf(ColumnBuffer c) => c switch
    {
        StringColumn or Utf8StringColumn => new(c.Name, StringType.Default, c.IsNullable),
        Int32Column => new(c.Name, Int32Type.Default, false),
        NullableInt32Column => new(c.Name, Int32Type.Default, true),
        Int64Column => new(c.Name, Int64Type.Default, false),
        NullableInt64Column => new(c.Name, Int64Type.Default, true),
        DoubleColumn => new(c.Name, DoubleType.Default, false),
        NullableDoubleColumn => new(c.Name, DoubleType.Default, true),
        BooleanColumn => new(c.Name, BooleanType.Default, false),
        DateColumn => new(c.Name, Date32Type.Default, true),
        TimestampColumn => new(c.Name, UtcMillis, c.IsNullable),
        StringListColumn => new(c.Name, StringList, false),
        _ => throw new NotSupportedException(c.GetType().Name),
    };

    private static IArrowArray ArrayOf(ColumnBuffer c, int offset, int count)
    {
        switch (c)
        {
            case StringColumn s:
                return Strings(s.Values(offset, count));
            case Utf8StringColumn u:
                return Strings(u, offset, count);
            case Int32Column i:
                return new Int32Array(Copy(i.Values(offset, count)), ArrowBuffer.Empty, count, 0, 0);
            case Int64Column l:
                return new Int64Array(Copy(l.Values(offset, count)), ArrowBuffer.Empty, count, 0, 0);
            case DoubleColumn d:
                return new DoubleArray(Copy(d.Values(offset, count)), ArrowBuffer.Empty, count, 0, 0);
            case NullableInt32Column ni:
            {
                var (values, validity, nulls) = Nullable(ni.Values(offset, count), static v => v);
                return new Int32Array(values, validity, count, nulls, 0);
            }

            case NullableInt64Column nl:
            {
                var (values, validity, nulls) = Nullable(nl.Values(offset, count), static v => v);
                return new Int64Array(values, validity, count, nulls, 0);
            }

            case NullableDoubleColumn nd:
            {
                var (values, validity, nulls) = Nullable(nd.Values(offset, count), static v => v);
                return new DoubleArray(values, validity, count, nulls, 0);
            }

            case BooleanColumn b:
            {
                var bits = new byte[BitUtility.ByteCount(count)];
                var values = b.Values(offset, count);
                for (var r = 0; r < values.Length; r++)
                {
                    if (values[r])
                    {
                        BitUtility.SetBit(bits, r);
                    }
                }

                return new BooleanArray(new ArrowBuffer(bits), ArrowBuffer.Empty, count, 0, 0);
            }

            case DateColumn date:
            {
                var (values, validity, nulls) = Nullable(date.Values(offset, count), ColumnWrites.UnixDays);
                return new Date32Array(values, validity, count, nulls, 0);
            }

            case TimestampColumn t:
            {
                var (values, validity, nulls) = Nullable(t.Values(offset, count), ColumnWrites.UnixMilliseconds);
                return new TimestampArray(UtcMillis, values, validity, count, nulls, 0);
            }

            case StringListColumn list:
            {
                var items = new List<string?>();
                var offsetBytes = Uninitialized<int>(count + 1);
                var offsets = MemoryMarshal.Cast<byte, int>(offsetBytes.AsSpan());
                for (var r = 0; r < count; r++)
                {
                    offsets[r] = items.Count;
                    items.AddRange(list[offset + r]);
                }

                offsets[count] = items.Count;
                return new ListArray(StringList, count, new ArrowBuffer(offsetBytes), Strings(CollectionsMarshal.AsSpan(items)), ArrowBuffer.Empty);
            }

            default:
                throw new NotSupportedException(c.GetType().Name);
        }
    }

    /// <summary>Room for <paramref name="count"/> values, not zeroed (every value is written).</summary>
    private static byte[] Uninitialized<T>(int count)
        where T : unmanaged => GC.AllocateUninitializedArray<byte>(count * Unsafe.SizeOf<T>());

    private static ArrowBuffer Copy<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        var bytes = Uninitialized<T>(values.Length);
        MemoryMarshal.AsBytes(values).CopyTo(bytes);
        return new ArrowBuffer(bytes);
    }

    private static (ArrowBuffer Values, ArrowBuffer Validity, int Nulls) Nullable<T, TOut>(ReadOnlySpan<T?> values, Func<T, TOut> convert)
        where T : struct
        where TOut : unmanaged
    {
        var outputBytes = Uninitialized<TOut>(values.Length);
        var output = MemoryMarshal.Cast<byte, TOut>(outputBytes.AsSpan());
        var validity = new byte[BitUtility.ByteCount(values.Length)];
        var nulls = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is { } value)
            {
                output[i] = convert(value);
                BitUtility.SetBit(validity, i);
            }
            else
            {
                output[i] = default;
                nulls++;
            }
        }

        return (new ArrowBuffer(outputBytes), nulls == 0 ? ArrowBuffer.Empty : new ArrowBuffer(validity), nulls);
    }

    private static StringArray Strings(ReadOnlySpan<string?> values)
    {
        var bytes = 0;
        foreach (var value in values)
        {
            bytes += value is null ? 0 : Encoding.UTF8.GetByteCount(value);
        }

        var writer = new StringArrayWriter(values.Length, bytes);
        foreach (var value in values)
        {
            if (value is null)
            {
                writer.AddNull();
            }
            else
            {
                writer.Added(Encoding.UTF8.GetBytes(value, writer.Free));
            }
        }

        return writer.Build();
    }

    /// <summary>A column held as UTF-8 goes over as its bytes, as Arrow holds strings.</summary>
    private static StringArray Strings(Utf8StringColumn column, int offset, int count)
    {
        var bytes = 0;
        foreach (var row in column.Rows(offset, count))
        {
            bytes += row.Value.Length;
        }

        var writer = new StringArrayWriter(count, bytes);
        foreach (var row in column.Rows(offset, count))
        {
            if (row.IsNull)
            {
                writer.AddNull();
            }
            else
            {
                row.Value.CopyTo(writer.Free);
                writer.Added(row.Value.Length);
            }
        }

        return writer.Build();
    }

    /// <summary>
    /// A string array's offsets, UTF-8 and validity, filled value after value by the caller (no delegate a value) into
    /// buffers sized once and not zeroed but for the validity bits.
    /// </summary>
    private ref struct StringArrayWriter(int count, int bytes)
    {
        private readonly byte[] _offsets = Uninitialized<int>(count + 1);
        private readonly byte[] _data = GC.AllocateUninitializedArray<byte>(bytes);
        private readonly byte[] _validity = new byte[BitUtility.ByteCount(count)];
        private int _row, _at, _nulls;

        /// <summary>Where the next value's bytes go.</summary>
        public readonly Span<byte> Free => _data.AsSpan(_at);

        public void AddNull()
        {
            Offset(_row++) = _at;
            _nulls++;
        }

        /// <summary>Takes the <paramref name="length"/> bytes just written into <see cref="Free"/> as the next value.</summary>
        public void Added(int length)
        {
            Offset(_row) = _at;
            BitUtility.SetBit(_validity, _row++);
            _at += length;
        }

        public StringArray Build()
        {
            Offset(_row) = _at;
            return new StringArray(_row, new ArrowBuffer(_offsets), new ArrowBuffer(_data), _nulls == 0 ? ArrowBuffer.Empty : new ArrowBuffer(_validity), _nulls);
        }

        private readonly ref int Offset(int row) => ref MemoryMarshal.Cast<byte, int>(_offsets.AsSpan())[row];
    }
}

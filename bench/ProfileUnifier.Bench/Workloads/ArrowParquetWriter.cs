using System.Runtime.InteropServices;
using Encoding = System.Text.Encoding;
using Apache.Arrow;
using Apache.Arrow.Types;
using ParquetSharp;
using ParquetSharp.Arrow;
using ProfileUnifier.Lake;
using ProfileUnifier.Lake.Parquet;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Bench.Workloads;

/// <summary>
/// The lake's column buffers written through Apache Arrow's C++ Parquet writer (ParquetSharp): each row group goes over
/// as an Apache.Arrow record batch, its buffers filled from the managed columns and built into native memory (the
/// Arrow C data interface exports native buffers). Row 4 measures it against the lake's writer (Parquet.Net); it lost
/// (see the note of row 4), so it lives here and not in the lake.
/// </summary>
internal static class ArrowParquetWriter
{
    private static readonly TimestampType UtcMicros = new(Apache.Arrow.Types.TimeUnit.Microsecond, "UTC");
    private static readonly ListType StringList = new(new Apache.Arrow.Field("element", StringType.Default, true));
    private static readonly int UnixEpochDay = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    public static void Write(Stream output, TableBuffer rows, LakeOptions options, bool convertOnly = false)
    {
        var columns = rows.Columns;
        var schema = new Schema(columns.Select(FieldOf), null);
        // Dictionary pages for the columns the lake's writer gives them to, plain pages for the rest, as there.
        using var builder = new WriterPropertiesBuilder().Compression(Compression.Snappy).DisableDictionary().CreatedBy("profileunifier")
            .MaxRowGroupLength(options.RowGroupSize);
        foreach (var column in columns.Where(c => c.DictionaryPages))
        {
            builder.EnableDictionary(column.Name);
        }

        using var properties = builder.Build();
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
        TimestampColumn => new(c.Name, UtcMicros, c.IsNullable),
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
                return new Int32Array(new ArrowBuffer.Builder<int>(count).Append(i.Values(offset, count)).Build(), ArrowBuffer.Empty, count, 0, 0);
            case Int64Column l:
                return new Int64Array(new ArrowBuffer.Builder<long>(count).Append(l.Values(offset, count)).Build(), ArrowBuffer.Empty, count, 0, 0);
            case DoubleColumn d:
                return new DoubleArray(new ArrowBuffer.Builder<double>(count).Append(d.Values(offset, count)).Build(), ArrowBuffer.Empty, count, 0, 0);
            case NullableInt32Column ni:
            {
                var (values, validity, nulls) = Nullable(ni.Values(offset, count), v => v);
                return new Int32Array(values, validity, count, nulls, 0);
            }

            case NullableInt64Column nl:
            {
                var (values, validity, nulls) = Nullable(nl.Values(offset, count), v => v);
                return new Int64Array(values, validity, count, nulls, 0);
            }

            case NullableDoubleColumn nd:
            {
                var (values, validity, nulls) = Nullable(nd.Values(offset, count), v => v);
                return new DoubleArray(values, validity, count, nulls, 0);
            }

            case BooleanColumn b:
            {
                var bits = new ArrowBuffer.BitmapBuilder(count);
                foreach (var value in b.Values(offset, count))
                {
                    bits.Append(value);
                }

                return new BooleanArray(bits.Build(), ArrowBuffer.Empty, count, 0, 0);
            }

            case DateColumn date:
            {
                var (values, validity, nulls) = Nullable(date.Values(offset, count), v => v.DayNumber - UnixEpochDay);
                return new Date32Array(values, validity, count, nulls, 0);
            }

            case TimestampColumn t:
            {
                var (values, validity, nulls) = Nullable(t.Values(offset, count), v => (v.Ticks - DateTime.UnixEpoch.Ticks) / 10);
                return new TimestampArray(UtcMicros, values, validity, count, nulls, 0);
            }

            case StringListColumn list:
            {
                var items = new List<string?>();
                var offsets = new ArrowBuffer.Builder<int>(count + 1).Resize(count + 1);
                for (var r = 0; r < count; r++)
                {
                    offsets.Span[r] = items.Count;
                    items.AddRange(list[offset + r]);
                }

                offsets.Span[count] = items.Count;
                return new ListArray(StringList, count, offsets.Build(), Strings(CollectionsMarshal.AsSpan(items)), ArrowBuffer.Empty);
            }

            default:
                throw new NotSupportedException(c.GetType().Name);
        }
    }

    private static (ArrowBuffer Values, ArrowBuffer Validity, int Nulls) Nullable<T, TOut>(ReadOnlySpan<T?> values, Func<T, TOut> convert)
        where T : struct
        where TOut : struct
    {
        var builder = new ArrowBuffer.Builder<TOut>(values.Length).Resize(values.Length);
        var output = builder.Span;
        var validity = new ArrowBuffer.BitmapBuilder(values.Length);
        var nulls = 0;
        for (var i = 0; i < values.Length; i++)
        {
            validity.Append(values[i].HasValue);
            output[i] = values[i] is { } value ? convert(value) : default;
            nulls += values[i].HasValue ? 0 : 1;
        }

        return (builder.Build(), nulls == 0 ? ArrowBuffer.Empty : validity.Build(), nulls);
    }

    private static StringArray Strings(ReadOnlySpan<string?> values)
    {
        var bytes = 0;
        foreach (var value in values)
        {
            bytes += value is null ? 0 : Encoding.UTF8.GetByteCount(value);
        }

        var strings = values.ToArray();
        return Strings(strings.Length, bytes, (i, into) => strings[i] is { } value ? Encoding.UTF8.GetBytes(value, into) : -1);
    }

    /// <summary>A column held as UTF-8 goes over as its bytes, as Arrow holds strings.</summary>
    private static StringArray Strings(Utf8StringColumn column, int offset, int count)
    {
        var bytes = 0;
        for (var r = offset; r < offset + count; r++)
        {
            bytes += column.Utf8(r).Length;
        }

        return Strings(count, bytes, (i, into) =>
        {
            var value = column.Utf8(offset + i);
            value.CopyTo(into);
            return column.IsNull(offset + i) ? -1 : value.Length;
        });
    }

    /// <summary>Writes value i's UTF-8 bytes into <c>into</c>; returns how many, or -1 for a null.</summary>
    private delegate int ValueWriter(int i, Span<byte> into);

    private static StringArray Strings(int count, int bytes, ValueWriter write)
    {
        var offsets = new ArrowBuffer.Builder<int>(count + 1).Resize(count + 1);
        var data = new ArrowBuffer.Builder<byte>(bytes).Resize(bytes);
        var validity = new ArrowBuffer.BitmapBuilder(count);
        int at = 0, nulls = 0;
        for (var i = 0; i < count; i++)
        {
            offsets.Span[i] = at;
            var written = write(i, data.Span[at..]);
            validity.Append(written >= 0);
            if (written >= 0)
            {
                at += written;
            }
            else
            {
                nulls++;
            }
        }

        offsets.Span[count] = at;
        return new StringArray(count, offsets.Build(), data.Build(), nulls == 0 ? ArrowBuffer.Empty : validity.Build(), nulls);
    }
}

using System.Buffers;
using ParquetSharp;
using ParquetSharp.Schema;
using Encoding = System.Text.Encoding;

namespace ProfileUnifier.Lake.Parquet;

/// <summary>
/// The ways a column's rows go to ParquetSharp's column writers (Arrow's C++ Parquet writer): numbers as spans of the
/// column's own array, optional values as definition levels and the values present, text as pointers to UTF-8 bytes.
/// A value is copied only where the column holds it in another form (a <see cref="DateTime"/>, a .NET string).
/// </summary>
internal static class ColumnWrites
{
    private static readonly long UnixEpochMilliseconds = DateTime.UnixEpoch.Ticks / TimeSpan.TicksPerMillisecond;
    private static readonly int UnixEpochDay = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    /// <summary>A leaf of the file's schema (the caller disposes it).</summary>
    public static Node Leaf(string name, bool optional, PhysicalType type, Func<LogicalType>? logical = null)
    {
        using var logicalType = logical?.Invoke() ?? LogicalType.None();
        return new PrimitiveNode(name, optional ? Repetition.Optional : Repetition.Required, logicalType, type);
    }

    /// <summary>The physical type of a column of <typeparamref name="T"/>.</summary>
    public static PhysicalType TypeOf<T>() =>
        typeof(T) == typeof(int) ? PhysicalType.Int32
        : typeof(T) == typeof(long) ? PhysicalType.Int64
        : typeof(T) == typeof(double) ? PhysicalType.Double
        : typeof(T) == typeof(bool) ? PhysicalType.Boolean
        : throw new NotSupportedException($"no Parquet type for {typeof(T)}");

    /// <summary>What the file stores for a TIMESTAMP(MILLIS) value: whole milliseconds since the Unix epoch.</summary>
    public static long UnixMilliseconds(DateTime at) => (at.Ticks / TimeSpan.TicksPerMillisecond) - UnixEpochMilliseconds;

    /// <summary>What the file stores for a DATE value.</summary>
    public static int UnixDays(DateOnly date) => date.DayNumber - UnixEpochDay;

    /// <summary>Values of a column that has no nulls, as they are held.</summary>
    public static void Required<T>(ColumnWriter writer, ReadOnlySpan<T> values)
        where T : unmanaged => ((ColumnWriter<T>)writer).WriteBatch(values);

    /// <summary>
    /// Values that may be null, stored as <paramref name="stored"/> makes them; with <paramref name="optional"/> false
    /// (a required column held as nullable values) every value must be set.
    /// </summary>
    public static void Optional<T, TStored>(ColumnWriter writer, ReadOnlySpan<T?> values, Func<T, TStored> stored, bool optional = true)
        where T : struct
        where TStored : unmanaged
    {
        var levels = ArrayPool<short>.Shared.Rent(Math.Max(1, values.Length));
        var present = ArrayPool<TStored>.Shared.Rent(Math.Max(1, values.Length));
        try
        {
            var n = 0;
            for (var i = 0; i < values.Length; i++)
            {
                if (values[i] is { } value)
                {
                    levels[i] = 1;
                    present[n++] = stored(value);
                }
                else
                {
                    levels[i] = 0;
                }
            }

            Leaves(writer, optional, levels.AsSpan(0, values.Length), present.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<short>.Shared.Return(levels);
            ArrayPool<TStored>.Shared.Return(present);
        }
    }

    /// <summary>
    /// The values present of a column without repetition and a level per row (1: present, 0: null), written as an
    /// optional column, or as a required one (no levels) once no row is found null.
    /// </summary>
    public static void Leaves<T>(ColumnWriter writer, bool optional, ReadOnlySpan<short> levels, ReadOnlySpan<T> present)
        where T : unmanaged
    {
        RequireAll(writer, optional, levels.Length, present.Length);
        ((ColumnWriter<T>)writer).WriteBatch(levels.Length, optional ? levels : default, default, present);
    }

    private static void RequireAll(ColumnWriter writer, bool optional, int rows, int present)
    {
        if (!optional && present != rows)
        {
            throw new InvalidOperationException($"column {writer.ColumnDescriptor.Name} is required but {rows - present} of its values are null");
        }
    }

    /// <summary>Text held as .NET strings: encoded to UTF-8 once, into one buffer, and handed over as pointers into it.</summary>
    public static void Text(ColumnWriter writer, ReadOnlySpan<string?> values, bool optional)
    {
        var levels = ArrayPool<short>.Shared.Rent(Math.Max(1, values.Length));
        try
        {
            var present = 0;
            for (var i = 0; i < values.Length; i++)
            {
                levels[i] = values[i] is null ? (short)0 : (short)1;
                present += levels[i];
            }

            RequireAll(writer, optional, values.Length, present);
            Text(writer, values, optional ? levels.AsSpan(0, values.Length) : default, default);
        }
        finally
        {
            ArrayPool<short>.Shared.Return(levels);
        }
    }

    /// <summary>
    /// Text with its levels given (none for a required column): the values in order, nulls skipped; the levels say which
    /// rows (or list entries) they fill, and their count is the number of levels, or of values without levels.
    /// </summary>
    public static unsafe void Text(ColumnWriter writer, ReadOnlySpan<string?> values, ReadOnlySpan<short> definition, ReadOnlySpan<short> repetition)
    {
        var total = 0;
        foreach (var value in values)
        {
            total += value is null ? 0 : Encoding.UTF8.GetByteCount(value);
        }

        var bytes = ArrayPool<byte>.Shared.Rent(Math.Max(1, total));
        var present = ArrayPool<ByteArray>.Shared.Rent(Math.Max(1, values.Length));
        try
        {
            fixed (byte* start = bytes)
            {
                int n = 0, at = 0;
                foreach (var value in values)
                {
                    if (value is null)
                    {
                        continue;
                    }

                    var length = Encoding.UTF8.GetBytes(value, bytes.AsSpan(at));
                    present[n++] = new ByteArray((nint)(start + at), length);
                    at += length;
                }

                var levels = definition.IsEmpty ? values.Length : definition.Length;
                ((ColumnWriter<ByteArray>)writer).WriteBatch(levels, definition, repetition, present.AsSpan(0, n));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<ByteArray>.Shared.Return(present);
        }
    }
}

using System.Buffers;
using Parquet;
using Parquet.Schema;

namespace ProfileUnifier.Lake.Parquet;

/// <summary>
/// A field of a column's storage type (INT64 for a timestamp, INT32 for a date), of the same name and nullability, to
/// hand Parquet.Net the numbers the file stores. Parquet.Net 6.1 encodes <see cref="DateTime"/> and <see cref="DateOnly"/>
/// values one by one, each through an array of its own (<c>BitConverter.GetBytes</c>) and a stream write of its own;
/// numbers go in one block copy. It finds the column's place in the file by name and encodes with the file's own schema
/// element (TIMESTAMP(MILLIS), DATE), so pages, statistics and schema are byte for byte those of the date path
/// (<c>StorageFieldTests</c> compares the two). Except where every value is null: Parquet.Net gives numbers of which
/// there are none a minimum and maximum of 0 (a date path gives none), so such rows take the date path, at no cost.
/// </summary>
internal static class StorageField
{
    private static readonly long UnixEpochMilliseconds = DateTime.UnixEpoch.Ticks / TimeSpan.TicksPerMillisecond;
    private static readonly int UnixEpochDay = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    public static DataField Of<T>(string name, bool nullable)
        where T : struct
    {
        var field = new DataField(name, typeof(T), nullable);
        // Parquet.Net writes only fields attached to a schema (their definition levels come from it).
        _ = new ParquetSchema(field);
        return field;
    }

    /// <summary>Writes <paramref name="values"/> as the numbers <paramref name="stored"/> makes of them, through <paramref name="storage"/>.</summary>
    public static async Task WriteAsync<TValue, TStored>(ParquetRowGroupWriter rowGroup, DataField storage, ReadOnlyMemory<TValue?> values,
        Func<TValue, TStored> stored, CancellationToken ct)
        where TValue : struct
        where TStored : struct
    {
        // Pooled: a row group's worth of numbers for every column of every file. (A required column takes them as
        // optional ones with none missing: Parquet.Net writes no levels for it either way.)
        var numbers = ArrayPool<TStored?>.Shared.Rent(Math.Max(1, values.Length));
        try
        {
            var span = values.Span;
            for (var i = 0; i < span.Length; i++)
            {
                numbers[i] = span[i] is { } value ? stored(value) : null;
            }

            await rowGroup.WriteAsync(storage, new ReadOnlyMemory<TStored?>(numbers, 0, values.Length), null, null, ct);
        }
        finally
        {
            ArrayPool<TStored?>.Shared.Return(numbers);
        }
    }

    /// <summary>Whether no value is set (see the remarks above).</summary>
    public static bool AllNull<T>(ReadOnlySpan<T?> values)
        where T : struct
    {
        foreach (var value in values)
        {
            if (value.HasValue)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>What Parquet.Net stores for a TIMESTAMP(MILLIS) value (its own rounding: whole milliseconds since year 1).</summary>
    public static long UnixMilliseconds(DateTime at) => at.Ticks / TimeSpan.TicksPerMillisecond - UnixEpochMilliseconds;

    /// <summary>What Parquet.Net stores for a DATE value.</summary>
    public static int UnixDays(DateOnly date) => date.DayNumber - UnixEpochDay;
}

using System.Text.Json.Nodes;
using Parquet;
using Parquet.Schema;
using ParquetSharp;
using ParquetSharp.Schema;

namespace ProfileUnifier.Lake.Parquet;

/// <summary>
/// One column of a table being built in memory: written to Parquet a row group at a time (by ParquetSharp, Arrow's C++
/// writer), described to Delta (its type in the table schema, its statistics per file), hashed (to tell which snapshot
/// buckets changed) and read back from a file (by Parquet.Net: compaction, replay).
/// </summary>
public abstract class ColumnBuffer(DataField field)
{
    public DataField Field { get; } = field;

    /// <summary>The column as Parquet.Net reads it (a list column wraps its element field).</summary>
    public virtual Field SchemaField => Field;

    public string Name => SchemaField.Name;

    /// <summary>
    /// Written as a dictionary page and indexes (until a column chunk's dictionary reaches
    /// <see cref="ParquetTableWriter.DictionaryPageLimit"/>, then plain pages): for text of few values (an event's type,
    /// an account's name), text that repeats within a chunk (a signature id, a cookie, a URL: 25-45 % of a web
    /// chunk's values distinct), and values few in a file (a commit's number and time, a date). A 1M-row touchpoints file
    /// took 78.5 MiB (133 MiB with no column marked, when Parquet.Net was the writer); a column of mostly distinct values
    /// (an event id, the properties JSON of a CRM or call event) would pay a hash of every value for nothing.
    /// </summary>
    public bool DictionaryPages { get; init; }

    /// <summary>
    /// Written as DELTA_BYTE_ARRAY pages (each value as the length of the prefix it shares with the one before and the rest):
    /// for text whose neighbours share a long prefix (a touchpoint's source position, the input's name then a line
    /// number), which plain pages wrote whole and the compressor then had to find again.
    /// </summary>
    public bool SharedPrefixPages { get; init; }

    /// <summary>The column's type in a Delta schema (PROTOCOL.md, "Schema Serialization Format").</summary>
    public abstract JsonNode DeltaType { get; }

    public bool IsNullable => Field.IsNullable;

    public abstract int Count { get; }

    /// <summary>The column's node in a file's schema (the caller disposes it).</summary>
    public abstract Node CreateNode();

    /// <summary>Writes rows <paramref name="offset"/>.. through <paramref name="writer"/>, this column's writer in a row group.</summary>
    public abstract void Write(ColumnWriter writer, int offset, int count);

    /// <summary>Appends the column's values of a row group read from a file with the same schema.</summary>
    public abstract Task AppendAsync(ParquetRowGroupReader rowGroup, Field fileField, int rows, CancellationToken ct);

    /// <summary>Appends rows for a file written before this column existed: nulls (empty lists).</summary>
    public abstract void AppendMissing(int rows);

    /// <summary>Null count, smallest and largest value of rows <paramref name="offset"/>.. (null: no min/max for this type).</summary>
    public abstract ColumnStats Statistics(int offset, int count);

    /// <summary>How many of rows <paramref name="offset"/>.. are null (the statistics of a column whose bounds stay out of the log).</summary>
    public virtual long NullCount(int offset, int count) => Statistics(offset, count).Nulls;

    /// <summary>Feeds the values of the rows to <paramref name="hash"/> (with nulls and lengths, so rows cannot run together).</summary>
    public abstract void AppendHash(ContentHasher hash, int offset, int count);

    public abstract void Clear();

    /// <summary>Makes room for <paramref name="rows"/> more rows, where the number is known before they are added.</summary>
    public virtual void Reserve(int rows)
    {
    }

    /// <summary>Empties the column and gives back what it holds in pools (a column no longer used); by default, <see cref="Clear"/>.</summary>
    public virtual void Release() => Clear();

    /// <summary>Reorders the rows: row i becomes the old row <c>order[i]</c>; rows <paramref name="order"/> does not name are dropped.</summary>
    public abstract void Permute(int[] order);
}

/// <summary>A column's statistics over some rows: how many nulls, and the bounds when the type has them.</summary>
public readonly record struct ColumnStats(long Nulls, object? Min, object? Max)
{
    /// <summary>The statistics of both sets of rows together (a file written in parts).</summary>
    public ColumnStats Merge(ColumnStats other) => new(Nulls + other.Nulls,
        Min is null ? other.Min : other.Min is null || Compare(Min, other.Min) <= 0 ? Min : other.Min,
        Max is null ? other.Max : other.Max is null || Compare(Max, other.Max) >= 0 ? Max : other.Max);

    // Strings in ordinal order, as the columns compare them; every other bound is of one comparable type per column.
    private static int Compare(object a, object b) =>
        a is string s ? string.CompareOrdinal(s, (string)b) : ((IComparable)a).CompareTo(b);
}

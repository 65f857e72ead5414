using Parquet;
using Parquet.Schema;

namespace ProfileUnifier.Lake.Parquet;

/// <summary>One column of a table being built in memory; written to Parquet a row group at a time.</summary>
public abstract class ColumnBuffer(DataField field)
{
    public DataField Field { get; } = field;

    /// <summary>What goes into the file's schema (a list column wraps its element field).</summary>
    public virtual Field SchemaField => Field;

    public abstract int Count { get; }

    public abstract Task WriteAsync(ParquetRowGroupWriter rowGroup, int offset, int count, CancellationToken ct);

    public abstract void Clear();

    /// <summary>Reorders the rows: row i becomes the old row <c>order[i]</c>.</summary>
    public abstract void Permute(int[] order);
}

/// <summary>A column of values in a growable array.</summary>
public abstract class ArrayColumn<T>(DataField field) : ColumnBuffer(field)
{
    // Small at first: a backfill commit can hold thousands of partitions with a few rows each.
    protected T[] Items { get; private set; } = new T[16];

    public override int Count => Length;

    protected int Length { get; private set; }

    public T this[int row] => Items[row];

    public void Add(T value)
    {
        if (Length == Items.Length)
        {
            var grown = new T[Items.Length * 2];
            Array.Copy(Items, grown, Length);
            Items = grown;
        }

        Items[Length++] = value;
    }

    public override void Clear()
    {
        Array.Clear(Items, 0, Length);
        Length = 0;
    }

    public override void Permute(int[] order)
    {
        var reordered = new T[Items.Length];
        for (var i = 0; i < order.Length; i++)
        {
            reordered[i] = Items[order[i]];
        }

        Items = reordered;
    }
}

public sealed class StringColumn(string name, bool nullable = true) : ArrayColumn<string?>(new DataField<string>(name, nullable))
{
    public override Task WriteAsync(ParquetRowGroupWriter rowGroup, int offset, int count, CancellationToken ct) =>
        rowGroup.WriteAsync(Field, new ArraySegment<string?>(Items, offset, count));
}

public sealed class Int32Column(string name) : ArrayColumn<int>(new DataField<int>(name))
{
    public override Task WriteAsync(ParquetRowGroupWriter rowGroup, int offset, int count, CancellationToken ct) =>
        rowGroup.WriteAsync(Field, new ReadOnlyMemory<int>(Items, offset, count), null, null, ct);
}

public sealed class Int64Column(string name) : ArrayColumn<long>(new DataField<long>(name))
{
    public override Task WriteAsync(ParquetRowGroupWriter rowGroup, int offset, int count, CancellationToken ct) =>
        rowGroup.WriteAsync(Field, new ReadOnlyMemory<long>(Items, offset, count), null, null, ct);
}

public sealed class BooleanColumn(string name) : ArrayColumn<bool>(new DataField<bool>(name))
{
    public override Task WriteAsync(ParquetRowGroupWriter rowGroup, int offset, int count, CancellationToken ct) =>
        rowGroup.WriteAsync(Field, new ReadOnlyMemory<bool>(Items, offset, count), null, null, ct);
}

public sealed class NullableInt32Column(string name) : ArrayColumn<int?>(new DataField<int?>(name))
{
    public override Task WriteAsync(ParquetRowGroupWriter rowGroup, int offset, int count, CancellationToken ct) =>
        rowGroup.WriteAsync(Field, new ReadOnlyMemory<int?>(Items, offset, count), null, null, ct);
}

public sealed class NullableInt64Column(string name) : ArrayColumn<long?>(new DataField<long?>(name))
{
    public override Task WriteAsync(ParquetRowGroupWriter rowGroup, int offset, int count, CancellationToken ct) =>
        rowGroup.WriteAsync(Field, new ReadOnlyMemory<long?>(Items, offset, count), null, null, ct);
}

public sealed class NullableDoubleColumn(string name) : ArrayColumn<double?>(new DataField<double?>(name))
{
    public override Task WriteAsync(ParquetRowGroupWriter rowGroup, int offset, int count, CancellationToken ct) =>
        rowGroup.WriteAsync(Field, new ReadOnlyMemory<double?>(Items, offset, count), null, null, ct);
}

public sealed class DoubleColumn(string name) : ArrayColumn<double>(new DataField<double>(name))
{
    public override Task WriteAsync(ParquetRowGroupWriter rowGroup, int offset, int count, CancellationToken ct) =>
        rowGroup.WriteAsync(Field, new ReadOnlyMemory<double>(Items, offset, count), null, null, ct);
}

public sealed class DateColumn(string name) : ArrayColumn<DateOnly?>(new DataField<DateOnly?>(name))
{
    public override Task WriteAsync(ParquetRowGroupWriter rowGroup, int offset, int count, CancellationToken ct) =>
        rowGroup.WriteAsync(Field, new ReadOnlyMemory<DateOnly?>(Items, offset, count), null, null, ct);
}

/// <summary>UTC instants, stored as TIMESTAMP(MICROS, adjusted to UTC): TIMESTAMPTZ in DuckDB.</summary>
public sealed class TimestampColumn(string name, bool nullable = false)
    : ArrayColumn<DateTime?>(new DateTimeDataField(name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: nullable))
{
    public override Task WriteAsync(ParquetRowGroupWriter rowGroup, int offset, int count, CancellationToken ct)
    {
        if (Field.IsNullable)
        {
            return rowGroup.WriteAsync(Field, new ReadOnlyMemory<DateTime?>(Items, offset, count), null, null, ct);
        }

        var values = new DateTime[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = Items[offset + i]!.Value;
        }

        return rowGroup.WriteAsync(Field, new ReadOnlyMemory<DateTime>(values), null, null, ct);
    }
}

/// <summary>A list of strings per row (VARCHAR[] in DuckDB); never null, possibly empty.</summary>
public sealed class StringListColumn : ColumnBuffer
{
    private readonly DataField _element;
    private readonly List<IReadOnlyList<string>> _rows = [];

    public StringListColumn(string name)
        : this(new DataField<string>("element"), name)
    {
    }

    private StringListColumn(DataField element, string name)
        : base(element)
    {
        _element = element;
        SchemaField = new ListField(name, element);
    }

    public override Field SchemaField { get; }

    public override int Count => _rows.Count;

    public void Add(IReadOnlyList<string> values) => _rows.Add(values);

    public override async Task WriteAsync(ParquetRowGroupWriter rowGroup, int offset, int count, CancellationToken ct)
    {
        var values = new List<ReadOnlyMemory<char>>();
        var definition = new List<int>();
        var repetition = new List<int>();
        for (var r = offset; r < offset + count; r++)
        {
            var row = _rows[r];
            if (row.Count == 0)
            {
                // Definition level 1: the list is there and empty.
                definition.Add(1);
                repetition.Add(0);
                continue;
            }

            for (var i = 0; i < row.Count; i++)
            {
                values.Add(row[i].AsMemory());
                definition.Add(3);
                repetition.Add(i == 0 ? 0 : 1);
            }
        }

        await rowGroup.WriteAllPartsAsync<ReadOnlyMemory<char>>(_element, values.ToArray(), definition.ToArray(), repetition.ToArray(), ct);
    }

    public override void Clear() => _rows.Clear();

    public override void Permute(int[] order)
    {
        var reordered = order.Select(i => _rows[i]).ToList();
        _rows.Clear();
        _rows.AddRange(reordered);
    }
}

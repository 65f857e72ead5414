using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Parquet;
using Parquet.Schema;

namespace ProfileUnifier.Lake.Parquet;

// The scalar column types the lake uses, each a binding of ArrayColumn<T> to a Parquet type and a Delta type.

public sealed class StringColumn(string name, bool nullable = true) : ArrayColumn<string?>(new DataField<string>(name, nullable))
{
    public override JsonNode DeltaType => "string";

    public override Task WriteAsync(ParquetRowGroupWriter rowGroup, int offset, int count, CancellationToken ct) =>
        rowGroup.WriteAsync(Field, new ArraySegment<string?>(Items, offset, count));

    public override async Task AppendAsync(ParquetRowGroupReader rowGroup, Field fileField, int rows, CancellationToken ct)
    {
        var values = new string?[rows];
        await rowGroup.ReadAsync((DataField)fileField, values, cancellationToken: ct);
        AddRange(values);
    }

    protected override int Compare(string? a, string? b) => string.CompareOrdinal(a, b);

    protected override void HashValue(XxHash128 hash, string? value)
    {
        HashBytes(hash, value!.Length);
        hash.Append(MemoryMarshal.AsBytes(value.AsSpan()));
    }
}

public sealed class Int32Column(string name) : ValueColumn<int>(name, "integer");

public sealed class Int64Column(string name) : ValueColumn<long>(name, "long");

public sealed class BooleanColumn(string name) : ValueColumn<bool>(name, "boolean");

public sealed class DoubleColumn(string name) : ValueColumn<double>(name, "double")
{
    protected override bool HasBounds(double value) => double.IsFinite(value);
}

public sealed class NullableInt32Column(string name) : NullableValueColumn<int>(name, "integer");

public sealed class NullableInt64Column(string name) : NullableValueColumn<long>(name, "long");

public sealed class NullableDoubleColumn(string name) : NullableValueColumn<double>(name, "double")
{
    protected override bool HasBounds(double? value) => double.IsFinite(value!.Value);
}

/// <summary>Days, as Parquet DATE (DuckDB DATE, Delta date).</summary>
public sealed class DateColumn(string name) : NullableValueColumn<DateOnly>(name, "date")
{
    private readonly DataField _storage = StorageField.Of<int>(name, nullable: true);

    public override Task WriteAsync(ParquetRowGroupWriter rowGroup, int offset, int count, CancellationToken ct) =>
        StorageField.AllNull(Items.AsSpan(offset, count))
            ? base.WriteAsync(rowGroup, offset, count, ct)
            : StorageField.WriteAsync<DateOnly, int>(rowGroup, _storage, Items.AsMemory(offset, count), StorageField.UnixDays, ct);
}

/// <summary>
/// UTC instants, stored as TIMESTAMP(MILLIS, adjusted to UTC): TIMESTAMPTZ in DuckDB, timestamp in Delta. Not MICROS:
/// Parquet.Net 6.1 writes the row-group statistics of an INT64 timestamp in milliseconds whatever the unit, so with
/// MICROS every reader that prunes row groups by them (DuckDB, Spark) skipped rows a filter on the column should keep.
/// Intake keeps instants to the millisecond for the same reason (Rfc3339).
/// </summary>
public sealed class TimestampColumn(string name, bool nullable = false)
    : ArrayColumn<DateTime?>(new DateTimeDataField(name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Millis, isNullable: nullable))
{
    private readonly DataField _storage = StorageField.Of<long>(name, nullable);

    public override JsonNode DeltaType => "timestamp";

    public override Task WriteAsync(ParquetRowGroupWriter rowGroup, int offset, int count, CancellationToken ct) =>
        Field.IsNullable && StorageField.AllNull(Items.AsSpan(offset, count))
            ? rowGroup.WriteAsync(Field, new ReadOnlyMemory<DateTime?>(Items, offset, count), null, null, ct)
            : StorageField.WriteAsync<DateTime, long>(rowGroup, _storage, Items.AsMemory(offset, count), StorageField.UnixMilliseconds, ct);

    public override async Task AppendAsync(ParquetRowGroupReader rowGroup, Field fileField, int rows, CancellationToken ct)
    {
        var values = new DateTime?[rows];
        var field = (DataField)fileField;
        if (field.IsNullable)
        {
            await rowGroup.ReadAsync<DateTime>(field, values, cancellationToken: ct);
        }
        else
        {
            var plain = new DateTime[rows];
            await rowGroup.ReadAsync<DateTime>(field, plain, cancellationToken: ct);
            for (var i = 0; i < rows; i++)
            {
                values[i] = plain[i];
            }
        }

        for (var i = 0; i < rows; i++)
        {
            if (values[i] is { } v)
            {
                values[i] = DateTime.SpecifyKind(v, DateTimeKind.Utc);
            }
        }

        AddRange(values);
    }

    protected override void HashValue(XxHash128 hash, DateTime? value) => HashBytes(hash, value!.Value.Ticks);
}

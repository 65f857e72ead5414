using System.Text.Json.Nodes;
using Parquet;
using Parquet.Schema;
using ParquetSharp;
using ParquetSharp.Schema;

namespace ProfileUnifier.Lake.Parquet;

// The scalar column types the lake uses, each a binding of ArrayColumn<T> to a Parquet type and a Delta type.

public sealed class StringColumn(string name, bool nullable = true) : ArrayColumn<string?>(new DataField<string>(name, nullable))
{
    public override JsonNode DeltaType => "string";

    public override Node CreateNode() => ColumnWrites.Leaf(Name, IsNullable, PhysicalType.ByteArray, LogicalType.String);

    public override void Write(ColumnWriter writer, int offset, int count) => ColumnWrites.Text(writer, Values(offset, count), IsNullable);

    public override async Task AppendAsync(ParquetRowGroupReader rowGroup, Field fileField, int rows, CancellationToken ct)
    {
        var values = new string?[rows];
        await rowGroup.ReadAsync((DataField)fileField, values, cancellationToken: ct);
        AddRange(values);
    }

    protected override int Compare(string? a, string? b) => string.CompareOrdinal(a, b);

    protected override void HashValue(ContentHasher hash, string? value) => hash.AppendText(value);
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
    public override Node CreateNode() => ColumnWrites.Leaf(Name, optional: true, PhysicalType.Int32, LogicalType.Date);

    public override void Write(ColumnWriter writer, int offset, int count) => ColumnWrites.Optional(writer, Values(offset, count), ColumnWrites.UnixDays);
}

/// <summary>
/// UTC instants, stored as TIMESTAMP(MILLIS, adjusted to UTC): TIMESTAMPTZ in DuckDB, timestamp in Delta. MILLIS since
/// the first lake: Parquet.Net 6.1, its writer until 2026-12, wrote the row-group statistics of a MICROS column in
/// milliseconds, which made readers that prune by them skip rows. Intake keeps instants to the millisecond (Rfc3339).
/// </summary>
public sealed class TimestampColumn(string name, bool nullable = false)
    : ArrayColumn<DateTime?>(new DateTimeDataField(name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Millis, isNullable: nullable))
{
    public override JsonNode DeltaType => "timestamp";

    public override Node CreateNode() =>
        ColumnWrites.Leaf(Name, IsNullable, PhysicalType.Int64, static () => LogicalType.Timestamp(isAdjustedToUtc: true, ParquetSharp.TimeUnit.Millis));

    public override void Write(ColumnWriter writer, int offset, int count) =>
        ColumnWrites.Optional(writer, Values(offset, count), ColumnWrites.UnixMilliseconds, IsNullable);

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

    protected override void HashValue(ContentHasher hash, DateTime? value) => hash.Append(value!.Value.Ticks);
}

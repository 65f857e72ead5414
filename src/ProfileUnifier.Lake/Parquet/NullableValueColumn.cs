using System.IO.Hashing;
using System.Text.Json.Nodes;
using Parquet;
using Parquet.Schema;

namespace ProfileUnifier.Lake.Parquet;

/// <summary>An optional column of a value type Parquet.Net writes as it is (INT32, INT64, DOUBLE, DATE).</summary>
public abstract class NullableValueColumn<T>(string name, string deltaType) : ArrayColumn<T?>(new DataField<T?>(name))
    where T : unmanaged
{
    public override JsonNode DeltaType => deltaType;

    public override Task WriteAsync(ParquetRowGroupWriter rowGroup, int offset, int count, CancellationToken ct) =>
        rowGroup.WriteAsync(Field, new ReadOnlyMemory<T?>(Items, offset, count), null, null, ct);

    public override async Task AppendAsync(ParquetRowGroupReader rowGroup, Field fileField, int rows, CancellationToken ct)
    {
        var values = new T?[rows];
        await rowGroup.ReadAsync<T>((DataField)fileField, values, cancellationToken: ct);
        AddRange(values);
    }

    // Statistics and hashes skip nulls: a value here is never null.
    protected override void HashValue(XxHash128 hash, T? value) => HashBytes(hash, value!.Value);
}

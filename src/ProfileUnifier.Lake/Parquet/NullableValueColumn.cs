using System.Text.Json.Nodes;
using Parquet;
using Parquet.Schema;
using ParquetSharp;
using ParquetSharp.Schema;

namespace ProfileUnifier.Lake.Parquet;

/// <summary>An optional column of a value type the file stores as it is (INT32, INT64, DOUBLE).</summary>
public abstract class NullableValueColumn<T>(string name, string deltaType) : ArrayColumn<T?>(new DataField<T?>(name))
    where T : unmanaged
{
    public override JsonNode DeltaType => deltaType;

    public override Node CreateNode() => ColumnWrites.Leaf(Name, optional: true, ColumnWrites.TypeOf<T>());

    public override void Write(ColumnWriter writer, int offset, int count) => ColumnWrites.Optional(writer, Values(offset, count), static v => v);

    public override async Task AppendAsync(ParquetRowGroupReader rowGroup, Field fileField, int rows, CancellationToken ct)
    {
        var values = new T?[rows];
        await rowGroup.ReadAsync<T>((DataField)fileField, values, cancellationToken: ct);
        AddRange(values);
    }

    // Statistics and hashes skip nulls: a value here is never null.
    protected override void HashValue(ContentHasher hash, T? value) => hash.Append(value!.Value);
}

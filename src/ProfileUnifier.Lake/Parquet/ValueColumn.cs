using System.Text.Json.Nodes;
using Parquet;
using Parquet.Schema;
using ParquetSharp;
using ParquetSharp.Schema;

namespace ProfileUnifier.Lake.Parquet;

/// <summary>A required column of a value type the file stores as it is (INT32, INT64, BOOLEAN, DOUBLE).</summary>
public abstract class ValueColumn<T>(string name, string deltaType) : ArrayColumn<T>(new DataField<T>(name))
    where T : unmanaged
{
    public override JsonNode DeltaType => deltaType;

    public override Node CreateNode() => ColumnWrites.Leaf(Name, optional: false, ColumnWrites.TypeOf<T>());

    public override void Write(ColumnWriter writer, int offset, int count) => ColumnWrites.Required(writer, Values(offset, count));

    public override async Task AppendAsync(ParquetRowGroupReader rowGroup, Field fileField, int rows, CancellationToken ct)
    {
        var values = new T[rows];
        await rowGroup.ReadAsync<T>((DataField)fileField, values, cancellationToken: ct);
        AddRange(values);
    }

    protected override void HashValue(ContentHasher hash, T value) => hash.Append(value);
}

using Apache.Arrow;
using Apache.Arrow.Types;

namespace ProfileUnifier.Lake.Delta;

/// <summary>
/// Reads the fields of a struct column by name, as another writer may have laid it out: a field it lacks reads as
/// null, fields it adds are ignored, an integer may be 32 or 64 bits.
/// </summary>
internal readonly struct ArrowStructView
{
    private readonly StructArray? _array;

    // The fields by name, found once a batch rather than once a row and field.
    private readonly Dictionary<string, IArrowArray>? _fields;

    public ArrowStructView(StructArray? array)
    {
        _array = array;
        if (array is not null)
        {
            var type = (StructType)array.Data.DataType;
            _fields = new Dictionary<string, IArrowArray>(type.Fields.Count, StringComparer.Ordinal);
            for (var i = 0; i < type.Fields.Count; i++)
            {
                _fields.TryAdd(type.Fields[i].Name, array.Fields[i]);
            }
        }
    }

    /// <summary>The struct column <paramref name="name"/> of <paramref name="batch"/>, or an absent one.</summary>
    public static ArrowStructView Column(RecordBatch batch, string name)
    {
        var fields = batch.Schema.FieldsList;
        for (var i = 0; i < fields.Count; i++)
        {
            if (fields[i].Name == name)
            {
                return new(batch.Column(i) as StructArray);
            }
        }

        return new(null);
    }

    public bool IsValid(int row) => _array is not null && _array.IsValid(row);

    public ArrowStructView Struct(string name) => new(Field(name) as StructArray);

    public string? String(string name, int row) => Field(name) is StringArray strings ? strings.GetString(row) : null;

    public long? Int64(string name, int row) => Field(name) switch
    {
        Int64Array longs => longs.GetValue(row),
        Int32Array ints => ints.GetValue(row),
        _ => null,
    };

    public int? Int32(string name, int row) => Field(name) switch
    {
        Int32Array ints => ints.GetValue(row),
        Int64Array longs => longs.GetValue(row) is { } value ? checked((int)value) : null,
        _ => null,
    };

    public bool? Boolean(string name, int row) => Field(name) is BooleanArray booleans ? booleans.GetValue(row) : null;

    public Dictionary<string, string?>? Map(string name, int row)
    {
        if (Field(name) is not MapArray map || map.IsNull(row))
        {
            return null;
        }

        var (keys, values) = ((StringArray)map.Keys, (StringArray)map.Values);
        var (start, end) = (map.ValueOffsets[row], map.ValueOffsets[row + 1]);
        var entries = new Dictionary<string, string?>(end - start, StringComparer.Ordinal);
        for (var i = start; i < end; i++)
        {
            entries[keys.GetString(i)] = values.GetString(i);
        }

        return entries;
    }

    public List<string>? List(string name, int row)
    {
        if (Field(name) is not ListArray list || list.IsNull(row))
        {
            return null;
        }

        var items = (StringArray)list.Values;
        var (start, end) = (list.ValueOffsets[row], list.ValueOffsets[row + 1]);
        var result = new List<string>(end - start);
        for (var i = start; i < end; i++)
        {
            result.Add(items.GetString(i));
        }

        return result;
    }

    private IArrowArray? Field(string name) => _fields is not null && _fields.TryGetValue(name, out var field) ? field : null;
}
